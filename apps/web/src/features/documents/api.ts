import type { CreateDocumentBody, DocumentActivityView, DocumentView, UpdateDocumentBody } from '@kinship/domain/wire';
import { request } from '../../shared/http';

export function listDocuments(workspaceId: string, signal?: AbortSignal): Promise<DocumentView[]> {
  return request<DocumentView[]>('GET', `/workspaces/${encodeURIComponent(workspaceId)}/documents`, undefined, { signal });
}

export function createDocument(workspaceId: string, body: CreateDocumentBody): Promise<DocumentView> {
  return request<DocumentView>('POST', `/workspaces/${encodeURIComponent(workspaceId)}/documents`, body);
}

export function fetchDocument(documentId: string, signal?: AbortSignal): Promise<DocumentView> {
  return request<DocumentView>('GET', `/documents/${encodeURIComponent(documentId)}`, undefined, { signal });
}

export function updateDocument(documentId: string, body: UpdateDocumentBody): Promise<DocumentView> {
  return request<DocumentView>('PATCH', `/documents/${encodeURIComponent(documentId)}`, body);
}

/** A rename, archive or restore of a document. */
export type DocumentActivity = DocumentActivityView;

export function fetchDocumentActivity(documentId: string, signal?: AbortSignal): Promise<DocumentActivity[]> {
  return request<DocumentActivity[]>('GET', `/documents/${encodeURIComponent(documentId)}/activity`, undefined, { signal });
}

export function fetchWorkspaceDocumentActivity(workspaceId: string, signal?: AbortSignal): Promise<DocumentActivity[]> {
  return request<DocumentActivity[]>('GET', `/workspaces/${encodeURIComponent(workspaceId)}/document-activity`, undefined, { signal });
}
