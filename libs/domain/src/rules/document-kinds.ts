/**
 * The kinds of document a workspace holds, and what each kind is for.
 * Every rule about who may see or edit a kind lives in roles.ts, which reads this table.
 */
export const DOCUMENT_KINDS = ['agreement', 'notes', 'dialogue', 'counselor-notes', 'proposal', 'draft'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentKindInfo {
  kind: DocumentKind;
  /** Shown to people: the kind's name in the product's words. */
  label: string;
  /** One sentence on what the kind is for. */
  purpose: string;
  /** True when only the counselor may ever list, open, create or sync it. */
  counselorOnly: boolean;
  /** False when people never create it by hand (a live session makes its own dialogue). */
  createdByPeople: boolean;
  /** False when it is never listed with the workspace's documents (a proposal is shown with its agreement). */
  listed: boolean;
  /**
   * True when it can be sealed: closed to edits while it stays readable (an agreement with a
   * version in force, a closed proposal). The server stores edits to it only while the database
   * says it is open.
   */
  sealable: boolean;
  /**
   * True when only its author (who the document was made for) may open or edit it until it is
   * sealed (a draft, until the counselor reveals it); to anyone else it does not exist: refused as
   * "not found", never listed, never named in presence.
   */
  authorOnly?: boolean;
}

export const DOCUMENT_KIND_INFO: Record<DocumentKind, DocumentKindInfo> = {
  agreement: {
    kind: 'agreement',
    label: 'Agreements',
    purpose: 'Boundaries and commitments the couple shapes together.',
    counselorOnly: false,
    createdByPeople: true,
    listed: true,
    sealable: true,
  },
  notes: {
    kind: 'notes',
    label: 'Communication notes',
    purpose: 'Shared notes on how you talk and listen to each other.',
    counselorOnly: false,
    createdByPeople: true,
    listed: true,
    sealable: false,
  },
  dialogue: {
    kind: 'dialogue',
    label: 'Session dialogues',
    purpose: 'What each of you said in a live session, written while you held the floor.',
    counselorOnly: false,
    createdByPeople: false,
    listed: true,
    sealable: false,
  },
  'counselor-notes': {
    kind: 'counselor-notes',
    label: 'Private counselor notes',
    purpose: 'Only the counselor can ever see these.',
    counselorOnly: true,
    createdByPeople: true,
    listed: true,
    sealable: false,
  },
  proposal: {
    kind: 'proposal',
    label: 'Proposed changes',
    purpose: 'A change to an agreement in force, edited together until both partners accept it.',
    counselorOnly: false,
    createdByPeople: false,
    listed: false,
    sealable: true,
  },
  draft: {
    kind: 'draft',
    label: 'Drafts revealed together',
    purpose: 'A partner’s own answer to the counselor’s prompt: theirs alone until both are done and the counselor reveals them.',
    counselorOnly: false,
    createdByPeople: false,
    listed: false,
    sealable: true,
    authorOnly: true,
  },
};

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}
