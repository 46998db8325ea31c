import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { LoginBody, needsSecondFactor, type SecondFactorNeeded } from '@kinship/domain';
import { useFormErrors } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { TextField } from '../../../ui/TextField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { login } from '../api';
import { useAccountState } from '../hooks/useAccount';
import { Notice } from '../../../ui/Notice';
import { SecondFactorStep } from '../../account-security/components/SecondFactorStep';
import { useReturnAfterAuth } from '../hooks/useReturnAfterAuth';
import { withNext } from '../next-path';
import { AuthLayout } from './AuthLayout';
import { PasswordField } from './PasswordField';

const LABELS = { email: 'Email', password: 'Password' };

export function LoginPage() {
  useDocumentTitle('Log in');
  const { next, invited, alreadySignedIn, enter } = useReturnAfterAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(LABELS);
  const [pending, setPending] = useState<SecondFactorNeeded | null>(null);
  const [expired, setExpired] = useState<string | null>(null);
  const { state } = useAccountState();
  const idle = state.status === 'anonymous' && state.reason === 'idle';

  if (alreadySignedIn && !busy) return <Navigate to={next} replace />;

  if (pending) {
    return (
      <AuthLayout title="Two-step sign-in" intro={<p>Your password was right. One more step.</p>}>
        <SecondFactorStep
          pending={pending}
          onSignedIn={enter}
          onExpired={(message) => {
            setPending(null);
            setPassword('');
            setExpired(message);
          }}
        />
      </AuthLayout>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(LoginBody, { email, password });
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
      title="Log in"
      intro={invited ? <p>Log in to accept your invitation. You will come straight back to it.</p> : <p>Welcome back.</p>}
    >
      {idle && (
        <Notice tone="info" title="You were signed out because nothing happened for a while">
          <p>Changes you made on this device are kept here, and are sent when you log in again.</p>
        </Notice>
      )}
      {expired && (
        <Notice tone="info" live>
          {expired}
        </Notice>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={LABELS.email}
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={form.fieldErrors.email}
          required
        />
        <PasswordField
          label={LABELS.password}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={form.fieldErrors.password}
          required
        />
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
