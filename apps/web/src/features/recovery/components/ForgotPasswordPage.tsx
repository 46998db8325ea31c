import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { RecoverWithCodeBody, type PasswordReset } from '@kinship/domain/wire';
import { useFormFields } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { EmailField } from '../../../ui/EmailField';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { Notice } from '../../../ui/Notice';
import { PasswordField } from '../../../ui/PasswordField';
import { TextField } from '../../../ui/TextField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { AuthLayout } from '../../auth/components/AuthLayout';
import { recoverWithCode } from '../api';
import { PasswordSet } from './PasswordSet';
import '../recovery.css';

const LABELS = { email: 'Email', code: 'Recovery code', newPassword: 'New password' };

/** /forgot-password: the email, one recovery code and a new password; or, without a code, ask the counselor. */
export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const form = useFormFields(LABELS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PasswordReset | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(RecoverWithCodeBody, form.values);
    if (!body) return;
    setBusy(true);
    try {
      setDone(await recoverWithCode(body));
    } catch (error) {
      form.fail(error);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <AuthLayout title="Your new password is set">
        <PasswordSet reset={done} how="The recovery code you used no longer works." />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Forgot your password?"
      intro={<p>Set a new one with one of your recovery codes. Every device signed in to your account will be signed out.</p>}
    >
      <form className="form" onSubmit={submit} noValidate>
        <EmailField {...form.field('email')} />
        <TextField {...form.field('code')} autoComplete="off" autoCapitalize="none" spellCheck={false} hint="Like abcd-efgh-2345-ijkl. Each code works once." required />
        <PasswordField {...form.field('newPassword')} purpose="new" required />
        <ErrorNotice message={form.formError} />
        <Button type="submit" variant="primary" busy={busy} busyLabel="Setting your password…">
          Set new password
        </Button>
      </form>
      <Notice tone="info" title="No recovery code?" className="recovery-aside">
        <p>Ask your counselor for a recovery link. It lets you set a new password without one; your counselor never sees it.</p>
      </Notice>
      <p className="auth-layout__switch">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
