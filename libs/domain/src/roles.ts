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
}

export interface DocumentTarget {
  kind: DocumentKind;
  archived: boolean;
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
  | { type: 'session.observations' };

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

export function can(actor: Actor, action: Action, live?: LiveContext): boolean {
  const role = actor.role;
  if (role === null) return false;
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
      return mayAccessKind(role, action.document.kind);
    case 'document.write':
      // An archived document is kept as it was: nobody edits it until it is restored.
      if (!mayAccessKind(role, action.document.kind) || action.document.archived) return false;
      // A live session may hold the write for now (lock, pause, someone else has the floor).
      return !live || liveWriteHold({ accountId: live.accountId, role }, live.documentId, live.session) === null;
    case 'document.rename':
    case 'document.archive':
      return mayAccessKind(role, action.document.kind);
    case 'session.moderate':
    case 'session.observations':
      return role === 'counselor';
    case 'session.join':
      return true;
    case 'session.time-out':
      return role === 'partner';
  }
}

/** The kinds a member with this role may see, in display order. */
export function visibleKinds(role: Role): DocumentKind[] {
  return (Object.keys(DOCUMENT_KIND_INFO) as DocumentKind[]).filter((kind) => mayAccessKind(role, kind));
}
