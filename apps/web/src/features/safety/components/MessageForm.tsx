import { useState, type FormEvent } from 'react';
import { SAFETY_MESSAGE_MAX } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { TextAreaField } from '../../../ui/TextAreaField';

/** A message box that keeps what was typed until it is really sent. */
export function MessageForm({ label, hint, send, busy, error, submitLabel }: { label: string; hint?: string; send: (body: string) => Promise<unknown>; busy: boolean; error: unknown; submitLabel: string }) {
  const [body, setBody] = useState('');
  const [tooLong, setTooLong] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (body.trim().length === 0) return;
    if (body.length > SAFETY_MESSAGE_MAX) return setTooLong(true);
    try {
      await send(body);
      setBody('');
    } catch {
      // Kept in the box; the error shows below.
    }
  };
  return (
    <form className="safety__message-form" onSubmit={(e) => void submit(e)}>
      <TextAreaField
        label={label}
        hint={hint}
        rows={4}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          setTooLong(false);
        }}
        error={tooLong ? `Please keep it under ${SAFETY_MESSAGE_MAX} characters` : undefined}
      />
      <ErrorNotice message={error ? errorMessage(error) : null} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Sending…" disabled={body.trim().length === 0}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
