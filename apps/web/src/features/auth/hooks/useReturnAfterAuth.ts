import { useLocation, useNavigate } from 'react-router-dom';
import type { AccountView } from '@kinship/domain/wire';
import { nextPathFrom } from '../next-path';
import { useAccountState } from './useAccount';

/**
 * The way back from the log-in and register pages: where ?next= points (an invite link, say),
 * and, once the account is known, remembering it and going there.
 */
export function useReturnAfterAuth() {
  const { state, signedIn } = useAccountState();
  const location = useLocation();
  const navigate = useNavigate();
  const next = nextPathFrom(location.search);
  return {
    next,
    /** The person came from an invite link and goes back to it afterwards. */
    invited: next.startsWith('/invite/'),
    alreadySignedIn: state.status === 'signed-in',
    enter(account: AccountView) {
      signedIn(account);
      navigate(next, { replace: true });
    },
  };
}
