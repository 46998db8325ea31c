import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SessionRecordView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { TextAreaField } from '../../../ui/TextAreaField';
import { formatDateTime } from '../../../ui/format';
import { LockIcon } from '../../../ui/icons';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { saveObservations, saveSessionSummary } from '../api';
import { liveSessionKeys, observationsQuery } from '../queries';
import './session-record.css';

/** The summary for the couple: the counselor writes it, partners read it. */
export function SummarySection({ record, editable }: { record: SessionRecordView; editable: boolean }) {
  return (
    <section className="record-section panel" aria-labelledby="record-summary">
      <h2 id="record-summary">Summary for the couple</h2>
      {editable ? (
        <SummaryForm record={record} />
      ) : record.summary ? (
        <p className="record-summary">{record.summary}</p>
      ) : (
        <p className="muted">Your counselor has not written a summary yet.</p>
      )}
    </section>
  );
}

function SummaryForm({ record }: { record: SessionRecordView }) {
  const queryClient = useQueryClient();
  const notes = useNotesText(record.summary ?? '');
  const save = useMutation({
    mutationFn: (summary: string) => saveSessionSummary(record.id, summary),
    onSuccess: async () => {
      notes.setSaved('Summary saved. Both partners can read it.');
      await queryClient.invalidateQueries({ queryKey: liveSessionKeys.record(record.id) });
    },
  });
  const text = notes.text.trim();
  return (
    <NotesForm
      notes={notes}
      onSave={() => text && save.mutate(text)}
      field={{ label: 'What you would like them to take away', hint: 'Both partners see this summary with the record.', rows: 5, maxLength: 10_000 }}
      save={save}
      button={{ label: 'Save the summary', variant: 'primary', disabled: !text }}
      lastSavedAt={record.summaryUpdatedAt}
    />
  );
}

/**
 * The counselor's private observations, apart from everything else and plainly marked. Only ever
 * rendered for the counselor: a partner's page never even asks for them.
 */
export function ObservationsPanel({ sessionId }: { sessionId: string }) {
  const { data, error, isPending } = useQuery(observationsQuery(sessionId));
  return (
    <section className="record-section panel observations" aria-labelledby="record-observations">
      <h2 id="record-observations" className="observations__title">
        <LockIcon /> Private observations
      </h2>
      <p className="observations__note">
        <strong>Only you can see this.</strong> Partners never receive these notes, not even that they exist.
      </p>
      {isPending && <Loading label="Loading your observations…" />}
      {error && <Notice tone="error">{errorMessage(error)}</Notice>}
      {data && <ObservationsForm key={sessionId} sessionId={sessionId} initial={data.text} updatedAt={data.updatedAt} />}
    </section>
  );
}

function ObservationsForm({ sessionId, initial, updatedAt }: { sessionId: string; initial: string; updatedAt: string | null }) {
  const queryClient = useQueryClient();
  const notes = useNotesText(initial);
  const save = useMutation({
    mutationFn: (value: string) => saveObservations(sessionId, value),
    onSuccess: (view) => {
      notes.setSaved('Saved, privately.');
      queryClient.setQueryData(liveSessionKeys.observations(sessionId), view);
    },
  });
  return (
    <NotesForm
      notes={notes}
      onSave={() => save.mutate(notes.text)}
      field={{ label: 'Your observations', rows: 6, maxLength: 20_000 }}
      save={save}
      button={{ label: 'Save privately' }}
      lastSavedAt={updatedAt}
    />
  );
}

/** Notes being written: the text, and what to say of its saving (forgotten at the next keystroke). */
function useNotesText(initial: string) {
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState('');
  const edit = (value: string) => {
    setText(value);
    setSaved('');
  };
  return { text, saved, setSaved, edit };
}

/** A record's notes being written: the text, what went wrong saving it, the save button and when it was last saved. */
function NotesForm({
  notes,
  onSave,
  field,
  save,
  button,
  lastSavedAt,
}: {
  notes: ReturnType<typeof useNotesText>;
  onSave: () => void;
  field: { label: string; hint?: string; rows: number; maxLength: number };
  save: { error: Error | null; isPending: boolean };
  button: { label: string; variant?: 'primary'; disabled?: boolean };
  lastSavedAt: string | null;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    notes.setSaved('');
    onSave();
  }
  return (
    <form className="form" onSubmit={submit}>
      <TextAreaField {...field} value={notes.text} onChange={(event) => notes.edit(event.target.value)} />
      {save.error && (
        <Notice tone="error" live>
          {errorMessage(save.error)}
        </Notice>
      )}
      <div className="form__actions">
        <Button type="submit" variant={button.variant} busy={save.isPending} busyLabel="Saving…" disabled={button.disabled}>
          {button.label}
        </Button>
        <p className="form__saved" role="status">
          {notes.saved || (lastSavedAt ? `Last saved ${formatDateTime(lastSavedAt)}` : '')}
        </p>
      </div>
    </form>
  );
}
