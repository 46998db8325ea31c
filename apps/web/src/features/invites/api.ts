import type { InviteAccepted, InviteCreated, InvitePreview, PendingInviteView } from '@kinship/domain/wire';
import { request } from '../../shared/http';

const invitesPath = (workspaceId: string) => `/workspaces/${encodeURIComponent(workspaceId)}/invites`;

export function createPartnerInvite(workspaceId: string, note: string | null): Promise<InviteCreated> {
  return request<InviteCreated>('POST', invitesPath(workspaceId), note ? { role: 'partner', note } : { role: 'partner' });
}

/** The counselor's pending invites: not used, not expired, not withdrawn. */
export function listPendingInvites(workspaceId: string, signal?: AbortSignal): Promise<PendingInviteView[]> {
  return request<PendingInviteView[]>('GET', invitesPath(workspaceId), undefined, { signal });
}

export function withdrawInvite(workspaceId: string, inviteId: string): Promise<void> {
  return request<void>('DELETE', `${invitesPath(workspaceId)}/${encodeURIComponent(inviteId)}`);
}

export function fetchInvite(token: string, signal?: AbortSignal): Promise<InvitePreview> {
  return request<InvitePreview>('GET', `/invites/${encodeURIComponent(token)}`, undefined, {
    signal,
    quietUnauthenticated: true,
  });
}

export function acceptInvite(token: string): Promise<InviteAccepted> {
  return request<InviteAccepted>('POST', `/invites/${encodeURIComponent(token)}/accept`, undefined);
}
