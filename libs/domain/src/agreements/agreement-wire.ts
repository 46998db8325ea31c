import { z } from 'zod';
import { TEXT } from '../wire/rest';
import type { AgreementDiff } from './agreement-diff';
import type { AgreementItem } from './agreement-item';

/**
 * The REST contract of agreements: versions in force, proposals, decisions, comments, conflicts
 * and the guarded archive. Request bodies are zod schemas; responses are types.
 */

/** Someone named on a record: their account and display name. */
export interface PersonRef {
  accountId: string;
  name: string;
}

/** One partner's acceptance of a version, as it was recorded. */
export interface AcceptanceView extends PersonRef {
  at: string;
}

/** A version in force, immutable once made. */
export interface AgreementVersionView {
  number: number;
  items: AgreementItem[];
  proposedBy: PersonRef;
  /** Both partners, with when each accepted the proposal state that became this version. */
  acceptedBy: AcceptanceView[];
  inForceAt: string;
  /** The proposal it came from. */
  proposalId: string;
}

/** A version in a list: who and when, without its items. */
export type AgreementVersionSummary = Omit<AgreementVersionView, 'items'> & { itemCount: number };

/**
 * `open`: being edited and decided; `stale`: its base version is no longer in force (bring it up
 * to date before anyone can accept); `in-force`: it became a version; `declined` by a partner;
 * `withdrawn` by its author.
 */
export const PROPOSAL_STATES = ['open', 'stale', 'in-force', 'declined', 'withdrawn'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export interface ProposalSummary {
  id: string;
  agreementId: string;
  title: string;
  /** The version it changes; 0 when it asks both partners to accept the first version (the draft). */
  baseVersion: number;
  state: ProposalState;
  createdBy: PersonRef;
  createdAt: string;
}

/** A partner's word on a proposal. An acceptance is withdrawn when the proposal changes after it. */
export interface ProposalDecisionView extends PersonRef {
  decision: 'accepted' | 'declined';
  at: string;
  /** Why a partner declined. */
  reason: string | null;
  /** Set when an acceptance no longer holds: when, and why ("Blake edited item 3 after you accepted"). */
  withdrawn: { at: string; reason: string } | null;
}

export interface ProposalCommentView {
  id: string;
  itemId: string;
  author: PersonRef & { role: 'counselor' | 'partner' };
  text: string;
  at: string;
}

/** An item both sides changed, found when a stale proposal was brought up to date. */
export interface ProposalConflictView {
  itemId: string;
  /** The item's title when the conflict was found, so a removed item can still be named. */
  title: string;
  resolved: { by: PersonRef; at: string; how: 'edited' | 'kept' } | null;
}

export interface ProposalView extends ProposalSummary {
  items: AgreementItem[];
  /** Against the version in force (or, for a first version, against nothing). */
  diff: AgreementDiff;
  /** The version in force now (0 when none): a proposal whose base is older is stale. */
  versionInForce: number;
  /** Identifies the exact state of the proposal's document: an acceptance is of this state. */
  stateHash: string;
  decisions: ProposalDecisionView[];
  comments: ProposalCommentView[];
  conflicts: ProposalConflictView[];
  /** Why it is closed (declined with a reason, withdrawn by its author, in force as version N). */
  closedReason: string | null;
}

export interface ArchiveRequestView {
  requestedBy: PersonRef;
  at: string;
}

/** An agreement: its version in force (null while it is a draft), its proposals, an archive request. */
export interface AgreementView {
  documentId: string;
  workspaceId: string;
  title: string;
  archived: boolean;
  /** The agreement document takes no edits: a version is in force, or the draft is being asked to be accepted. */
  sealed: boolean;
  inForce: AgreementVersionView | null;
  /** The draft's items, while there is no version yet. */
  draftItems: AgreementItem[] | null;
  proposals: ProposalSummary[];
  archiveRequest: ArchiveRequestView | null;
}

export interface AgreementVersionsCompared {
  from: number;
  to: number;
  diff: AgreementDiff;
}

function hasControlCharacter(s: string, allowNewlines: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (allowNewlines && code === 0x0a) continue;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const words = (max: number, what: string) =>
  z
    .string(TEXT)
    .trim()
    .refine((s) => !hasControlCharacter(s, true), { error: 'must not contain control characters (invisible codes such as NUL or escape)' })
    .min(1, { error: `${what} is required` })
    .max(max, { error: `must be at most ${max} characters` });

export const CreateProposalBody = z
  .object({
    /** What the change is about, in the proposer's words ("Phones at dinner"). */
    title: words(200, 'a title').optional(),
  })
  .strict();
export type CreateProposalBody = z.infer<typeof CreateProposalBody>;

export const AcceptProposalBody = z
  .object({
    /** The state the partner read (`ProposalView.stateHash`): refused if the proposal changed since. */
    stateHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be the proposal’s state hash' }).optional(),
  })
  .strict();
export type AcceptProposalBody = z.infer<typeof AcceptProposalBody>;

export const DeclineProposalBody = z.object({ reason: words(2000, 'a reason') }).strict();
export type DeclineProposalBody = z.infer<typeof DeclineProposalBody>;

export const CommentOnProposalBody = z
  .object({
    itemId: z.string().trim().min(1, { error: 'is required' }).max(100),
    text: words(4000, 'a comment'),
  })
  .strict();
export type CommentOnProposalBody = z.infer<typeof CommentOnProposalBody>;

export const CompareVersionsQuery = z
  .object({
    from: z.coerce.number({ error: 'must be a version number' }).int().min(0),
    to: z.coerce.number({ error: 'must be a version number' }).int().min(1),
  })
  .strict();
export type CompareVersionsQuery = z.infer<typeof CompareVersionsQuery>;
