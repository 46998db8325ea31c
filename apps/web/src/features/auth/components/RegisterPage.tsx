import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { RegisterBody } from '@kinship/domain/wire';
import { useFormFields } from '../../../shared/forms';
import { ApiError } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { Notice } from '../../../ui/Notice';
import { EmailField } from '../../../ui/EmailField';
import { TextField } from '../../../ui/TextField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { register } from '../api';
import { useReturnAfterAuth } from '../hooks/useReturnAfterAuth';
import { withNext } from '../next-path';
import { AuthLayout } from './AuthLayout';
import { PasswordField } from '../../../ui/PasswordField';
import { markAccountMadeHere } from '../new-account';

const LABELS = { displayName: 'Your name', email: 'Email', password: 'Password' };

export function RegisterPage() {
  useDocumentTitle('Create an account');
  const { next, invited, alreadySignedIn, enter } = useReturnAfterAuth();
  const [busy, setBusy] = useState(false);
  const [emailTaken, setEmailTaken] = useState(false);
  const form = useFormFields(LABELS);

  if (alreadySignedIn && !busy) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setEmailTaken(false);
    const body = form.check(RegisterBody, form.values);
    if (!body) return;
    setBusy(true);
    try {
      const account = await register(body);
      // The next page offers recovery codes, while the new login needs no password again to make them.
      markAccountMadeHere();
      enter(account);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setEmailTaken(true);
        form.clear();
      } else {
        form.fail(error);
      }
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title="Create your account"
      intro={
        invited ? (
          <p>Create an account to accept your invitation. You will come straight back to it.</p>
        ) : (
          <p>Counselors start here, then invite the two partners they work with.</p>
        )
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField {...form.field('displayName')} autoComplete="name" hint="This is how the others in your workspace will see you." required />
        <EmailField {...form.field('email')} />
        <PasswordField {...form.field('password')} purpose="new" required />
        {emailTaken && (
          <Notice tone="error" live>
            An account with this email already exists. <Link to={withNext('/login', next)}>Log in instead</Link>.
          </Notice>
        )}
        <ErrorNotice message={form.formError} />
        <Button type="submit" variant="primary" busy={busy} busyLabel="Creating your account…">
          Create account
        </Button>
      </form>
      <p className="auth-layout__switch">
        Already have an account? <Link to={withNext('/login', next)}>Log in</Link>
      </p>
    </AuthLayout>
  );
}
