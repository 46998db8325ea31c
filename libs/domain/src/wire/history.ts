/**
 * The REST shapes of a document's history, authorship and activity (GET /api/documents/:id/authorship,
 * /history, /history/:editId, /activity; GET /api/workspaces/:id/document-activity). Defined once.
 */

/** A stretch of text by one person; `change` marks what the edit shown added or removed. */
export interface AuthoredRun {
  text: string;
  /** The account whose client id wrote it; null when not known (written before owners were kept). */
  authorId: string | null;
  change?: 'added' | 'removed';
}

/** A paragraph, heading, list item or any other element holding text, in document order. */
export interface AuthoredBlock {
  /** The element's name (paragraph, heading, listItem, …); `text` for a plain shared text. */
  type: string;
  runs: AuthoredRun[];
}

export interface HistoryPerson {
  id: string;
  name: string;
}

export interface AuthorshipView {
  blocks: AuthoredBlock[];
  people: HistoryPerson[];
}

/** One burst of edits: the same author, no gap of two minutes or more between two of them. */
export interface HistoryEdit {
  /** The last stored update of the burst: the point in time "right after this edit". */
  id: string;
  authorId: string | null;
  from: string;
  to: string;
  updates: number;
  wordsAdded: number;
  wordsRemoved: number;
  /** The start of what was added (or, when nothing was, of what was removed). */
  snippet: string;
}

export interface HistoryPage {
  /** Newest first. */
  edits: HistoryEdit[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  nextBefore: string | null;
  /**
   * Set when the document was compacted before history was kept: its history begins at that
   * state (written by whoever wrote it then), taken at this time.
   */
  beginsAt: string | null;
  people: HistoryPerson[];
}

export interface HistoryPointView {
  edit: HistoryEdit;
  blocks: AuthoredBlock[];
  people: HistoryPerson[];
}

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
