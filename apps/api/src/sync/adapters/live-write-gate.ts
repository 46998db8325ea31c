import { can, describeWriteHold, liveWriteHold, LiveSessionView } from '@kinship/domain/rules';
import type { DocumentRecord, Peer, WriteGate, WriteVerdict } from '../ports';

/** What the gate needs to know of a workspace's live session, at once (no waiting on a frame). */
export interface LiveSessionLookup {
  /** Undefined when the workspace's session was never read in this process. */
  peek(workspaceId: string): { session: LiveSessionView | null; members: { accountId: string; name: string }[] } | undefined;
}

const ALLOWED: WriteVerdict = { allowed: true };
const ARCHIVED = 'read-only: this document cannot be edited now';
const SEALED_AGREEMENT = 'read-only: this agreement has a version in force; propose a change instead';
const CLOSED_PROPOSAL = 'read-only: this proposal is closed';
const REVEALED_DRAFT = 'read-only: this draft has been revealed';

/**
 * The shared rules, asked on every update frame with the workspace's live session: the role, the
 * record (archived) and moderation (a lock, a pause, someone else holding the floor) all come
 * through `can()`. A refusal names why in the words the editor shows (`describeWriteHold`).
 */
export class LiveWriteGate implements WriteGate {
  constructor(private readonly live: LiveSessionLookup) {}

  mayWrite(peer: Peer, documentId: string, record: DocumentRecord): WriteVerdict {
    const known = this.live.peek(record.workspaceId);
    // Admission reads the session before a connection may send anything; without it, nothing is let through.
    if (!known) return { allowed: false, reason: 'read-only: the live session is being read; reconnect to edit' };
    const session = known.session;
    if (can({ role: peer.role, accountId: peer.accountId }, { type: 'document.write', document: record.target }, { accountId: peer.accountId, documentId, session })) return ALLOWED;
    if (record.target.sealed && !record.target.archived) {
      return { allowed: false, reason: record.target.kind === 'proposal' ? CLOSED_PROPOSAL : record.target.kind === 'draft' ? REVEALED_DRAFT : SEALED_AGREEMENT };
    }
    const hold = liveWriteHold({ accountId: peer.accountId, role: peer.role }, documentId, session);
    if (!hold || !can({ role: peer.role, accountId: peer.accountId }, { type: 'document.write', document: record.target })) return { allowed: false, reason: ARCHIVED };
    return { allowed: false, reason: describeWriteHold(hold, (id) => known.members.find((m) => m.accountId === id)?.name) };
  }
}
