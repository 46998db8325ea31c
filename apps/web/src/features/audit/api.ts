import type { AuditKind, AuditPage } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** The filters a reader may set; empty ones are left out of the query. */
export interface AuditFilters {
  person?: string;
  document?: string;
  kind?: AuditKind;
}

export function auditSearch(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A page of the workspace's trail (the counselor's alone), newest first. */
export function fetchWorkspaceAudit(workspaceId: string, filters: AuditFilters, before: string | null, signal?: AbortSignal): Promise<AuditPage> {
  return request<AuditPage>('GET', `/workspaces/${workspaceId}/audit${auditSearch(filters, before ? { before } : {})}`, undefined, { signal });
}

/** Where "Download CSV" points: the same filters, every matching entry. */
export function workspaceAuditCsvUrl(workspaceId: string, filters: AuditFilters): string {
  return `/api/workspaces/${workspaceId}/audit.csv${auditSearch(filters)}`;
}

/** A page of one's own account's entries, newest first. */
export function fetchMyAudit(kind: AuditKind | undefined, before: string | null, signal?: AbortSignal): Promise<AuditPage> {
  return request<AuditPage>('GET', `/me/audit${auditSearch({ kind }, before ? { before } : {})}`, undefined, { signal });
}
