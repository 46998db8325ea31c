import type { DocumentKind, DocumentTarget } from '@kinship/domain';

/** Emitted after a document's record changes (renamed, archived, restored). */
export const DOCUMENT_CHANGED = 'document.changed';
export interface DocumentChanged {
  documentId: string;
  workspaceId: string;
  target: DocumentTarget;
  /** The record's revision after the change; sync rooms never go back to a lower one. */
  revision: number;
}

/**
 * Emitted by the sync server when it accepts an edit to a document whose workspace has a live
 * session (the live session records which documents changed, and by whom), and to every proposal
 * (an edit after an acceptance withdraws it).
 */
export const DOCUMENT_EDITED = 'document.edited';
export interface DocumentEdited {
  documentId: string;
  workspaceId: string;
  accountId: string;
  kind: DocumentKind;
}
