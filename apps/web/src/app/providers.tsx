import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useAccountState } from '../features/auth/hooks/useAccount';
import { AccountProvider } from '../features/auth/state';
import { QuickExitButton } from '../features/quick-exit/QuickExit';
import { ModalCornerContext } from '../ui/ModalCorner';
import { createQueryClient } from '../shared/query-client';

/**
 * What every page stands on: the one query cache, who is logged in, and the quick exit in every
 * modal dialog (a modal makes the page behind it inert).
 */
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AccountProvider>
        <ForgetCacheOnAccountChange client={queryClient} />
        <ModalCornerContext.Provider value={<QuickExitButton />}>{children}</ModalCornerContext.Provider>
      </AccountProvider>
    </QueryClientProvider>
  );
}

/** Nothing one account loaded is ever shown to the next one on this device. */
function ForgetCacheOnAccountChange({ client }: { client: ReturnType<typeof createQueryClient> }) {
  const { state } = useAccountState();
  const accountId = state.status === 'signed-in' ? state.account.id : null;
  useEffect(() => {
    if (accountId === null) client.clear();
  }, [accountId, client]);
  return null;
}
