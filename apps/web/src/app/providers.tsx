import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useAccountState } from '../features/auth/hooks/useAccount';
import { AccountProvider } from '../features/auth/state';
import { createQueryClient } from '../shared/query-client';

/** What every page stands on: the one query cache, and who is logged in. */
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AccountProvider>
        <ForgetCacheOnAccountChange client={queryClient} />
        {children}
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
