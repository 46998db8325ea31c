import * as Y from 'yjs';
import { ReceiptStatus, SyncCloseCode } from '@kinship/domain';
import type { DocStore, DocumentRecord, FanOut, Peer, WriteGate } from './ports';
import type { SyncConnection } from './connection';
import { AwarenessRefused, AwarenessRegistry, encodeAwarenessUpdate } from './awareness-registry';
import { awarenessFrame, updateInFrame, permissionDeniedFrame, receiptFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol';
import { dependenciesKnown, readUpdateShape, UpdateLimits, UpdateRefused, UpdateShape } from './update-shape';

export interface RoomLimits extends UpdateLimits {
  /** The largest presence state one client may announce. */
  maxAwarenessBytes: number;
}

export interface RoomDeps {
  store: DocStore;
  fanOut: FanOut;
  gate: WriteGate;
  limits: RoomLimits;
  /** The room has no connections left. */
  onEmpty(room: DocRoom): void;
  /** An edit was accepted (applied, relayed and sent to the store). */
  onEdited(room: DocRoom, peer: Peer): void;
  /**
   * The room's document can no longer be trusted to match the store (a store failed, or Yjs
   * threw half-way through an update): the room must be dropped and its connections closed, so
   * they reconnect to the document as it is stored.
   */
  onBroken(room: DocRoom, why: string): void;
}

/** Something the store holds that could not be applied; `DocRoom.load` sets it aside and retries. */
class UnloadablePiece extends Error {
  constructor(
    readonly ref: string,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * One loaded document and the connections editing it. An update is read whole and checked
 * (well-formed, within the limits, nothing it builds on missing, allowed by the write gate)
 * before it touches the in-memory Y.Doc; then it is relayed as the bytes that arrived to every
 * other connection and appended to the store, and a connection's save receipt waits for its
 * appends.
 */
export class DocRoom {
  readonly connections = new Set<SyncConnection>();
  private readonly awareness: AwarenessRegistry<SyncConnection>;
  private readonly unsubscribe: () => void;
  private destroyed = false;
  /** Settles when every append this room made so far has settled. */
  private lastAppend: Promise<unknown> = Promise.resolve();
  /** The pending unload, owned by this room so a late close of another room cannot cancel it. */
  unloadTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly documentId: string,
    readonly doc: Y.Doc,
    private currentRecord: DocumentRecord,
    private readonly deps: RoomDeps,
    /** Which account each client id of the document belongs to (the first to bring it in). */
    private readonly owners: Map<number, string | null>,
  ) {
    this.awareness = new AwarenessRegistry<SyncConnection>(deps.limits.maxAwarenessBytes);
    this.unsubscribe = deps.fanOut.subscribe(documentId, (frame) => this.receiveRemote(frame));
  }

  /**
   * Loads the document from the store. A stored piece that is malformed, over the limits or makes
   * Yjs throw (data stored before these checks existed, or by a bug) is quarantined and the load
   * starts over without it, so no stored byte can take the process down or keep a document shut.
   * A failed read throws and leaves nothing behind.
   */
  static async load(documentId: string, record: DocumentRecord, deps: RoomDeps): Promise<DocRoom> {
    for (;;) {
      const pieces = await deps.store.load(documentId);
      // Owners after the pieces: an append committing in between leaves an owner for a client
      // the pieces lack (harmless), never a client in the pieces without its owner (refused).
      const owners = await deps.store.clientOwners(documentId);
      try {
        return new DocRoom(documentId, DocRoom.build(pieces, deps.limits), record, deps, owners);
      } catch (error) {
        if (!(error instanceof UnloadablePiece)) throw error;
        await deps.store.quarantine(documentId, error.ref, error.message);
      }
    }
  }

  /** A document built from its stored pieces, as a load would (throws on a piece that cannot load). */
  static build(pieces: { ref: string; data: Uint8Array }[], limits: UpdateLimits): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    // A snapshot merges many sessions' client ids; only the updates are held to the per-update limits.
    const snapshotLimits = { maxItems: Number.MAX_SAFE_INTEGER, maxClients: Number.MAX_SAFE_INTEGER };
    for (const piece of pieces) {
      try {
        readUpdateShape(piece.data, piece.ref === 'snapshot' ? snapshotLimits : limits);
        Y.applyUpdate(doc, piece.data, 'store');
      } catch (error) {
        doc.destroy();
        throw new UnloadablePiece(piece.ref, error instanceof Error ? error.message : String(error));
      }
    }
    return doc;
  }

  /** Resolves once this room's appends so far are stored (or have failed and been handled). */
  appendsSettled(): Promise<unknown> {
    return this.lastAppend;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /**
   * A newer word on the document's record (archived, restored). An older one,
   * read before a change committed but arriving after it, is ignored: the view only moves forward.
   */
  updateRecord(record: DocumentRecord): void {
    if (record.revision >= this.currentRecord.revision) this.currentRecord = record;
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
   * An update (sync step 2 or update) from a connection. It is read whole before anything else;
   * one that changes nothing (a reader answering our step 1) is not an edit and is never refused;
   * the write gate decides on every frame that would change the document. `frame` is the update
   * frame as it arrived, relayed unchanged; null when it came as step 2 and must be re-framed.
   */
  receiveUpdate(connection: SyncConnection, update: Uint8Array, frame: Uint8Array | null): void {
    let shape: UpdateShape;
    try {
      shape = readUpdateShape(update, this.deps.limits);
    } catch (error) {
      if (!(error instanceof UpdateRefused)) throw error;
      connection.close(error.kind === 'malformed' ? SyncCloseCode.malformed : SyncCloseCode.updateRefused, error.message);
      return;
    }
    if (this.changesNothing(shape)) return;
    const verdict = this.deps.gate.mayWrite(connection.peer, this.documentId, this.currentRecord);
    if (!verdict.allowed) {
      connection.refusedWrite(() => permissionDeniedFrame(verdict.reason));
      return;
    }
    const known = (client: number) => Y.getState(this.doc.store, client);
    if (!connection.mayIntroduce(shape, known, this.deps.limits.maxClients)) {
      connection.close(SyncCloseCode.updateRefused, `a connection may bring at most ${this.deps.limits.maxClients} new clients into a document`);
      return;
    }
    if (!dependenciesKnown(shape, known)) {
      // The client has edits we lack (or claims to): reconnecting makes the handshake send them.
      connection.close(SyncCloseCode.outOfStep, 'out of step with the server; syncing again');
      return;
    }
    const claims = this.claimsOf(shape, connection.peer.accountId, known);
    if (claims === null) {
      // Authorship is read from client ids: writing under someone else's would write as them.
      connection.close(SyncCloseCode.updateRefused, "an update may only carry this person's own edits");
      return;
    }
    try {
      Y.applyUpdate(this.doc, update, connection);
    } catch (error) {
      // Yjs may have integrated part of it: memory no longer matches the store. The sender is
      // refused for good, everyone else reconnects to the document as stored.
      connection.close(SyncCloseCode.malformed, 'malformed update');
      this.deps.onBroken(this, `an update could not be applied: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const relay = frame ?? updateFrame(update);
    this.broadcast(relay, connection);
    this.deps.fanOut.publish(this.documentId, relay);
    for (const client of claims) this.owners.set(client, connection.peer.accountId);
    const stored = this.deps.store.append(this.documentId, update, connection.peer.accountId, claims);
    connection.trackAppend(stored);
    this.lastAppend = stored.catch((error) => this.deps.onBroken(this, `storing an update failed: ${String(error)}`));
    this.deps.onEdited(this, connection.peer);
  }

  /**
   * The client ids an update brings into the document for this account (each belongs from now on
   * to the account whose update first carried it), or null when it carries structs under a client
   * id that belongs to another account, or one already in the document whose owner is not known
   * (kept from before owners were recorded): nobody may write as someone else.
   */
  private claimsOf(shape: UpdateShape, accountId: string, known: (client: number) => number): number[] | null {
    const claims: number[] = [];
    for (const [client, range] of shape.ranges) {
      // Structs the document already holds (a step 2 racing others' edits relayed meanwhile) are no one's new writing.
      if (range.to <= known(client)) continue;
      if (this.owners.has(client)) {
        if (this.owners.get(client) !== accountId) return null;
      } else if (known(client) > 0) {
        return null;
      } else {
        claims.push(client);
      }
    }
    return claims;
  }

  /** The workspace the document belongs to. */
  get workspaceId(): string {
    return this.currentRecord.workspaceId;
  }

  /** The room's view of the document's record. */
  get record(): DocumentRecord {
    return this.currentRecord;
  }

  /**
   * An update the server makes (a version coming into force, a proposal brought up to date): no
   * write gate (the service that makes it decided), otherwise exactly as a client's: applied,
   * relayed to every connection, published and stored. Resolves once it is stored; one that
   * changes nothing is dropped.
   */
  applyServerUpdate(update: Uint8Array, accountId: string | null): Promise<void> {
    const shape = readUpdateShape(update, { maxItems: Number.MAX_SAFE_INTEGER, maxClients: Number.MAX_SAFE_INTEGER });
    if (this.changesNothing(shape)) return Promise.resolve();
    Y.applyUpdate(this.doc, update, 'server');
    const relay = updateFrame(update);
    this.broadcast(relay, null);
    this.deps.fanOut.publish(this.documentId, relay);
    const stored = this.deps.store.append(this.documentId, update, accountId);
    this.lastAppend = stored.catch((error) => this.deps.onBroken(this, `storing an update failed: ${String(error)}`));
    return stored;
  }

  /** True when the document already holds every struct and deletion the update carries. */
  private changesNothing(shape: UpdateShape): boolean {
    const store = this.doc.store;
    for (const [client, range] of shape.ranges) if (range.to > Y.getState(store, client)) return false;
    for (const [client, clock, length] of shape.deletes) {
      const structs = store.clients.get(client);
      if (!structs || structs.length === 0 || clock < structs[0]!.id.clock || clock + length > Y.getState(store, client)) return false;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + length; i++) {
        if (!structs[i]!.deleted) return false;
      }
    }
    return true;
  }

  receiveAwareness(connection: SyncConnection, update: Uint8Array): void {
    let accepted;
    try {
      accepted = this.awareness.apply(connection, update);
    } catch (error) {
      if (!(error instanceof AwarenessRefused)) throw error;
      connection.close(error.kind === 'malformed' ? SyncCloseCode.malformed : SyncCloseCode.updateRefused, error.message);
      return;
    }
    if (accepted.length === 0) return;
    // Sent to everyone, the sender included: a lone client is kept alive by its own echo.
    this.broadcast(awarenessFrame(encodeAwarenessUpdate(accepted)), null);
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
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.unsubscribe();
    this.doc.destroy();
  }
}
