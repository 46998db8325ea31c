import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { LoginBody, needsSecondFactor, type SecondFactorNeeded } from '@kinship/domain/wire';
import { useFormFields } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { EmailField } from '../../../ui/EmailField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { login } from '../api';
import { useAccountState } from '../hooks/useAccount';
import { Notice } from '../../../ui/Notice';
import { SecondFactorStep } from './SecondFactorStep';
import { useReturnAfterAuth } from '../hooks/useReturnAfterAuth';
import { withNext } from '../next-path';
import { AuthLayout } from './AuthLayout';
import { PasswordField } from '../../../ui/PasswordField';

const LABELS = { email: 'Email', password: 'Password' };

export function LoginPage() {
  useDocumentTitle('Log in');
  const { next, invited, alreadySignedIn, enter } = useReturnAfterAuth();
  const [busy, setBusy] = useState(false);
  const form = useFormFields(LABELS);
  const [pending, setPending] = useState<SecondFactorNeeded | null>(null);
  const [expired, setExpired] = useState<string | null>(null);
  const { state } = useAccountState();
  const reason = state.status === 'anonymous' ? state.reason : undefined;

  if (alreadySignedIn && !busy) return <Navigate to={next} replace />;

  if (pending) {
    return (
      <AuthLayout title="Two-step sign-in" intro={<p>Your password was right. One more step.</p>}>
        <SecondFactorStep
          pending={pending}
          onSignedIn={enter}
          onExpired={(message) => {
            setPending(null);
            form.set('password', '');
            setExpired(message);
          }}
        />
      </AuthLayout>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(LoginBody, form.values);
    if (!body) return;
    setBusy(true);
    setExpired(null);
    try {
      const result = await login(body);
      if (needsSecondFactor(result)) {
        setPending(result);
        setBusy(false);
      } else enter(result);
    } catch (error) {
      form.fail(error, {
        401: "That email and password don't match an account. Check them and try again.",
        400: "That email and password don't match an account. Check them and try again.",
      });
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title={reason === 'deleted' ? 'Your account was deleted' : 'Log in'}
      intro={
        reason === 'deleted' ? (
          <p>You are logged out on every device, and what Kinship kept on this device is gone. You can close this page.</p>
        ) : invited ? (
          <p>Log in to accept your invitation. You will come straight back to it.</p>
        ) : reason ? null : (
          <p>Welcome back.</p>
        )
      }
    >
      {reason === 'idle' && (
        <Notice tone="info" title="You were signed out because nothing happened for a while">
          <p>Changes you made on this device are kept here, and are sent when you log in again.</p>
        </Notice>
      )}
      {reason === 'ended' && (
        <Notice tone="info" title="You were signed out on this device">
          <p>
            This can happen when you log out from another device. If that wasn't you, log in and change your password.
          </p>
        </Notice>
      )}
      {reason === 'deleted' && <h2>Log in to another account</h2>}
      {expired && (
        <Notice tone="info" live>
          {expired}
        </Notice>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <EmailField {...form.field('email')} />
        <PasswordField {...form.field('password')} required />
        <p className="auth-layout__forgot">
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
        <ErrorNotice message={form.formError} />
        <Button type="submit" variant="primary" busy={busy} busyLabel="Logging in…">
          Log in
        </Button>
      </form>
      <p className="auth-layout__switch">
        New to Kinship? <Link to={withNext('/register', next)}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}
