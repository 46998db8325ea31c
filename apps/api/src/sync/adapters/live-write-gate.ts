import { can, describeWriteHold, JOINT_WORK_PAUSED_WORDS, liveWriteHold, LiveSessionView } from '@kinship/domain/rules';
import type { DocumentRecord, Peer, WriteGate, WriteVerdict } from '../ports';

/** What the gate needs to know of a workspace's live session, at once (no waiting on a frame). */
export interface LiveSessionLookup {
  /** Undefined when the workspace's session was never read in this process. */
  peek(workspaceId: string): { session: LiveSessionView | null; members: { accountId: string; name: string }[] } | undefined;
}

/** Whether a workspace's joint work is paused, at once: undefined when it was not read in this process. */
export interface JointWorkLookup {
  peek(workspaceId: string): boolean | undefined;
}

const ALLOWED: WriteVerdict = { allowed: true };
const ARCHIVED = 'read-only: this document cannot be edited now';
const SEALED_AGREEMENT = 'read-only: this agreement has a version in force; propose a change instead';
const CLOSED_PROPOSAL = 'read-only: this proposal is closed';
const REVEALED_DRAFT = 'read-only: this draft has been revealed';

/**
 * The shared rules, asked on every update frame with the workspace's live session: the role, the
 * record (archived) and moderation (a lock, a pause, someone else holding the floor) all come
 * through `can()`, and so does a pause of the workspace's joint work (safety). A refusal names why in the words the editor shows (`describeWriteHold`).
 */
export class LiveWriteGate implements WriteGate {
  constructor(
    private readonly live: LiveSessionLookup,
    private readonly jointWork: JointWorkLookup,
  ) {}

  mayWrite(peer: Peer, documentId: string, record: DocumentRecord): WriteVerdict {
    const known = this.live.peek(record.workspaceId);
    // Admission reads the session before a connection may send anything; without it, nothing is let through.
    if (!known) return { allowed: false, reason: 'read-only: the live session is being read; reconnect to edit' };
    const jointWorkPaused = this.jointWork.peek(record.workspaceId);
    if (jointWorkPaused === undefined) return { allowed: false, reason: 'read-only: the workspace is being read; reconnect to edit' };
    const session = known.session;
    const live = { accountId: peer.accountId, documentId, session };
    if (can({ role: peer.role, accountId: peer.accountId, jointWorkPaused }, { type: 'document.write', document: record.target }, live)) return ALLOWED;
    // The counselor paused joint work: the same neutral words for everyone, whatever else holds.
    if (jointWorkPaused && can({ role: peer.role, accountId: peer.accountId }, { type: 'document.write', document: record.target }, live)) return { allowed: false, reason: JOINT_WORK_PAUSED_WORDS };
    if (record.target.sealed && !record.target.archived) {
      return { allowed: false, reason: record.target.kind === 'proposal' ? CLOSED_PROPOSAL : record.target.kind === 'draft' ? REVEALED_DRAFT : SEALED_AGREEMENT };
    }
    const hold = liveWriteHold({ accountId: peer.accountId, role: peer.role }, documentId, session);
    if (!hold || !can({ role: peer.role, accountId: peer.accountId }, { type: 'document.write', document: record.target })) return { allowed: false, reason: ARCHIVED };
    return { allowed: false, reason: describeWriteHold(hold, (id) => known.members.find((m) => m.accountId === id)?.name) };
  }
}
