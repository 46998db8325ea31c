import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
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
import { Loading } from '../../../ui/Loading';
import { AuthLayout } from '../../auth/components/AuthLayout';
import { clientConfigQuery } from '../../account-data/queries';
import { recoverWithCode } from '../api';
import { PasswordSet } from './PasswordSet';
import { ResetByMailForm } from './ResetByMailForm';
import '../recovery.css';

const LABELS = { email: 'Email', code: 'Recovery code', newPassword: 'New password' };

/**
 * /forgot-password: a link by email when the practice has set up email; the email, one recovery
 * code and a new password; or, without a code, ask the counselor.
 */
export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const config = useQuery(clientConfigQuery());
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

  const codeForm = (
    <form className="form" onSubmit={submit} noValidate>
      <EmailField {...form.field('email')} />
      <TextField {...form.field('code')} autoComplete="off" autoCapitalize="none" spellCheck={false} hint="Like abcd-efgh-2345-ijkl. Each code works once." required />
      <PasswordField {...form.field('newPassword')} purpose="new" required />
      <ErrorNotice message={form.formError} />
      <Button type="submit" variant="primary" busy={busy} busyLabel="Setting your password…">
        Set new password
      </Button>
    </form>
  );
  const byMail = config.data?.mail === true;
  let body: ReactNode;
  if (config.isPending) body = <Loading label="One moment…" />;
  else if (byMail) {
    body = (
      <>
        <ResetByMailForm />
        <details className="recovery-aside recovery-instead">
          <summary>Use a recovery code instead</summary>
          {codeForm}
        </details>
      </>
    );
  } else body = codeForm;

  return (
    <AuthLayout
      title="Forgot your password?"
      intro={
        byMail ? (
          <p>We can email you a link to set a new one. Every device signed in to your account will be signed out.</p>
        ) : (
          <p>Set a new one with one of your recovery codes. Every device signed in to your account will be signed out.</p>
        )
      }
    >
      {body}
      <Notice tone="info" title={byMail ? 'No access to that email?' : 'No recovery code?'} className="recovery-aside">
        <p>Ask your counselor for a recovery link. It lets you set a new password without {byMail ? 'email or a code' : 'one'}; your counselor never sees it.</p>
      </Notice>
      <p className="auth-layout__switch">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
