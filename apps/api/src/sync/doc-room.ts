import * as Y from 'yjs';
import { ReceiptStatus, type DocumentTarget } from '@kinship/domain';
import type { DocStore, FanOut, WriteGate } from './ports';
import type { SyncConnection } from './connection';
import { AwarenessRegistry, encodeAwarenessUpdate } from './awareness-registry';
import { awarenessFrame, updateInFrame, permissionDeniedFrame, receiptFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol';

/** The encoding of an update with no structs and no deletions. */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

export interface RoomDeps {
  store: DocStore;
  fanOut: FanOut;
  gate: WriteGate;
  /** The room has no connections left. */
  onEmpty(room: DocRoom): void;
  /** Storing failed: the room must be dropped, and its connections closed. */
  onStoreFailure(room: DocRoom, error: unknown): void;
}

/**
 * One loaded document and the connections editing it. Updates are applied to the in-memory
 * Y.Doc (to serve joiners), relayed as the bytes that arrived to every other connection, and
 * appended to the store; a connection's save receipt waits for its appends.
 */
export class DocRoom {
  readonly connections = new Set<SyncConnection>();
  private readonly awareness = new AwarenessRegistry<SyncConnection>();
  private readonly unsubscribe: () => void;
  private destroyed = false;
  /** Settles when every append this room made so far has settled. */
  private lastAppend: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly documentId: string,
    readonly doc: Y.Doc,
    public document: DocumentTarget,
    private readonly deps: RoomDeps,
  ) {
    this.unsubscribe = deps.fanOut.subscribe(documentId, (frame) => this.receiveRemote(frame));
  }

  /** Loads the document from the store. A failed load throws and leaves nothing behind. */
  static async load(documentId: string, document: DocumentTarget, deps: RoomDeps): Promise<DocRoom> {
    const pieces = await deps.store.load(documentId);
    const doc = new Y.Doc({ gc: true });
    try {
      Y.transact(doc, () => {
        for (const piece of pieces) Y.applyUpdate(doc, piece, 'store');
      });
    } catch (error) {
      doc.destroy();
      throw error;
    }
    return new DocRoom(documentId, doc, document, deps);
  }

  /** Resolves once this room's appends so far are stored (or have failed and been handled). */
  appendsSettled(): Promise<unknown> {
    return this.lastAppend;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  join(connection: SyncConnection): void {
    this.connections.add(connection);
    connection.send(syncStep1Frame(Y.encodeStateVector(this.doc)));
    const present = this.awareness.current();
    if (present.length > 0) connection.send(awarenessFrame(encodeAwarenessUpdate(present)));
  }

  leave(connection: SyncConnection): void {
    if (!this.connections.delete(connection)) return;
    const removed = this.awareness.removeOwner(connection);
    if (removed.length > 0) this.broadcast(awarenessFrame(encodeAwarenessUpdate(removed)), null);
    if (this.connections.size === 0) this.deps.onEmpty(this);
  }

  receiveSyncStep1(connection: SyncConnection, stateVector: Uint8Array): void {
    connection.send(syncStep2Frame(Y.encodeStateAsUpdate(this.doc, stateVector)));
  }

  /**
   * An update (sync step 2 or update) from a connection. The write gate decides on every frame,
   * so a change of role or state takes effect on the next frame. `frame` is the update frame as it
   * arrived, relayed unchanged; null when it came as step 2 and must be re-framed.
   */
  receiveUpdate(connection: SyncConnection, update: Uint8Array, frame: Uint8Array | null): void {
    if (!this.deps.gate.mayWrite(connection.peer, this.document)) {
      connection.refusedWrite(() => permissionDeniedFrame('read-only: this document cannot be edited now'));
      return;
    }
    // A client answering our step 1 with nothing new sends the empty update: nothing to keep.
    if (isEmptyUpdate(update)) return;
    // Throws on a malformed update before anything is relayed or stored.
    Y.applyUpdate(this.doc, update, connection);
    const relay = frame ?? updateFrame(update);
    this.broadcast(relay, connection);
    this.deps.fanOut.publish(this.documentId, relay);
    const stored = this.deps.store.append(this.documentId, update, connection.peer.accountId);
    connection.trackAppend(stored);
    this.lastAppend = stored.catch((error) => this.deps.onStoreFailure(this, error));
  }

  receiveAwareness(connection: SyncConnection, update: Uint8Array, frame: Uint8Array): void {
    const { accepted, whole } = this.awareness.apply(connection, update);
    if (accepted.length === 0) return;
    const relay = whole ? frame : awarenessFrame(encodeAwarenessUpdate(accepted));
    // Sent to everyone, the sender included: a lone client is kept alive by its own echo.
    this.broadcast(relay, null);
  }

  queryAwareness(connection: SyncConnection): void {
    connection.send(awarenessFrame(encodeAwarenessUpdate(this.awareness.current())));
  }

  /**
   * Answers [receipt][n][status] once everything this connection sent before it is settled: stored,
   * or refused when the document did not accept some of its edits (the client must not say "saved").
   */
  receipt(connection: SyncConnection, n: number): void {
    connection.afterAppends().then(
      () => connection.send(receiptFrame(n, connection.hasRefusedWrites ? ReceiptStatus.refused : ReceiptStatus.stored)),
      () => undefined,
    );
  }

  /** A frame from another process's room for this document: applied and relayed, never stored again. */
  private receiveRemote(frame: Uint8Array): void {
    if (this.destroyed) return;
    const update = updateInFrame(frame);
    if (update) Y.applyUpdate(this.doc, update, 'fan-out');
    this.broadcast(frame, null);
  }

  private broadcast(frame: Uint8Array, except: SyncConnection | null): void {
    for (const c of this.connections) if (c !== except) c.send(frame);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unsubscribe();
    this.doc.destroy();
  }
}
