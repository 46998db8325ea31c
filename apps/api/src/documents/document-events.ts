import type { DocumentTarget } from '@kinship/domain';

/** Emitted after a document's record changes (renamed, archived, restored). */
export const DOCUMENT_CHANGED = 'document.changed';
export interface DocumentChanged {
  documentId: string;
  workspaceId: string;
  target: DocumentTarget;
  /** The record's revision after the change; sync rooms never go back to a lower one. */
  revision: number;
}
