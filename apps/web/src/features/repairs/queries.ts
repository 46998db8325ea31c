import { queryOptions } from '@tanstack/react-query';
import { listRepairs } from './api';

/** This feature's cache keys, defined once. */
export const repairKeys = {
  all: ['repairs'] as const,
  workspace: (workspaceId: string) => [...repairKeys.all, workspaceId] as const,
};

export const repairsQuery = (workspaceId: string) =>
  queryOptions({ queryKey: repairKeys.workspace(workspaceId), queryFn: ({ signal }) => listRepairs(workspaceId, signal) });
