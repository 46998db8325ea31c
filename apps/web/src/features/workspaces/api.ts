import type { CreateWorkspaceBody, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain';
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
