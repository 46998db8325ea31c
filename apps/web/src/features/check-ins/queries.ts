import { queryOptions } from '@tanstack/react-query';
import { fetchAnswersTable, fetchCheckIn } from './api';

/** The cache keys of this feature. No socket ever invalidates them: a check-in changes only by one's own hand. */
export const checkInKeys = {
  all: ['check-in'] as const,
  view: (workspaceId: string) => [...checkInKeys.all, 'view', workspaceId] as const,
  table: (workspaceId: string) => [...checkInKeys.all, 'table', workspaceId] as const,
};

export const checkInQuery = (workspaceId: string) => queryOptions({ queryKey: checkInKeys.view(workspaceId), queryFn: ({ signal }) => fetchCheckIn(workspaceId, signal) });
export const answersTableQuery = (workspaceId: string) =>
  queryOptions({ queryKey: checkInKeys.table(workspaceId), queryFn: ({ signal }) => fetchAnswersTable(workspaceId, signal) });
