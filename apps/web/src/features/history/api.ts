import type { AuthorshipView, HistoryPage, HistoryPointView } from '@kinship/domain/wire';
import { request } from '../../shared/http';

export type { AuthoredBlock, AuthoredRun, AuthorshipView, HistoryEdit, HistoryPage, HistoryPerson, HistoryPointView } from '@kinship/domain/wire';


const base = (documentId: string) => `/documents/${encodeURIComponent(documentId)}`;

export function fetchAuthorship(documentId: string, signal?: AbortSignal): Promise<AuthorshipView> {
  return request<AuthorshipView>('GET', `${base(documentId)}/authorship`, undefined, { signal });
}

export function fetchHistory(documentId: string, before: string | null, signal?: AbortSignal): Promise<HistoryPage> {
  const query = before ? `?before=${encodeURIComponent(before)}` : '';
  return request<HistoryPage>('GET', `${base(documentId)}/history${query}`, undefined, { signal });
}

export function fetchHistoryPoint(documentId: string, editId: string, signal?: AbortSignal): Promise<HistoryPointView> {
  return request<HistoryPointView>('GET', `${base(documentId)}/history/${encodeURIComponent(editId)}`, undefined, { signal });
}
