import { useEffect } from 'react';
import type { Editor } from '@tiptap/react';
import type { DocumentConnection } from '../../editor/document-connection';
import { placeCaret } from '../../editor/positions';
import { useLiveSession } from '../live-session-context';

/**
 * "Bring everyone here" landing on this document: once the document is synced, the caret goes
 * where the counselor's is, and the page scrolls to it. (Another document is opened first by
 * the live session's BringHereFollower.)
 */
export function useBringHere(connection: DocumentConnection, documentId: string, editor: Editor | null) {
  const live = useLiveSession();
  const pending = live?.state.bringHere ?? null;
  const brought = live?.brought;
  useEffect(() => {
    if (!pending || !brought || !editor || pending.documentId !== documentId) return;
    // Someone not in the session is not moved (BringHereFollower lets it go).
    if (!live?.state.session?.participantIds.includes(live.me.accountId)) return;
    const { provider } = connection;
    const place = () => {
      if (pending.position && !editor.isDestroyed) {
        // Keep the focus where the person is writing (a mirror, say); otherwise into the text.
        const active = window.document.activeElement;
        const typingElsewhere = active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement;
        if (placeCaret(editor, pending.position) && !typingElsewhere) editor.commands.focus(undefined, { scrollIntoView: false });
      }
      brought(pending.nonce, true);
    };
    if (provider.synced) {
      place();
      return;
    }
    const onSync = (synced: boolean) => {
      if (synced) place();
    };
    provider.on('sync', onSync);
    return () => provider.off('sync', onSync);
  }, [pending, brought, editor, documentId, connection, live]);
}
