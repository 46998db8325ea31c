import { useEffect, useRef, useState } from 'react';
import { liveWriteHold, type LiveSessionView, type Role, type WriteHold } from '@kinship/domain/rules';
import { useLiveSession } from '../live-session-context';

export interface LiveWriteHold {
  /** The workspace's live session, or null when none is running. */
  session: LiveSessionView | null;
  /** What holds this person's writing in this document for now (locked, paused, someone else has the floor), or null. */
  hold: WriteHold | null;
  /** True once words typed a moment before a hold reached this screen were refused; forgotten once the hold lifts. */
  lateEdit: boolean;
  /** This document is the session's dialogue (the floor panel shows beside it). */
  onDialogue: boolean;
  /**
   * The server refused this person's edits: in a live session that is the moderation (a lock or
   * pause met the words on their way), said gently as a late edit. Returns false outside a live
   * session (the refusal is the page's to explain).
   */
  editsRefused: () => boolean;
}

/** How the workspace's live session holds the writing of one document for this person. */
export function useLiveWriteHold(accountId: string, role: Role, documentId: string): LiveWriteHold {
  const live = useLiveSession();
  const session = live?.state.session ?? null;
  const hold = liveWriteHold({ accountId, role }, documentId, session);
  const [lateEdit, setLateEdit] = useState(false);
  const [heldBefore, setHeldBefore] = useState(hold !== null);
  if (heldBefore !== (hold !== null)) {
    setHeldBefore(hold !== null);
    if (hold === null) setLateEdit(false);
  }
  const liveNow = useRef(session !== null);
  useEffect(() => {
    liveNow.current = session !== null;
  });
  const editsRefused = () => {
    if (!liveNow.current) return false;
    setLateEdit(true);
    return true;
  };
  const onDialogue = session !== null && session.dialogueDocumentId === documentId;
  return { session, hold, lateEdit, onDialogue, editsRefused };
}
