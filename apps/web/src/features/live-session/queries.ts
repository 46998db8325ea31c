import { queryOptions } from '@tanstack/react-query';
import { fetchObservations, fetchSessionRecord, listLiveSessions } from './api';

/** The cache keys of this feature, defined once: every query and invalidation uses these. */
export const liveSessionKeys = {
  all: ['live-sessions'] as const,
  list: (workspaceId: string) => [...liveSessionKeys.all, 'list', workspaceId] as const,
  record: (sessionId: string) => [...liveSessionKeys.all, 'record', sessionId] as const,
  observations: (sessionId: string) => [...liveSessionKeys.all, 'observations', sessionId] as const,
};

export const liveSessionsQuery = (workspaceId: string) =>
  queryOptions({ queryKey: liveSessionKeys.list(workspaceId), queryFn: ({ signal }) => listLiveSessions(workspaceId, signal) });

export const sessionRecordQuery = (sessionId: string) =>
  queryOptions({ queryKey: liveSessionKeys.record(sessionId), queryFn: ({ signal }) => fetchSessionRecord(sessionId, signal) });

export const observationsQuery = (sessionId: string) =>
  queryOptions({ queryKey: liveSessionKeys.observations(sessionId), queryFn: ({ signal }) => fetchObservations(sessionId, signal) });
