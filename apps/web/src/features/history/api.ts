import { request } from '../../shared/http';

/** The shapes of the API's history answers (apps/api/src/documents/history/history.views.ts). */
export interface AuthoredRun {
  text: string;
  authorId: string | null;
  change?: 'added' | 'removed';
}
export interface AuthoredBlock {
  type: string;
  runs: AuthoredRun[];
}
export interface HistoryPerson {
  id: string;
  name: string;
}
export interface AuthorshipView {
  blocks: AuthoredBlock[];
  people: HistoryPerson[];
}
export interface HistoryEdit {
  id: string;
  authorId: string | null;
  from: string;
  to: string;
  updates: number;
  wordsAdded: number;
  wordsRemoved: number;
  snippet: string;
}
export interface HistoryPage {
  edits: HistoryEdit[];
  nextBefore: string | null;
  beginsAt: string | null;
  people: HistoryPerson[];
}
export interface HistoryPointView {
  edit: HistoryEdit;
  blocks: AuthoredBlock[];
  people: HistoryPerson[];
}

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
