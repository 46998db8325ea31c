import { queryOptions } from '@tanstack/react-query';
import { fetchWorkspace, listWorkspaces } from './api';

/** The cache keys of this feature, defined once: every query and invalidation uses these. */
export const workspaceKeys = {
  all: ['workspaces'] as const,
  list: () => [...workspaceKeys.all, 'list'] as const,
  detail: (workspaceId: string) => [...workspaceKeys.all, 'detail', workspaceId] as const,
};

/** The names of workspaces this person was found to be no longer in, for the home page to say so (memory only). */
export const noLongerInKey = [...workspaceKeys.all, 'no-longer-in'] as const;

export const workspacesQuery = () =>
  queryOptions({ queryKey: workspaceKeys.list(), queryFn: ({ signal }) => listWorkspaces(signal) });

export const workspaceQuery = (workspaceId: string) =>
  queryOptions({ queryKey: workspaceKeys.detail(workspaceId), queryFn: ({ signal }) => fetchWorkspace(workspaceId, signal) });
