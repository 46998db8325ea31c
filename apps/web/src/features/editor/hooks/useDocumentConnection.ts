import { useEffect, useRef, useState } from 'react';
import { SyncCloseCode } from '@kinship/domain/wire';
import { forgetDocument, forgetDocumentCopy } from '../../../shared/device-storage';
import type { PresenceIdentity } from '@kinship/domain/wire';
import { DocumentConnection } from '../document-connection';

export interface DocumentConnectionHookOptions {
  documentId: string;
  user: PresenceIdentity;
  /**
   * Anything that changes what the server allows on this document (archived, restored): a new
   * value opens a new connection, so the server decides write permission afresh.
   */
  permissionKey: string;
  /** The person's login ended (logged out elsewhere, or expired): the server closed the connection with 4401. */
  onLoginEnded: () => void;
  /**
   * The server refused edits this person made (the document was archived meanwhile, say). By the
   * time this is called they are already taken back; the promise lets the page learn the
   * document's new state before the connection reopens. `reason`: the server's words, if it sent any.
   */
  onEditsRefused: (reason: string | null) => Promise<void>;
}

export interface DocumentConnectionState {
  /** Null until the connection is opened, and while refused edits are being taken back. */
  connection: DocumentConnection | null;
  /** The server said this document is not this account's to open (4403, 4404). */
  notAvailable: boolean;
}

/**
 * Opens the document's connection (the Y.Doc, its copy on this device, the sync
 * socket) while the page shows it, closes it when the page goes, and reports the server's
 * refusals. Open it only after the REST API confirmed the caller may read the document.
 *
 * Edits the server refused are taken back on this device: the connection is closed, the device copy
 * and its unsaved marker are deleted, and a new connection opens from the server's state. Left in
 * place, they would stay in the copy and reach the server the next time it takes edits (when the
 * document is restored, say), long after the person was told they did not count.
 */
export function useDocumentConnection({
  documentId,
  user,
  permissionKey,
  onLoginEnded,
  onEditsRefused,
}: DocumentConnectionHookOptions): DocumentConnectionState {
  const [connection, setConnection] = useState<DocumentConnection | null>(null);
  const [notAvailable, setNotAvailable] = useState(false);
  const [reopened, setReopened] = useState(0);
  // The connection outlives renders; it reports through the latest callbacks.
  const callbacks = useRef({ onLoginEnded, onEditsRefused });
  useEffect(() => {
    callbacks.current = { onLoginEnded, onEditsRefused };
  });

  useEffect(() => {
    let current = true;
    const opened = new DocumentConnection({
      documentId,
      user,
      onRefused: (code) => {
        if (code === SyncCloseCode.unauthenticated) {
          callbacks.current.onLoginEnded();
        } else if (code === SyncCloseCode.forbidden || code === SyncCloseCode.notFound) {
          void forgetDocument(user.accountId, documentId);
          setNotAvailable(true);
        }
      },
      onEditsRefused: (reason) => {
        if (!current) return;
        current = false;
        setConnection(null);
        void (async () => {
          // Let the editor leave the page before its document goes away.
          await new Promise((resolve) => setTimeout(resolve, 0));
          await opened.destroy();
          await forgetDocumentCopy(user.accountId, documentId);
          await callbacks.current.onEditsRefused(reason).catch(() => undefined);
          setReopened((n) => n + 1);
        })();
      },
    });
    setConnection(opened);
    return () => {
      if (!current) return;
      current = false;
      void opened.destroy();
    };
  }, [documentId, user, permissionKey, reopened]);

  return { connection, notAvailable };
}
