import { useEffect, useRef } from 'react';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { IdleWarning } from '../features/account-security/components/IdleWarning';
import { useAccountState } from '../features/auth/hooks/useAccount';
import { useLogOut } from '../features/auth/hooks/useLogOut';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { QuickExitButton } from '../features/quick-exit/QuickExit';
import { RecoveryCodesOffer } from '../features/recovery/components/RecoveryCodesOffer';
import { useForgetLeftWorkspaces } from '../features/workspaces/hooks/useForgetLeftWorkspaces';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Notice } from '../ui/Notice';
import { useHeightVariable } from '../ui/useHeightVariable';
import { onSecondFactorRequired } from '../shared/http';
import './shell.css';

/** The frame of every signed-in page: a header with the notifications bell, the account and log out, then the page. */
export function AppShell() {
  const { state } = useAccountState();
  const logOut = useLogOut();
  const navigate = useNavigate();
  // On a phone the header stays at the top, the Exit button in it (quick-exit.css): the page keeps its height clear for whatever a person moves to.
  const header = useRef<HTMLElement>(null);
  useHeightVariable(header, '--shell-header-height', state.status === 'signed-in');
  // A counselor whose practice requires two-step sign-in is taken to set it up.
  useEffect(() => onSecondFactorRequired(() => navigate('/account/security', { replace: true })), [navigate]);
  useForgetLeftWorkspaces(state.status === 'signed-in' ? state.account.id : '');
  if (state.status !== 'signed-in') return null;
  const { account, fromDevice } = state;
  const unsavedCount = logOut.unsaved?.length ?? 0;
  const changes = unsavedCount === 1 ? 'unsaved changes to one document' : `unsaved changes to ${unsavedCount} documents`;

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <QuickExitButton />
      <header className="shell__header" ref={header}>
        <Link to="/" className="shell__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Kinship</span>
        </Link>
        <div className="shell__account">
          <NotificationBell />
          <Link to="/account/security" className="shell__account-link">
            <Avatar name={account.displayName} colorKey={account.id} size="small" />
            <span className="shell__name">{account.displayName}</span>
            <span className="visually-hidden">Account and security</span>
          </Link>
          <Link to="/activity" className="shell__activity">
            My activity
          </Link>
          <Button size="small" variant="quiet" onClick={logOut.requestLogOut} busy={logOut.busy} busyLabel="Logging out…">
            Log out
          </Button>
        </div>
      </header>
      <ConfirmDialog
        open={logOut.unsaved !== null}
        title={`Log out and delete ${changes} from this device?`}
        confirmLabel={`Log out and delete ${unsavedCount === 1 ? 'them' : 'them all'}`}
        cancelLabel="Stay logged in"
        onConfirm={logOut.confirmLogOut}
        onCancel={logOut.cancelLogOut}
        busy={logOut.busy}
        busyLabel="Logging out…"
      >
        <p>
          {unsavedCount === 1 ? 'This document has' : 'These documents have'} changes that have not reached Kinship yet.
          Logging out deletes everything Kinship kept on this device, those changes too.
        </p>
        <ul className="confirm-dialog__list">
          {logOut.unsaved?.map((d) => <li key={d.documentId}>{d.title ?? 'A document you opened on this device'}</li>)}
        </ul>
        <p>Stay logged in and go online to send them first.</p>
      </ConfirmDialog>
      {logOut.error && (
        <div className="shell__notice">
          <Notice tone="error" live>
            {logOut.error}
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
        <RecoveryCodesOffer />
        <Outlet />
      </main>
      <IdleWarning enabled={!fromDevice} />
    </div>
  );
}
