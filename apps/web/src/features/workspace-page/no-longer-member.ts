import type { QueryClient } from '@tanstack/react-query';
import type { WorkspaceSummary, WorkspaceDetail } from '@kinship/domain/wire';
import { ApiError } from '../../shared/http';
import { documentKeys } from '../documents/queries';
import { liveSessionKeys } from '../live-session/queries';
import { noLongerInKey, workspaceKeys } from '../workspaces/queries';

/** The API's answer for a workspace that is not (or no longer) this person's: 403 or 404. */
export function saysNotAMember(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

/**
 * The person is no longer in this workspace (removed by the counselor while they had it open):
 * everything cached about it goes from the query cache, so no stale copy of it is shown again,
 * and its name is kept (in memory) for the home page to say what happened. Returns that name, or
 * null when nothing about the workspace was known (a mistyped link: nothing to say).
 */
export function dropWorkspace(client: QueryClient, workspaceId: string): string | null {
  const detail = client.getQueryData<WorkspaceDetail>(workspaceKeys.detail(workspaceId));
  const listed = client.getQueryData<WorkspaceSummary[]>(workspaceKeys.list())?.find((w) => w.id === workspaceId);
  const name = detail?.name ?? listed?.name ?? null;
  client.removeQueries({ queryKey: workspaceKeys.detail(workspaceId) });
  client.removeQueries({ queryKey: documentKeys.list(workspaceId) });
  client.removeQueries({ queryKey: documentKeys.workspaceActivity(workspaceId) });
  client.removeQueries({ queryKey: liveSessionKeys.list(workspaceId) });
  // Documents (and what was said about opening them) of this workspace.
  client.removeQueries({ queryKey: documentKeys.all, predicate: (query) => belongsTo(query.state.data, workspaceId) });
  client.setQueryData<WorkspaceSummary[]>(workspaceKeys.list(), (list) => list?.filter((w) => w.id !== workspaceId));
  if (name !== null) client.setQueryData<string[]>(noLongerInKey, (names = []) => (names.includes(name) ? names : [...names, name]));
  return name;
}

function belongsTo(data: unknown, workspaceId: string): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as { workspaceId?: unknown; document?: { workspaceId?: unknown } };
  return record.workspaceId === workspaceId || record.document?.workspaceId === workspaceId;
}
