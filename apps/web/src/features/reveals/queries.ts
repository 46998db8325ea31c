import { queryOptions } from '@tanstack/react-query';
import { fetchReveals } from './api';

/** The cache keys of this feature; `useRevealsSocket` invalidates them when the `/live` door says so. */
export const revealKeys = {
  all: ['reveals'] as const,
  view: (workspaceId: string) => [...revealKeys.all, workspaceId] as const,
};

export const revealsQuery = (workspaceId: string) => queryOptions({ queryKey: revealKeys.view(workspaceId), queryFn: ({ signal }) => fetchReveals(workspaceId, signal) });
