import type { LiveSessionSummaryView, SessionObservationsView, SessionRecordView } from '@kinship/domain/wire';
import { request } from '../../shared/http';

export function listLiveSessions(workspaceId: string, signal?: AbortSignal): Promise<LiveSessionSummaryView[]> {
  return request<LiveSessionSummaryView[]>('GET', `/workspaces/${encodeURIComponent(workspaceId)}/live-sessions`, undefined, { signal });
}

export function fetchSessionRecord(sessionId: string, signal?: AbortSignal): Promise<SessionRecordView> {
  return request<SessionRecordView>('GET', `/live-sessions/${encodeURIComponent(sessionId)}`, undefined, { signal });
}

/** The counselor's summary for the couple; the record is read again after it is saved. */
export function saveSessionSummary(sessionId: string, summary: string): Promise<unknown> {
  return request<unknown>('PUT', `/live-sessions/${encodeURIComponent(sessionId)}/summary`, { summary });
}

/** The counselor's private observations. Never called for a partner (see SessionRecordPage). */
export function fetchObservations(sessionId: string, signal?: AbortSignal): Promise<SessionObservationsView> {
  return request<SessionObservationsView>('GET', `/live-sessions/${encodeURIComponent(sessionId)}/observations`, undefined, { signal });
}

export function saveObservations(sessionId: string, text: string): Promise<SessionObservationsView> {
  return request<SessionObservationsView>('PUT', `/live-sessions/${encodeURIComponent(sessionId)}/observations`, { text });
}
