import { useState, type FormEvent } from 'react';
import type { AccountView, SecondFactorNeeded } from '@kinship/domain/wire';
import { ApiError, errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { TextField } from '../../../ui/TextField';
import { completeLogin } from '../api';

/** The login's second step: the code from the authenticator app, or a recovery code. */
export function SecondFactorStep({
  pending,
  onSignedIn,
  onExpired,
}: {
  pending: SecondFactorNeeded;
  onSignedIn: (account: AccountView) => void;
  /** The pending login is over (expired, or too many tries): back to the password. */
  onExpired: (message: string) => void;
}) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) {
      setError({ field: 'code', message: 'Enter the code from your authenticator app, or a recovery code.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await completeLogin(pending.pendingLogin, code));
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 401) return onExpired(e.message);
      setError({ field: e instanceof ApiError ? e.field : undefined, message: errorMessage(e) });
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label="Code from your authenticator app"
        hint="The 6 digits your app shows for Kinship. Lost your phone? Enter one of your recovery codes instead."
        name="code"
        autoComplete="one-time-code"
        autoFocus
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={error?.field === 'code' ? error.message : undefined}
        required
      />
      <ErrorNotice message={error && error.field !== 'code' ? error.message : null} />
      <Button type="submit" variant="primary" busy={busy} busyLabel="Checking…">
        Sign in
      </Button>
    </form>
  );
}
