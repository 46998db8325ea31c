import { queryOptions } from '@tanstack/react-query';
import { fetchInvite, listPendingInvites } from './api';

/** The cache keys of this feature, defined once: every query and invalidation uses these. */
export const inviteKeys = {
  all: ['invites'] as const,
  preview: (token: string) => [...inviteKeys.all, 'preview', token] as const,
  pending: (workspaceId: string) => [...inviteKeys.all, 'pending', workspaceId] as const,
};

export const invitePreviewQuery = (token: string) =>
  queryOptions({ queryKey: inviteKeys.preview(token), queryFn: ({ signal }) => fetchInvite(token, signal) });

export const pendingInvitesQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: inviteKeys.pending(workspaceId),
    queryFn: ({ signal }) => listPendingInvites(workspaceId, signal),
  });
