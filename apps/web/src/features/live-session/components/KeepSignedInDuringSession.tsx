import { useKeepSignedInWhile } from '../../account-security/hooks/useIdleLogout';
import { useLiveSession } from '../live-session-context';

/** A person in a live session is using the app even while only listening: no idle sign-out meanwhile. */
export function KeepSignedInDuringSession() {
  const live = useLiveSession();
  const me = live?.me.accountId;
  const inSession = Boolean(me && live?.state.session?.participantIds.includes(me));
  useKeepSignedInWhile(inSession);
  return null;
}
