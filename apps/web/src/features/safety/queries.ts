import { queryOptions } from '@tanstack/react-query';
import { fetchJointWork, fetchSafety, fetchSafetyOverview } from './api';

/**
 * The cache keys of this feature. A partner's view changes only by their own hand (and the
 * counselor's reply, read again when the page is opened or focused); the counselor's overview is
 * read again on each `safety:alert` on their own socket; the pause on `joint-work:state`.
 */
export const safetyKeys = {
  all: ['safety'] as const,
  view: (workspaceId: string) => [...safetyKeys.all, 'view', workspaceId] as const,
  overview: (workspaceId: string) => [...safetyKeys.all, 'overview', workspaceId] as const,
  jointWork: (workspaceId: string) => [...safetyKeys.all, 'joint-work', workspaceId] as const,
};

export const safetyQuery = (workspaceId: string) => queryOptions({ queryKey: safetyKeys.view(workspaceId), queryFn: ({ signal }) => fetchSafety(workspaceId, signal) });
export const safetyOverviewQuery = (workspaceId: string) =>
  queryOptions({ queryKey: safetyKeys.overview(workspaceId), queryFn: ({ signal }) => fetchSafetyOverview(workspaceId, signal) });
export const jointWorkQuery = (workspaceId: string) => queryOptions({ queryKey: safetyKeys.jointWork(workspaceId), queryFn: ({ signal }) => fetchJointWork(workspaceId, signal) });
