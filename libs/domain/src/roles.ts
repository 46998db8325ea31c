import { DOCUMENT_KIND_INFO, DocumentKind } from './document-kinds';

/**
 * Who may do what: the only copy of these rules. The API calls `can` on every REST route and on
 * every sync frame; the web app calls it only to hide controls it would refuse anyway.
 */
export const ROLES = ['counselor', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** A partner's place in a workspace is limited: a couple has two people. */
export const MAX_PARTNERS = 2;

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
  | { type: 'document.archive'; document: DocumentTarget };

/**
 * Live-session facts that can narrow what a member may do at a given moment (moderation).
 * Empty until live sessions exist; the parameter is here so every caller already passes it.
 */
export type LiveContext = Record<string, never>;

function mayAccessKind(role: Role, kind: DocumentKind): boolean {
  return !DOCUMENT_KIND_INFO[kind].counselorOnly || role === 'counselor';
}

export function can(actor: Actor, action: Action, _live?: LiveContext): boolean {
  const role = actor.role;
  if (role === null) return false;
  switch (action.type) {
    case 'workspace.view':
      return true;
    case 'workspace.invite':
    case 'workspace.invite.manage':
      return role === 'counselor';
    case 'document.list':
    case 'document.create':
      return mayAccessKind(role, action.kind);
    case 'document.read':
      return mayAccessKind(role, action.document.kind);
    case 'document.write':
      // An archived document is kept as it was: nobody edits it until it is restored.
      return mayAccessKind(role, action.document.kind) && !action.document.archived;
    case 'document.rename':
    case 'document.archive':
      return mayAccessKind(role, action.document.kind);
  }
}

/** The kinds a member with this role may see, in display order. */
export function visibleKinds(role: Role): DocumentKind[] {
  return (Object.keys(DOCUMENT_KIND_INFO) as DocumentKind[]).filter((kind) => mayAccessKind(role, kind));
}
