import type { DocumentTarget, Role } from '@kinship/domain';

/**
 * The sync core's three seams. The core (rooms, connections, protocol) knows nothing of
 * PostgreSQL, Redis or the role rules; adapters/ plug them in.
 */

/** One stored piece of a document: its snapshot, or one logged update. */
export interface StoredPiece {
  /** Where it is kept, so a piece that cannot be loaded can be set aside: 'snapshot' or a row id. */
  ref: string;
  data: Uint8Array;
}

/** Where a document's updates are kept. */
export interface DocStore {
  /**
   * Every stored piece of the document (snapshot first, then updates in order), read in one
   * consistent view: applying them all gives the document.
   */
  load(documentId: string): Promise<StoredPiece[]>;
  /**
   * Moves a stored piece that cannot be loaded safely (malformed, over the limits, or one Yjs
   * throws on) out of the document, into a quarantine kept for a person to look at.
   */
  quarantine(documentId: string, ref: string, reason: string): Promise<void>;
  /** Which account brought each Yjs client id into the document (null: an account since deleted). */
  clientOwners(documentId: string): Promise<Map<number, string | null>>;
  /**
   * Resolves once the update is durable. Appends may be batched; they resolve in call order.
   * `newClients`: client ids this update brings into the document, recorded as `accountId`'s in
   * the same statement.
   */
  append(documentId: string, update: Uint8Array, accountId: string | null, newClients?: number[]): Promise<void>;
  /** Called when a room unloads; the store may compact the document's log then. */
  unloaded(documentId: string): void;
  /** Resolves when every append made so far has settled. */
  drain(): Promise<void>;
}

/**
 * How a room's traffic reaches the same document's rooms in other API processes. Frames that
 * arrive from the fan-out are applied and relayed locally, never stored or published again.
 */
export interface FanOut {
  publish(documentId: string, frame: Uint8Array): void;
  subscribe(documentId: string, onFrame: (frame: Uint8Array) => void): () => void;
}

/** Who is on the other end of a connection, as their session says. */
export interface Peer {
  accountId: string;
  /** Their display name, stamped on their presence. */
  name: string;
  role: Role;
  /** The session (hash of its token) this connection lives on: it closes when the session ends. */
  sessionId: string;
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
