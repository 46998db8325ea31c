import { useEffect, useState } from 'react';
import { can, type DocumentView, type Role } from '@kinship/domain';
import { forgetLocalCopy } from '../../features/editor/local-copy';
import { fetchDocument } from '../../features/documents/api';
import { fetchWorkspace } from '../../features/workspaces/api';
import { ApiError, NetworkError, errorMessage } from '../../shared/http';

export interface DocumentAccess {
  document: DocumentView;
  role: Role;
  workspaceName: string;
}

export type DocumentAccessState =
  | { status: 'checking' }
  | { status: 'granted'; access: DocumentAccess; fromDevice: boolean }
  | { status: 'not-available' }
  | { status: 'error'; message: string };

function accessKey(accountId: string, documentId: string) {
  return `kinship.access.${accountId}.${documentId}`;
}

function rememberAccess(accountId: string, access: DocumentAccess | null, documentId: string) {
  try {
    if (access) localStorage.setItem(accessKey(accountId, documentId), JSON.stringify(access));
    else localStorage.removeItem(accessKey(accountId, documentId));
  } catch {
    // Storage refused: offline reloads will not reopen this document, nothing else changes.
  }
}

function rememberedAccess(accountId: string, documentId: string): DocumentAccess | null {
  try {
    const raw = localStorage.getItem(accessKey(accountId, documentId));
    return raw ? (JSON.parse(raw) as DocumentAccess) : null;
  } catch {
    return null;
  }
}

/**
 * Asks the REST API whether this account may read the document, before any sync connection is
 * opened. Offline, the last answer the server gave on this device is used (it was a yes, or it
 * would not be stored). A no (403/404) also deletes the document's copy from this device.
 */
export function useDocumentAccess(documentId: string, accountId: string, attempt: number): DocumentAccessState {
  const [state, setState] = useState<{ key: string; value: DocumentAccessState }>({
    key: '',
    value: { status: 'checking' },
  });
  const key = `${accountId}:${documentId}:${attempt}`;

  useEffect(() => {
    const controller = new AbortController();
    const settle = (value: DocumentAccessState) => {
      if (!controller.signal.aborted) setState({ key, value });
    };
    (async () => {
      try {
        const document = await fetchDocument(documentId, controller.signal);
        const workspace = await fetchWorkspace(document.workspaceId, controller.signal);
        if (!can({ role: workspace.role }, { type: 'document.read', document })) {
          rememberAccess(accountId, null, documentId);
          settle({ status: 'not-available' });
          return;
        }
        const access = { document, role: workspace.role, workspaceName: workspace.name };
        rememberAccess(accountId, access, documentId);
        settle({ status: 'granted', access, fromDevice: false });
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
          rememberAccess(accountId, null, documentId);
          await forgetLocalCopy(accountId, documentId);
          settle({ status: 'not-available' });
          return;
        }
        const remembered = error instanceof NetworkError ? rememberedAccess(accountId, documentId) : null;
        if (remembered) {
          settle({ status: 'granted', access: remembered, fromDevice: true });
          return;
        }
        settle({ status: 'error', message: errorMessage(error) });
      }
    })();
    return () => controller.abort();
  }, [key, accountId, documentId]);

  return state.key === key ? state.value : { status: 'checking' };
}

/** Keep the stored answer in step after a rename, archive or restore made on this page. */
export function updateRememberedDocument(accountId: string, document: DocumentView) {
  const remembered = rememberedAccess(accountId, document.id);
  if (remembered) rememberAccess(accountId, { ...remembered, document }, document.id);
}
