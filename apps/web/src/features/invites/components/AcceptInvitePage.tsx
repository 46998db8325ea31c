import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { CardLayout } from '../../../ui/CardLayout';
import { QuickExitButton } from '../../quick-exit/QuickExit';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDateTime } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { workspaceKeys } from '../../workspaces/queries';
import { acceptInvite } from '../api';
import { inviteKeys, invitePreviewQuery } from '../queries';
import './invites.css';

export interface AcceptInvitePageProps {
  /** Whether someone is logged in on this device, and as whom. */
  account: { displayName: string } | null;
  /** Links to log in or register that bring the person back here afterwards. */
  loginHref: string;
  registerHref: string;
}

/** Where an invite link lands: say who invited whom to what, then join with one button. */
export function AcceptInvitePage({ account, loginHref, registerHref }: AcceptInvitePageProps) {
  useDocumentTitle('Your invitation');
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const preview = useQuery(invitePreviewQuery(token));
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const accepted = await acceptInvite(token);
      // The link is used now; the workspace list gains one.
      queryClient.removeQueries({ queryKey: inviteKeys.preview(token) });
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
      navigate(`/workspaces/${accepted.workspaceId}`, { replace: true, state: { joined: true } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setError(e.message || 'You are already in this workspace, or both partner places are taken.');
      } else if (e instanceof ApiError && e.status === 410) {
        setError('This invite link has already been used or has expired. Ask your counselor for a new one.');
      } else {
        setError(errorMessage(e));
      }
      setBusy(false);
    }
  }

  const choices = (
    <div className="invite__choices">
      <Link className="button button--primary" to={registerHref}>
        Create an account to join
      </Link>
      <Link className="button button--secondary" to={loginHref}>
        I already have an account
      </Link>
    </div>
  );

  let body;
  if (preview.isPending) {
    body = <Loading label="Opening your invitation…" />;
  } else if (preview.error || !preview.data) {
    const e = preview.error;
    const gone = e instanceof ApiError && e.status === 410;
    const unknown = e instanceof ApiError && e.status === 404;
    body = (
      <Notice tone="error" title={gone ? 'This invite link can no longer be used' : unknown ? 'This invite link is not valid' : 'The invitation could not be opened'}>
        <p>
          {gone
            ? 'It has already been used or has expired. Ask your counselor to send you a new link.'
            : unknown
              ? 'Check that the whole link was copied, or ask your counselor to send it again.'
              : errorMessage(e)}
        </p>
        {!gone && !unknown && <Button onClick={() => void preview.refetch()}>Try again</Button>}
      </Notice>
    );
  } else {
    const invite = preview.data;
    body = (
      <>
        <p className="invite__lead">
          <strong>{invite.invitedBy}</strong> invited you to join <strong>{invite.workspaceName}</strong> as a{' '}
          {invite.role}.
        </p>
        <p className="muted">
          In this workspace you, your partner and your counselor can write agreements and notes together. Your counselor
          may also keep private notes that only they can see. This invitation works until {formatDateTime(invite.expiresAt)}.
        </p>
        <ErrorNotice message={error} />
        {account ? (
          <div className="form__actions">
            <Button variant="primary" onClick={accept} busy={busy} busyLabel="Joining…">
              Join {invite.workspaceName}
            </Button>
            <span className="muted">Logged in as {account.displayName}.</span>
          </div>
        ) : (
          choices
        )}
      </>
    );
  }

  return (
    <>
      <QuickExitButton />
      <CardLayout title="You're invited">{body}</CardLayout>
    </>
  );
}
