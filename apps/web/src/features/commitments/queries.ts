import { queryOptions } from '@tanstack/react-query';
import { fetchWeek, listCommitments } from './api';

/** This feature's cache keys, defined once. */
export const commitmentKeys = {
  all: ['commitments'] as const,
  workspace: (workspaceId: string) => [...commitmentKeys.all, workspaceId] as const,
  list: (workspaceId: string) => [...commitmentKeys.workspace(workspaceId), 'list'] as const,
  week: (workspaceId: string) => [...commitmentKeys.workspace(workspaceId), 'week'] as const,
};

export const commitmentsQuery = (workspaceId: string) =>
  queryOptions({ queryKey: commitmentKeys.list(workspaceId), queryFn: ({ signal }) => listCommitments(workspaceId, signal) });

export const weekQuery = (workspaceId: string) =>
  queryOptions({ queryKey: commitmentKeys.week(workspaceId), queryFn: ({ signal }) => fetchWeek(workspaceId, signal) });
