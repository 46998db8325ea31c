import { useState, type FormEvent } from 'react';
import { RequestPasswordResetBody } from '@kinship/domain/wire';
import { useFormFields } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { EmailField } from '../../../ui/EmailField';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { Notice } from '../../../ui/Notice';
import { requestPasswordReset } from '../api';

const LABELS = { email: 'Email' };

/** "Email me a link" (when the practice has set up email): the same answer whether an account uses the address or not. */
export function ResetByMailForm() {
  const form = useFormFields(LABELS);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(RequestPasswordResetBody, form.values);
    if (!body) return;
    setBusy(true);
    try {
      setSent((await requestPasswordReset(body.email)).message);
    } catch (error) {
      form.fail(error);
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <Notice tone="success" title="Check your email" live>
        <p>{sent}</p>
      </Notice>
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <EmailField {...form.field('email')} hint="The address you sign in with. The link works once, for a short while." />
      <ErrorNotice message={form.formError} />
      <Button type="submit" variant="primary" busy={busy} busyLabel="Sending…">
        Email me a link
      </Button>
    </form>
  );
}
