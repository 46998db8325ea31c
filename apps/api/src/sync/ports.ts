import type { DocumentTarget, Role } from '@kinship/domain';

/**
 * The sync core's three seams. The core (rooms, connections, protocol) knows nothing of
 * PostgreSQL, Redis or the role rules; adapters/ plug them in.
 */

/** Where a document's updates are kept. */
export interface DocStore {
  /** Every stored piece of the document (snapshot first, then updates); applying them all gives the document. */
  load(documentId: string): Promise<Uint8Array[]>;
  /** Resolves once the update is durable. Appends may be batched; they resolve in call order. */
  append(documentId: string, update: Uint8Array, accountId: string | null): Promise<void>;
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

/** Who is on the other end of a connection. */
export interface Peer {
  accountId: string;
  role: Role;
}

/** Decides, for every update frame, whether this peer may change this document right now. */
export interface WriteGate {
  mayWrite(peer: Peer, document: DocumentTarget): boolean;
}

/** What the upgrade learned about a connection before accepting it. */
export interface Admission {
  peer: Peer;
  documentId: string;
  document: DocumentTarget;
}
