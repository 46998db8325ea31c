import { queryOptions } from '@tanstack/react-query';
import { fetchProgress } from './api';

/** This feature's cache keys. Read-only: it is read again when the page opens (the check-in and commitment pages change what it shows). */
export const progressKeys = {
  all: ['progress'] as const,
  view: (workspaceId: string, weeks: number) => [...progressKeys.all, workspaceId, weeks] as const,
};

export const progressQuery = (workspaceId: string, weeks: number) =>
  queryOptions({ queryKey: progressKeys.view(workspaceId, weeks), queryFn: ({ signal }) => fetchProgress(workspaceId, weeks, signal), staleTime: 0 });
