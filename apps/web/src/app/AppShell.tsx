import { useState } from 'react';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { logout } from '../features/auth/api';
import { useAccountState } from '../features/auth/hooks/useAccount';
import { forgetLocalCopies } from '../features/editor/local-copy';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Notice } from '../ui/Notice';
import { NetworkError, errorMessage } from '../shared/http';

/** The frame of every signed-in page: a header with the account and log out, then the page. */
export function AppShell() {
  const { state, signedOut } = useAccountState();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (state.status !== 'signed-in') return null;
  const { account, fromDevice } = state;

  async function logOut() {
    setBusy(true);
    setError(null);
    try {
      await logout();
      await forgetLocalCopies(account.id);
      signedOut();
      navigate('/login', { replace: true });
    } catch (e) {
      setError(
        e instanceof NetworkError
          ? "You're offline, so you can't log out right now. Try again when you're back online."
          : errorMessage(e),
      );
      setBusy(false);
    }
  }

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <header className="shell__header">
        <Link to="/" className="shell__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Kinship</span>
        </Link>
        <div className="shell__account">
          <Avatar name={account.displayName} colorKey={account.id} size="small" />
          <span className="shell__name">{account.displayName}</span>
          <Button size="small" variant="quiet" onClick={logOut} busy={busy} busyLabel="Logging out…">
            Log out
          </Button>
        </div>
      </header>
      {error && (
        <div className="shell__notice">
          <Notice tone="error" live>
            {error}
          </Notice>
        </div>
      )}
      {fromDevice && (
        <div className="shell__notice">
          <Notice tone="info">
            You're offline. Documents you opened on this device still work, and your changes are sent when you're back
            online.
          </Notice>
        </div>
      )}
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
