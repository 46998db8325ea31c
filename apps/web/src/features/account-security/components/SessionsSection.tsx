import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { SessionView } from '@kinship/domain';
import { forgetEverything } from '../../../shared/device-storage';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { formatDateTime } from '../../../ui/format';
import { useAccountState } from '../../auth/hooks/useAccount';
import { useLogOut } from '../../auth/hooks/useLogOut';
import { logOutSession, logOutSessions } from '../api';
import { CHANGE_PASSWORD_PATH } from '../password-change';
import { securityKeys, sessionsQuery } from '../queries';

/**
 * Where the person is signed in: each session's device, coarse place, when it began and was last
 * active; "Log out" per row, "Log out all other devices" and "Log out everywhere".
 */
export function SessionsSection() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { signedOut } = useAccountState();
  const { data: sessions, error, isPending, refetch } = useQuery(sessionsQuery());
  const [done, setDone] = useState<string | null>(null);
  const [askEverywhere, setAskEverywhere] = useState(false);
  // This device's own row logs out as the header's Log out does: asking first when edits are unsent.
  const logOutHere = useLogOut();
  const unsavedCount = logOutHere.unsaved?.length ?? 0;

  /** This device's session ended: leave as a logout does (its device copies go too). */
  async function leave() {
    signedOut();
    navigate('/login', { replace: true });
    await forgetEverything();
  }

  const one = useMutation({
    mutationFn: (session: SessionView) => logOutSession(session.id),
    onSuccess: async (_, session) => {
      setDone(`${session.device} is logged out.`);
      await queryClient.invalidateQueries({ queryKey: securityKeys.sessions });
    },
  });
  const others = useMutation({
    mutationFn: () => logOutSessions(false),
    onSuccess: async ({ ended }) => {
      setDone(ended === 0 ? 'No other device was signed in.' : ended === 1 ? 'One other device is logged out.' : `${ended} other devices are logged out.`);
      await queryClient.invalidateQueries({ queryKey: securityKeys.sessions });
    },
  });
  const everywhere = useMutation({ mutationFn: () => logOutSessions(true), onSuccess: () => leave() });
  const failure = one.error ?? others.error ?? everywhere.error;
  const failureMessage = failure ? errorMessage(failure) : logOutHere.error;
  const otherCount = sessions?.filter((s) => !s.current).length ?? 0;

  return (
    <section className="security__section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you're signed in</h2>
      <p>
        If you see a device you don't recognise, or one you no longer have, log it out and{' '}
        <Link to={CHANGE_PASSWORD_PATH}>change your password</Link>.
      </p>
      {isPending && <Loading label="Reading your sessions…" />}
      {error && (
        <Notice tone="error">
          <p>{errorMessage(error)}</p>
          <Button onClick={() => void refetch()}>Try again</Button>
        </Notice>
      )}
      {sessions && (
        <ul className="session-list" aria-label="Your sessions">
          {sessions.map((session) => (
            <li key={session.id} className="session-list__item">
              <div>
                <p className="session-list__device">
                  {session.device}
                  {session.current && <span className="badge session-list__this">This device</span>}
                </p>
                <p className="session-list__meta">
                  {session.place ? `From ${session.place} · ` : ''}Signed in {formatDateTime(session.createdAt)} · Last active{' '}
                  {formatDateTime(session.lastSeenAt)}
                </p>
              </div>
              <Button
                size="small"
                onClick={() => (session.current ? logOutHere.requestLogOut() : one.mutate(session))}
                busy={session.current ? logOutHere.busy : one.isPending && one.variables?.id === session.id}
                busyLabel="Logging out…"
                aria-label={session.current ? 'Log out this device' : `Log out ${session.device}${session.place ? ` from ${session.place}` : ''}`}
              >
                Log out
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="form__actions">
        <Button onClick={() => others.mutate()} busy={others.isPending} busyLabel="Logging out…" disabled={!sessions || otherCount === 0}>
          Log out all other devices
        </Button>
        <Button variant="danger" onClick={() => setAskEverywhere(true)}>
          Log out everywhere
        </Button>
      </div>
      <div role="status">{done && <p className="form__saved">{done}</p>}</div>
      {failureMessage && (
        <Notice tone="error" live>
          {failureMessage}
        </Notice>
      )}
      <ConfirmDialog
        open={logOutHere.unsaved !== null}
        title={`Log out and delete unsaved changes to ${unsavedCount === 1 ? 'one document' : `${unsavedCount} documents`} from this device?`}
        confirmLabel="Log out and delete them"
        cancelLabel="Stay logged in"
        onConfirm={logOutHere.confirmLogOut}
        onCancel={logOutHere.cancelLogOut}
        busy={logOutHere.busy}
        busyLabel="Logging out…"
      >
        <p>Some changes have not reached Kinship yet. Logging out deletes everything Kinship kept on this device, those changes too.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={askEverywhere}
        title="Log out everywhere, this device too?"
        confirmLabel="Log out everywhere"
        cancelLabel="Stay signed in"
        onConfirm={() => everywhere.mutate()}
        onCancel={() => setAskEverywhere(false)}
        busy={everywhere.isPending}
        busyLabel="Logging out…"
      >
        <p>
          Every device signed in to your account is logged out at once, and what Kinship kept on this device is deleted, as when
          you log out. You can log in again with your password.
        </p>
      </ConfirmDialog>
    </section>
  );
}
