import type { CreateWorkspaceBody, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain/wire';
import { request } from '../../shared/http';

export function listWorkspaces(signal?: AbortSignal): Promise<WorkspaceSummary[]> {
  return request<WorkspaceSummary[]>('GET', '/workspaces', undefined, { signal });
}

export function createWorkspace(body: CreateWorkspaceBody): Promise<WorkspaceSummary> {
  return request<WorkspaceSummary>('POST', '/workspaces', body);
}

export function fetchWorkspace(workspaceId: string, signal?: AbortSignal): Promise<WorkspaceDetail> {
  return request<WorkspaceDetail>('GET', `/workspaces/${encodeURIComponent(workspaceId)}`, undefined, { signal });
}

/** The counselor ends a partner's membership. */
export function removeMember(workspaceId: string, accountId: string): Promise<void> {
  return request<void>('DELETE', `/workspaces/${encodeURIComponent(workspaceId)}/members/${encodeURIComponent(accountId)}`);
}

/** A partner leaves the workspace. */
export function leaveWorkspace(workspaceId: string): Promise<void> {
  return request<void>('POST', `/workspaces/${encodeURIComponent(workspaceId)}/leave`);
}

/** Where the counselor downloads every record of the workspace (a zip, streamed). */
export function workspaceExportUrl(workspaceId: string): string {
  return `/api/workspaces/${encodeURIComponent(workspaceId)}/export.zip`;
}
