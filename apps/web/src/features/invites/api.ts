import type { InviteAccepted, InviteCreated, InvitePreview } from '@kinship/domain';
import { request } from '../../shared/http';

export function createPartnerInvite(workspaceId: string): Promise<InviteCreated> {
  return request<InviteCreated>('POST', `/workspaces/${encodeURIComponent(workspaceId)}/invites`, { role: 'partner' });
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
