import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Button } from '../../../ui/Button';
import { CenteredPage, LoadingPage } from '../../../ui/CenteredPage';
import { Notice } from '../../../ui/Notice';
import { useAccountState } from '../hooks/useAccount';
import { withNext } from '../next-path';

/** Pages behind it need a logged-in account; others are sent to log in and brought back after. */
export function RequireAccount({ children }: { children: ReactNode }) {
  const { state, retry } = useAccountState();
  const location = useLocation();
  if (state.status === 'loading') {
    return <LoadingPage />;
  }
  if (state.status === 'unreachable') {
    return (
      <CenteredPage>
        <Notice tone="error" title="Kinship can't be reached right now">
          <p>{state.message}</p>
          <Button variant="primary" onClick={retry}>
            Try again
          </Button>
        </Notice>
      </CenteredPage>
    );
  }
  if (state.status === 'anonymous') {
    return <Navigate to={withNext('/login', location.pathname + location.search)} replace />;
  }
  return <>{children}</>;
}
