import type { DocumentTarget, Role } from '@kinship/domain/rules';
import type { StorageUsage } from './storage-quota';

/**
 * The sync core's three seams. The core (rooms, connections, protocol) knows nothing of
 * PostgreSQL, Redis or the role rules; adapters/ plug them in.
 */

/** One stored piece of a document: its snapshot, or one logged update. */
export interface StoredPiece {
  /** Where it is kept, so a piece that cannot be loaded can be set aside: 'snapshot' or a row id. */
  ref: string;
  data: Uint8Array;
  /** A compacted snapshot's state vector, when the store kept it beside the snapshot. */
  stateVector?: Uint8Array;
}

/** What became of an append: stored, or refused because the document stopped taking edits (sealed, archived). */
export type AppendOutcome = 'stored' | 'refused';

export interface AppendOptions {
  /**
   * The document can be sealed (an agreement, a proposal): the append is stored only if the
   * document is still open when it commits, decided in the database against the transaction that
   * seals it, so an edit is either in the state both partners accepted or refused.
   */
  guarded?: boolean;
}

/** Where a document's updates are kept. */
export interface DocStore {
  /**
   * Every stored piece of the document (snapshot first, then updates in order), read in one
   * consistent view: applying them all gives the document.
   */
  load(documentId: string): Promise<StoredPiece[]>;
  /**
   * Moves a stored piece that cannot be loaded (malformed, or one Yjs throws on) out of the
   * document, into a quarantine kept for a person to look at.
   */
  quarantine(documentId: string, ref: string, reason: string): Promise<void>;
  /**
   * Bytes of the document's stored update rows, and of its workspace's when `workspaceId` is
   * given (see StorageQuota).
   */
  usage(documentId: string, workspaceId: string | null): Promise<StorageUsage>;
  /** Which account brought each Yjs client id into the document (null: an account since deleted). */
  clientOwners(documentId: string): Promise<Map<number, string | null>>;
  /**
   * Claims client ids new to the document for an account, decided in the database once for every
   * process (the first claim wins), and answers who owns each of them now.
   */
  claim(documentId: string, accountId: string, clients: number[]): Promise<Map<number, string | null>>;
  /**
   * Resolves once the update is durable ('stored'), or refused by the database ('refused', see
   * AppendOptions). Appends may be batched; they settle in call order for each document.
   */
  append(documentId: string, update: Uint8Array, accountId: string | null, options?: AppendOptions): Promise<AppendOutcome>;
  /** Called when a room unloads; the store may compact the document's log then. */
  unloaded(documentId: string): void;
  /** Resolves when every append made so far has settled. */
  drain(): Promise<void>;
  /** Appends accepted and not yet settled: how far storing is behind. */
  backlog(): number;
}

/** Client ids an update brings into a document, and the account they belong to from then on. */
export interface Claims {
  accountId: string | null;
  clients: number[];
}

/** What a room hears from the same document's rooms in other API processes. */
export interface FanOutListener {
  /** A frame another process's room accepted (a Yjs update or presence), with any client ids it claimed. */
  relayed(frame: Uint8Array, claims: Claims | null): void;
  /** The document's record changed in another process (archived, restored, sealed). */
  recordChanged(record: DocumentRecord): void;
  /**
   * Something may have been missed (a gap in another process's messages, or the link to the other
   * processes dropped and came back): the room catches up from the store.
   */
  missed(): void;
}

/**
 * How a room's traffic reaches the same document's rooms in other API processes. A room publishes
 * an update only once it is stored, so another process never holds an edit the store lacks (a
 * process that dies cannot leave its edits alive elsewhere but lost from the record), and a room
 * that subscribes before it reads the store misses nothing: what was published before it
 * subscribed was stored before it read. What arrives is applied and relayed locally, never stored
 * or published again, and a process never hears its own messages. Presence is published at once.
 */
export interface FanOut {
  publish(documentId: string, frame: Uint8Array, claims?: Claims | null): void;
  publishRecord(documentId: string, record: DocumentRecord): void;
  /** Resolves once subscribed (a room subscribes before it loads), with the way to unsubscribe. */
  subscribe(documentId: string, listener: FanOutListener): Promise<() => void>;
}

/** Who is on the other end of a connection, as their login says. */
export interface Peer {
  accountId: string;
  /** Their display name, stamped on their presence. */
  name: string;
  role: Role;
  /** The login (hash of its token) this connection lives on: it closes when the login ends. */
  loginHash: string;
}

/** The write gate's answer: allowed, or why not in plain words (sent to the client as it is). */
export type WriteVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Decides, for every update frame, whether this peer may change this document right now (its role,
 * the record, and moderation such as a live session's lock, pause or floor). Synchronous: what it
 * needs must be at hand by the time a connection is admitted.
 */
export interface WriteGate {
  mayWrite(peer: Peer, documentId: string, record: DocumentRecord): WriteVerdict;
}

/** What the sync server knows of a document's record; `revision` only ever grows. */
export interface DocumentRecord {
  workspaceId: string;
  target: DocumentTarget;
  revision: number;
}

/** What the upgrade learned about a connection before accepting it. */
export interface Admission {
  peer: Peer;
  documentId: string;
  record: DocumentRecord;
}
