import { useLocation } from 'react-router-dom';
import { useAccountState } from '../../auth/hooks/useAccount';
import { withNext } from '../../auth/next-path';
import { AcceptInvitePage } from './AcceptInvitePage';
import { LoadingPage } from '../../../ui/CenteredPage';

/** /invite/:token, open to everyone: logging in or registering on the way comes back here. */
export default function InvitePage() {
  const { state } = useAccountState();
  const location = useLocation();
  if (state.status === 'loading') {
    return <LoadingPage />;
  }
  const here = location.pathname;
  return (
    <AcceptInvitePage
      account={state.status === 'signed-in' ? state.account : null}
      loginHref={withNext('/login', here)}
      registerHref={withNext('/register', here)}
    />
  );
}
