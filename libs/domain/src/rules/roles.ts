import { DOCUMENT_KIND_INFO, DocumentKind } from './document-kinds';
import { liveWriteHold, type LiveSessionView } from './live-session';
import type { Role } from './role';

/**
 * Who may do what: the only copy of these rules. The API calls `can` on every REST route and on
 * every sync frame; the web app calls it only to hide controls it would refuse anyway.
 */
export { ROLES, MAX_PARTNERS, type Role } from './role';

export interface Actor {
  /** The caller's role in the workspace the target belongs to; null when not a member. */
  role: Role | null;
  /**
   * The counselor has paused the workspace's joint work (safety): no live session starts or is
   * joined, no proposal is opened or accepted, no shared document is edited, for anyone. Given by
   * the callers that decide joint work; left out, nothing is paused.
   */
  jointWorkPaused?: boolean;
  /** The caller's account id: needed for author-only kinds (a draft), refused without it. */
  accountId?: string;
}

export interface DocumentTarget {
  kind: DocumentKind;
  archived: boolean;
  /**
   * Its content is closed to edits while it stays readable: an agreement with a version in force
   * (changes go through a proposal), or a proposal that is closed (in force, declined, withdrawn).
   */
  sealed?: boolean;
  /** An author-only kind's author (a draft's partner): before it is sealed, no one else may know of it. */
  author?: string;
}

export type Action =
  | { type: 'workspace.view' }
  | { type: 'workspace.invite' }
  /** See the pending invites (for whom, until when) and withdraw one. */
  | { type: 'workspace.invite.manage' }
  | { type: 'document.list'; kind: DocumentKind }
  | { type: 'document.create'; kind: DocumentKind }
  | { type: 'document.read'; document: DocumentTarget }
  | { type: 'document.write'; document: DocumentTarget }
  | { type: 'document.rename'; document: DocumentTarget }
  | { type: 'document.archive'; document: DocumentTarget }
  /** Start or end a live session, lock, pause, bring everyone here, the timer, the floor, answer time-outs. */
  | { type: 'session.moderate' }
  /** Join a live session and see its record. */
  | { type: 'session.join' }
  /** Ask for a time-out: one tap, always open to a partner while a session is live. */
  | { type: 'session.time-out' }
  /** Read and write a session's private observations: the counselor's alone. */
  | { type: 'session.observations' }
  /** Open a proposal to change an agreement, comment on its items, withdraw one's own. */
  | { type: 'agreement.propose' }
  | { type: 'agreement.comment' }
  /** Accept or decline a proposal: the partners' alone (the counselor never accepts on their behalf). */
  | { type: 'agreement.accept' }
  /** Ask to archive an agreement in force, or confirm the other partner's request: partners only. */
  | { type: 'agreement.archive' }
  /** Read the workspace's audit trail (who read or changed what, when): the counselor's alone. */
  | { type: 'workspace.audit' }
  /** Download every record of the workspace (all documents, counselor notes included): the counselor's alone. */
  | { type: 'workspace.export' }
  /** End a partner's membership: the counselor's alone, and never their own. */
  | { type: 'workspace.member.remove'; member: { role: Role; self: boolean } }
  /** Leave the workspace: a partner may; the counselor keeps the workspace's records and cannot. */
  | { type: 'workspace.leave' }
  /**
   * Issue a member a one-time link to set a new password (they forgot theirs), see such links and
   * withdraw one: the counselor's alone, for a partner of this workspace, never for themselves.
   */
  | { type: 'account.recovery-link'; member: { role: Role; self: boolean } }
  /** Set the workspace's check-in (its questions and its one weekly schedule): the counselor's alone. */
  | { type: 'check-in.define' }
  /** Answer this week's check-in, and share one of one's own answers with the other partner: partners only. */
  | { type: 'check-in.answer' }
  /** Read every partner's check-in answers: the counselor's alone (a partner reads their own, and what was shared with them). */
  | { type: 'check-in.read-all' }
  /** See the workspace's commitments (not their check-ins): they are part of the agreement, open to everyone in it. */
  | { type: 'commitment.list' }
  /**
   * Make a commitment on an item of the agreement in force: a partner, on an active item that binds
   * them (`binds` is 'both' or their own account id, `me`).
   */
  | { type: 'commitment.make'; item: { binds: string; status: string }; me: string }
  /** Edit or retire a commitment, and check in on it: its author's alone. */
  | { type: 'commitment.own'; commitment: { self: boolean } }
  /**
   * See a person's commitment check-ins (outcomes, notes, whether and when they checked in): theirs
   * and the counselor's. The other partner learns nothing of them, not even that one exists.
   */
  | { type: 'commitment.check-ins.read'; owner: { self: boolean } }
  /** Set the workspace's commitment rhythm (daily, weekly), agreed with the couple: the counselor's. */
  | { type: 'commitment.rhythm' }
  /** See the workspace's repairs and where each stands: everyone in it (a repair is joint work). */
  | { type: 'repair.view' }
  /**
   * Start a guided repair: a partner or the counselor. A betrayal repair only once the counselor has
   * unlocked it for this workspace (`betrayalUnlocked`).
   */
  | { type: 'repair.start'; kind: 'incident' | 'betrayal'; betrayalUnlocked: boolean }
  /** Unlock (or lock again) betrayal repair for this workspace: the counselor's alone. */
  | { type: 'repair.unlock-betrayal' }
  /** Take a repair's steps, call a break, send an apology: the partners' alone, each for themselves. */
  | { type: 'repair.take-part' }
  /** Pause or resume a repair: the counselor's alone. */
  | { type: 'repair.pause' }
  /** See every partner's progress side by side (check-in answers and commitment check-ins over weeks): the counselor's alone. A partner sees their own. */
  | { type: 'progress.read-all' }
  /** Start a live session: the counselor's, unless joint work is paused. */
  | { type: 'session.start' }
  /** Set the safety questions, their risk marks and the practice's safety resources: the counselor's alone. */
  | { type: 'safety.define' }
  /** Answer the safety questions and write to the counselor alone: a partner's, at any time, paused or not. */
  | { type: 'safety.answer' }
  /** Read every partner's safety answers, threads and alerts, and reply in a thread: the counselor's alone. */
  | { type: 'safety.read-all' }
  /** Pause or resume the workspace's joint work, with a private note of why: the counselor's alone. */
  | { type: 'joint-work.pause' }
  /** Open a prompt for drafts revealed together, withdraw it before the reveal, see who is done, reveal: the counselor's alone. */
  | { type: 'reveal.moderate' }
  /** Write one's own draft for a prompt and mark it done (or not yet): partners only. */
  | { type: 'reveal.draft' };

/**
 * Live-session facts that can narrow what a member may do at a given moment (moderation): who is
 * writing, where, and the workspace's live session (null when none is live).
 */
export interface LiveContext {
  accountId: string;
  documentId: string;
  session: LiveSessionView | null;
}

function mayAccessKind(role: Role, kind: DocumentKind): boolean {
  return !DOCUMENT_KIND_INFO[kind].counselorOnly || role === 'counselor';
}

/**
 * An author-only document (a draft) before it is sealed: its author alone; once sealed (revealed),
 * every member. Any other kind: true.
 */
function mayAccessAuthorOnly(actor: Actor, document: DocumentTarget): boolean {
  if (!DOCUMENT_KIND_INFO[document.kind].authorOnly) return true;
  if (document.sealed) return true;
  return actor.accountId !== undefined && document.author !== undefined && actor.accountId === document.author;
}

export function can(actor: Actor, action: Action, live?: LiveContext): boolean {
  const role = actor.role;
  if (role === null) return false;
  if (actor.jointWorkPaused && isJointWork(action)) return false;
  switch (action.type) {
    case 'workspace.view':
      return true;
    case 'workspace.invite':
    case 'workspace.invite.manage':
      return role === 'counselor';
    case 'document.list':
      return mayAccessKind(role, action.kind);
    case 'document.create':
      return mayAccessKind(role, action.kind) && DOCUMENT_KIND_INFO[action.kind].createdByPeople;
    case 'document.read':
      return mayAccessKind(role, action.document.kind) && mayAccessAuthorOnly(actor, action.document);
    case 'document.write':
      // An archived document is kept as it was: nobody edits it until it is restored.
      if (!mayAccessKind(role, action.document.kind) || action.document.archived) return false;
      // A draft is written by its author alone (and by nobody once revealed: sealed, below).
      if (DOCUMENT_KIND_INFO[action.document.kind].authorOnly && (actor.accountId === undefined || actor.accountId !== action.document.author)) return false;
      // A version in force, or a closed proposal, is kept as it was: changes go through a proposal.
      if (action.document.sealed) return false;
      // A live session may hold the write for now (lock, pause, someone else has the floor).
      return !live || liveWriteHold({ accountId: live.accountId, role }, live.documentId, live.session) === null;
    case 'document.rename':
    case 'document.archive':
      // A draft's record (its title, archived when its prompt is withdrawn) is the prompt's to keep: no one renames or archives it by hand.
      if (DOCUMENT_KIND_INFO[action.document.kind].authorOnly) return false;
      if (action.type === 'document.archive') return mayAccessKind(role, action.document.kind);
      // Documents the app makes (a session's dialogue, a proposal) are named by it; the counselor may rename them.
      return mayAccessKind(role, action.document.kind) && (DOCUMENT_KIND_INFO[action.document.kind].createdByPeople || role === 'counselor');
    case 'session.moderate':
    case 'session.observations':
    case 'workspace.audit':
      return role === 'counselor';
    case 'session.join':
    case 'agreement.propose':
    case 'agreement.comment':
      return true;
    case 'agreement.accept':
    case 'agreement.archive':
      return role === 'partner';
    case 'session.time-out':
      return role === 'partner';
    case 'workspace.export':
      return role === 'counselor';
    case 'workspace.member.remove':
      return role === 'counselor' && !action.member.self && action.member.role === 'partner';
    case 'workspace.leave':
      return role === 'partner';
    case 'account.recovery-link':
      return role === 'counselor' && !action.member.self && action.member.role === 'partner';
    case 'check-in.define':
    case 'check-in.read-all':
      return role === 'counselor';
    case 'check-in.answer':
      return role === 'partner';
    case 'commitment.list':
      return true;
    case 'commitment.make':
      return role === 'partner' && action.item.status === 'active' && (action.item.binds === 'both' || action.item.binds === action.me);
    case 'commitment.own':
      return role === 'partner' && action.commitment.self;
    case 'commitment.check-ins.read':
      return role === 'counselor' || action.owner.self;
    case 'commitment.rhythm':
    case 'reveal.moderate':
      return role === 'counselor';
    case 'repair.view':
      return true;
    case 'repair.start':
      return action.kind === 'incident' || action.betrayalUnlocked;
    case 'repair.unlock-betrayal':
    case 'repair.pause':
      return role === 'counselor';
    case 'repair.take-part':
      return role === 'partner';
    case 'progress.read-all':
      return role === 'counselor';
    case 'session.start':
    case 'safety.define':
    case 'safety.read-all':
    case 'joint-work.pause':
      return role === 'counselor';
    case 'safety.answer':
    case 'reveal.draft':
      return role === 'partner';
  }
}

/**
 * What a pause of joint work holds, for everyone: a live session starting or being joined, a
 * proposal opened or accepted, an edit to a document the partners share (the counselor's private
 * notes stay open to them), a guided repair started or stepped through (a break and setting it
 * aside stay open: nobody is held in one). Safety answers and messages are never joint work.
 */
function isJointWork(action: Action): boolean {
  switch (action.type) {
    case 'session.start':
    case 'session.join':
    case 'agreement.propose':
    case 'agreement.accept':
    case 'repair.start':
    case 'repair.take-part':
      return true;
    case 'document.write':
      return !DOCUMENT_KIND_INFO[action.document.kind].counselorOnly;
    default:
      return false;
  }
}

/**
 * True while a document is its author's alone (a draft before its reveal): reading and editing it
 * leave no trace anyone else could see, not even an entry in the audit trail (whose entry numbers
 * every member's own entries show).
 */
export function leavesNoTrace(target: DocumentTarget): boolean {
  return DOCUMENT_KIND_INFO[target.kind].authorOnly === true && !target.sealed;
}

/** The kinds a member with this role may see listed with the workspace's documents, in display order. */
export function visibleKinds(role: Role): DocumentKind[] {
  return (Object.keys(DOCUMENT_KIND_INFO) as DocumentKind[]).filter((kind) => DOCUMENT_KIND_INFO[kind].listed && mayAccessKind(role, kind));
}

/**
 * An agreement with a version in force is archived only by both partners: one asks, the other
 * confirms. A lone archive (by a partner or the counselor) is refused with this rule.
 */
export function archiveNeedsBothPartners(target: DocumentTarget): boolean {
  return target.kind === 'agreement' && target.sealed === true && !target.archived;
}
