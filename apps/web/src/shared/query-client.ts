import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './http';

/** How long loaded data counts as fresh: within it, opening a page again shows it without asking. */
const FRESH_FOR_MS = 10_000;

/**
 * The one cache of what the REST API said. Data is fetched again when the window regains focus
 * and when the network comes back; a mutation invalidates what it changed (see each feature's
 * queries.ts). A refusal (4xx) is an answer, not a glitch: it is never retried; a server error is
 * tried once more. A request that could not reach the server shows its error (with "Try again")
 * and is fetched again by itself when the network returns.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: FRESH_FOR_MS,
        networkMode: 'offlineFirst',
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
        retry: (failures, error) => error instanceof ApiError && error.status >= 500 && failures < 1,
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}
