import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { DocumentView } from '@kinship/domain/wire';
import { fetchDocument, listDocuments } from './api';

/** The cache keys of this feature, defined once: every query and invalidation uses these. */
export const documentKeys = {
  all: ['documents'] as const,
  list: (workspaceId: string) => [...documentKeys.all, 'list', workspaceId] as const,
  detail: (documentId: string) => [...documentKeys.all, 'detail', documentId] as const,
  /** The document page's answer to "may I open it" (document, role, workspace name), per account. */
  access: (accountId: string, documentId: string) => [...documentKeys.all, 'access', accountId, documentId] as const,
  /** Renames, archives and restores of one document; of each document in a workspace, the newest. */
  activity: (documentId: string) => [...documentKeys.all, 'activity', documentId] as const,
  workspaceActivity: (workspaceId: string) => [...documentKeys.all, 'workspace-activity', workspaceId] as const,
};


export const documentsQuery = (workspaceId: string) =>
  queryOptions({ queryKey: documentKeys.list(workspaceId), queryFn: ({ signal }) => listDocuments(workspaceId, signal) });

export const documentQuery = (documentId: string) =>
  queryOptions({ queryKey: documentKeys.detail(documentId), queryFn: ({ signal }) => fetchDocument(documentId, signal) });

export function replaceDocument(list: DocumentView[] | undefined, updated: DocumentView): DocumentView[] | undefined {
  if (!list) return list;
  const found = list.some((d) => d.id === updated.id);
  return found ? list.map((d) => (d.id === updated.id ? updated : d)) : [...list, updated];
}

/** The shape of an access answer, as far as a document change touches it. */
interface AccessLike {
  status: string;
  access: { document: DocumentView };
}

/**
 * After the server confirmed a change to a document (created, renamed, archived, restored): show
 * the confirmed record at once everywhere it is cached, then let the lists fetch themselves again.
 */
export function useDocumentChanged(): (updated: DocumentView) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (updated: DocumentView) => {
      queryClient.setQueryData(documentKeys.list(updated.workspaceId), (list: DocumentView[] | undefined) =>
        replaceDocument(list, updated),
      );
      queryClient.setQueryData(documentKeys.detail(updated.id), updated);
      queryClient.setQueriesData({ queryKey: [...documentKeys.all, 'access'] }, (answer: AccessLike | undefined) =>
        answer?.status === 'granted' && answer.access.document.id === updated.id
          ? { ...answer, access: { ...answer.access, document: updated } }
          : answer,
      );
      void queryClient.invalidateQueries({ queryKey: documentKeys.list(updated.workspaceId) });
      void queryClient.invalidateQueries({ queryKey: documentKeys.activity(updated.id) });
      void queryClient.invalidateQueries({ queryKey: documentKeys.workspaceActivity(updated.workspaceId) });
    },
    [queryClient],
  );
}
