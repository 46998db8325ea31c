import { infiniteQueryOptions } from '@tanstack/react-query';
import type { AuditKind } from '@kinship/domain/wire';
import { AuditFilters, fetchMyAudit, fetchWorkspaceAudit } from './api';

/** The cache keys of this feature, defined once: every query and invalidation uses these. */
export const auditKeys = {
  all: ['audit'] as const,
  workspace: (workspaceId: string, filters: AuditFilters) => [...auditKeys.all, 'workspace', workspaceId, filters] as const,
  mine: (kind: AuditKind | undefined) => [...auditKeys.all, 'mine', kind ?? 'all'] as const,
};

export const workspaceAuditQuery = (workspaceId: string, filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.workspace(workspaceId, filters),
    queryFn: ({ pageParam, signal }) => fetchWorkspaceAudit(workspaceId, filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });

export const myAuditQuery = (kind: AuditKind | undefined) =>
  infiniteQueryOptions({
    queryKey: auditKeys.mine(kind),
    queryFn: ({ pageParam, signal }) => fetchMyAudit(kind, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });
