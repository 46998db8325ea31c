import { queryOptions } from '@tanstack/react-query';
import { fetchClientConfig } from './api';

export const accountDataKeys = {
  config: ['client-config'] as const,
};

/** How long records are kept, as the server is configured (read once a visit). */
export const clientConfigQuery = () =>
  queryOptions({ queryKey: accountDataKeys.config, queryFn: ({ signal }) => fetchClientConfig(signal), staleTime: Infinity });
