/** A rename, archive or restore of a document, as the document page and the workspace list show it. */
export interface DocumentActivityView {
  id: string;
  documentId: string;
  action: 'renamed' | 'archived' | 'restored';
  /** Who did it; null when their account was deleted since. */
  actor: { id: string; name: string } | null;
  oldTitle: string | null;
  newTitle: string | null;
  at: string;
}
