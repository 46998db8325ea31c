import { useEffect, useRef, useState } from 'react';
import { SyncCloseCode } from '@kinship/domain';
import { CollaborationSession, type PresenceUser } from '../collaboration-session';
import { forgetDocument } from '../../../shared/device-storage';

export interface CollaborationSessionHookOptions {
  documentId: string;
  user: PresenceUser;
  /**
   * Anything that changes what the server allows on this document (archived, restored): a new
   * value opens a new session, so the server decides write permission afresh.
   */
  permissionKey: string;
  /** The account's session ended (logged out elsewhere, or expired). */
  onSessionEnded: () => void;
  /** The server stopped taking this person's edits (for example the document was archived). */
  onEditsRefused: () => void;
}

export interface CollaborationSessionState {
  /** Null until the session is opened. */
  session: CollaborationSession | null;
  /** The server said this document is not this account's to open (4403, 4404). */
  notAvailable: boolean;
}

/**
 * Opens the document's collaboration session (the Y.Doc, its copy on this device, the sync
 * connection) while the page shows it, closes it when the page goes, and reports the server's
 * refusals. Open it only after the REST API confirmed the caller may read the document.
 */
export function useCollaborationSession({
  documentId,
  user,
  permissionKey,
  onSessionEnded,
  onEditsRefused,
}: CollaborationSessionHookOptions): CollaborationSessionState {
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const [notAvailable, setNotAvailable] = useState(false);
  // The session outlives renders; it reports through the latest callbacks.
  const callbacks = useRef({ onSessionEnded, onEditsRefused });
  useEffect(() => {
    callbacks.current = { onSessionEnded, onEditsRefused };
  });

  useEffect(() => {
    const opened = new CollaborationSession({
      documentId,
      user,
      onRefused: (code) => {
        if (code === SyncCloseCode.unauthenticated) {
          callbacks.current.onSessionEnded();
        } else if (code === SyncCloseCode.forbidden || code === SyncCloseCode.notFound) {
          void forgetDocument(user.accountId, documentId);
          setNotAvailable(true);
        }
      },
      onEditsRefused: () => callbacks.current.onEditsRefused(),
    });
    setSession(opened);
    return () => opened.destroy();
  }, [documentId, user, permissionKey]);

  return { session, notAvailable };
}
