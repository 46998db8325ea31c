import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { LoginBody } from '@kinship/domain';
import { useFormErrors } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { TextField } from '../../../ui/TextField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { login } from '../api';
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

  if (alreadySignedIn && !busy) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(LoginBody, { email, password });
    if (!body) return;
    setBusy(true);
    try {
      enter(await login(body));
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
