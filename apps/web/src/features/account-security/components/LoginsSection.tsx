import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
// The API calls a login's row a session (LoginView); here it is a login.
import type { LoginView } from '@kinship/domain/wire';
import { forgetEverything } from '../../../shared/device-storage';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { formatDateTime } from '../../../ui/format';
import { useAccountState } from '../../auth/hooks/useAccount';
import { useLogOut } from '../../auth/hooks/useLogOut';
import { logOutLogin, logOutLogins } from '../api';
import { CHANGE_PASSWORD_PATH } from '../password-change';
import { loginsQuery, securityKeys } from '../queries';

/**
 * Where the person is signed in: each login's device, coarse place, when it began and was last
 * active; "Log out" per row, "Log out all other devices" and "Log out everywhere".
 */
export function LoginsSection() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { signedOut } = useAccountState();
  const { data: logins, error, isPending, refetch } = useQuery(loginsQuery());
  const [done, setDone] = useState<string | null>(null);
  const [askEverywhere, setAskEverywhere] = useState(false);
  // This device's own row logs out as the header's Log out does: asking first when edits are unsent.
  const logOutHere = useLogOut();
  const unsavedCount = logOutHere.unsaved?.length ?? 0;

  /** This device's login ended: leave as a logout does (its device copies go too). */
  async function leave() {
    signedOut();
    navigate('/login', { replace: true });
    await forgetEverything();
  }

  const one = useMutation({
    mutationFn: (login: LoginView) => logOutLogin(login.id),
    onSuccess: async (_, login) => {
      setDone(`${login.device} is logged out.`);
      await queryClient.invalidateQueries({ queryKey: securityKeys.logins });
    },
  });
  const others = useMutation({
    mutationFn: () => logOutLogins(false),
    onSuccess: async ({ ended }) => {
      setDone(ended === 0 ? 'No other device was signed in.' : ended === 1 ? 'One other device is logged out.' : `${ended} other devices are logged out.`);
      await queryClient.invalidateQueries({ queryKey: securityKeys.logins });
    },
  });
  const everywhere = useMutation({ mutationFn: () => logOutLogins(true), onSuccess: () => leave() });
  const failure = one.error ?? others.error ?? everywhere.error;
  const failureMessage = failure ? errorMessage(failure) : logOutHere.error;
  const otherCount = logins?.filter((l) => !l.current).length ?? 0;

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
      {logins && (
        <ul className="login-list" aria-label="Your sessions">
          {logins.map((login) => (
            <li key={login.id} className="login-list__item">
              <div>
                <p className="login-list__device">
                  {login.device}
                  {login.current && <span className="badge login-list__this">This device</span>}
                </p>
                <p className="login-list__meta">
                  {login.place ? `From ${login.place} · ` : ''}Signed in {formatDateTime(login.createdAt)} · Last active{' '}
                  {formatDateTime(login.lastSeenAt)}
                </p>
              </div>
              <Button
                size="small"
                onClick={() => (login.current ? logOutHere.requestLogOut() : one.mutate(login))}
                busy={login.current ? logOutHere.busy : one.isPending && one.variables?.id === login.id}
                busyLabel="Logging out…"
                aria-label={login.current ? 'Log out this device' : `Log out ${login.device}${login.place ? ` from ${login.place}` : ''}`}
              >
                Log out
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="form__actions">
        <Button onClick={() => others.mutate()} busy={others.isPending} busyLabel="Logging out…" disabled={!logins || otherCount === 0}>
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
