import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { can, type Role } from '@kinship/domain/rules';
import { type DocumentView } from '@kinship/domain/wire';
import { ApiError, NetworkError } from '../../../shared/http';
import { forgetDocument, rememberedAccess } from '../../../shared/device-storage';
import { workspaceQuery } from '../../workspaces/queries';
import { fetchDocument } from '../api';
import { documentKeys, useDocumentChanged } from '../queries';

export interface DocumentAccess {
  document: DocumentView;
  role: Role;
  workspaceName: string;
}

export type DocumentAccessAnswer =
  | { status: 'granted'; access: DocumentAccess; fromDevice: boolean }
  | { status: 'not-available' };

export type DocumentAccessState =
  | { status: 'checking' }
  | DocumentAccessAnswer
  | { status: 'error'; error: unknown };

/**
 * Asks the REST API whether this account may read the document, before any sync connection is
 * opened. Offline, the last answer the server gave on this device is used (it was a yes, or it
 * would not be stored). A no (403/404) also deletes the document's copy from this device.
 */
async function loadAccess(
  queryClient: QueryClient,
  accountId: string,
  documentId: string,
  workspaceHint: string | undefined,
  signal: AbortSignal,
): Promise<DocumentAccessAnswer> {
  // The workspace the address names is asked for beside the document, not after it; it counts
  // only when it is the document's own. Read through the cache (a read under 10 s old counts, as
  // everywhere in the app): the page's layout asks for the same workspace at the same moment, and
  // one request answers both. The server still decides every read and edit itself.
  const workspace = (workspaceId: string) => queryClient.fetchQuery(workspaceQuery(workspaceId));
  const hinted = workspaceHint ? workspace(workspaceHint) : null;
  hinted?.catch(() => undefined);
  try {
    const document = await fetchDocument(documentId, signal);
    const { role, name } = hinted && document.workspaceId === workspaceHint ? await hinted : await workspace(document.workspaceId);
    if (!can({ role }, { type: 'document.read', document })) {
      await forgetDocument(accountId, documentId);
      return { status: 'not-available' };
    }
    const access = { document, role, workspaceName: name };
    rememberedAccess<DocumentAccess>(accountId, documentId).set(access);
    return { status: 'granted', access, fromDevice: false };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
      await forgetDocument(accountId, documentId);
      return { status: 'not-available' };
    }
    const remembered = error instanceof NetworkError ? rememberedAccess<DocumentAccess>(accountId, documentId).get() : null;
    if (remembered) return { status: 'granted', access: remembered, fromDevice: true };
    throw error;
  }
}

/** While the answer came from this device, ask the server again this often. */
const RECHECK_FROM_DEVICE_MS = 15_000;

/** `workspaceHint`: the workspace the page's address names, if any (the document's own decides). */
export function useDocumentAccess(documentId: string, accountId: string, workspaceHint?: string) {
  const queryClient = useQueryClient();
  const documentChanged = useDocumentChanged();
  const query = useQuery({
    queryKey: documentKeys.access(accountId, documentId),
    queryFn: ({ signal }) => loadAccess(queryClient, accountId, documentId, workspaceHint, signal),
    // The fallback to this device's answer is the point when offline: always ask, never pause.
    networkMode: 'always',
    retry: false,
    refetchOnReconnect: true,
    refetchInterval: (q) => (q.state.data?.status === 'granted' && q.state.data.fromDevice ? RECHECK_FROM_DEVICE_MS : false),
  });

  /** Keep every copy of the answer in step after a rename, archive or restore confirmed by the server. */
  const changed = useCallback(
    (updated: DocumentView) => {
      queryClient.setQueryData(documentKeys.access(accountId, documentId), (answer: DocumentAccessAnswer | undefined) => {
        if (answer?.status !== 'granted') return answer;
        const access = { ...answer.access, document: updated };
        rememberedAccess<DocumentAccess>(accountId, documentId).set(access);
        return { ...answer, access };
      });
      documentChanged(updated);
    },
    [queryClient, accountId, documentId, documentChanged],
  );

  // What is on screen stays while a background check fails; an error shows only when nothing was known.
  const state: DocumentAccessState = query.data ?? (query.error ? { status: 'error', error: query.error } : { status: 'checking' });
  return { state, retry: () => void query.refetch(), changed };
}
