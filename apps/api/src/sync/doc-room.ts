import * as Y from 'yjs';
import { ReceiptStatus, SyncCloseCode } from '@kinship/domain';
import { Logger } from '@nestjs/common';
import type { AppendOutcome, Claims, DocStore, DocumentRecord, FanOut, FanOutListener, Peer, StoredPiece, WriteGate } from './ports';
import type { SyncConnection } from './connection';
import { AwarenessEntry, AwarenessRefused, AwarenessRegistry, decodeAwarenessUpdate, encodeAwarenessUpdate } from './awareness-registry';
import { awarenessFrame, awarenessInFrame, updateInFrame, permissionDeniedFrame, receiptFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol';
import { dependenciesKnown, readUpdateShape, refuseOverLimits, UpdateLimits, UpdateRefused, UpdateShape } from './update-shape';
import { StorageQuota } from './storage-quota';

export interface RoomLimits extends UpdateLimits {
  /** The largest presence state one client may announce. */
  maxAwarenessBytes: number;
}

export interface RoomDeps {
  store: DocStore;
  fanOut: FanOut;
  gate: WriteGate;
  limits: RoomLimits;
  /** What documents and workspaces may keep; shared by the rooms of a process. */
  quota: StorageQuota;
  /** The room has no connections left. */
  onEmpty(room: DocRoom): void;
  /** An edit was stored and applied (and is being relayed). */
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

/** The stored snapshot could not be built into a document; the room has been dropped. */
class RoomBroken extends Error {}

/** How long after a hint that something was missed the room reads the store (appends in flight land first). */
const CATCH_UP_AFTER_MS = 1000;
/** Presence from another process that was not renewed this long is gone (clients renew every 15 s). */
const REMOTE_PRESENCE_TTL_MS = 30_000;

/** Kinds whose documents can be sealed (a version in force, a closed proposal): their appends are guarded. */
const SEALABLE_KINDS = new Set(['agreement', 'proposal']);

/** The words a person's editor shows when the database refused an edit the seal overtook. */
const CLOSED_MEANWHILE = 'This document stopped taking edits (it was sealed or archived) before your last change was saved';

/** A state vector naming no client: the sender has nothing yet. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/**
 * One loaded document and the connections editing it. An update is read whole and checked
 * (well-formed, within the limits, nothing it builds on missing, allowed by the write gate, its
 * new client ids claimed in the database) and appended to the store; only once it is stored is it
 * applied to the in-memory Y.Doc and relayed, as the bytes that arrived, to every other
 * connection. So the room's document holds only what is stored: nobody is served, and no hash is
 * computed from, an edit the store lacks. A connection's save receipt waits for its appends.
 */
export class DocRoom implements FanOutListener {
  private static readonly logger = new Logger('DocRoom');
  readonly connections = new Set<SyncConnection>();
  private readonly awareness: AwarenessRegistry<SyncConnection>;
  /** Presence announced through other processes' rooms (they checked it), with when it was last heard. */
  private readonly remotePresence = new Map<number, AwarenessEntry & { heardAt: number }>();
  private destroyed = false;
  /** Settles when every append this room made so far has settled. */
  private lastAppend: Promise<unknown> = Promise.resolve();
  /** The pending unload, owned by this room so a late close of another room cannot cancel it. */
  unloadTimer: NodeJS.Timeout | null = null;
  /**
   * The document. Null while the room serves the stored merged state as it is (`storedState`): a
   * document read from one compacted snapshot is only built into a Y.Doc once something needs it
   * (an edit, a frame from another process), so a cold load answers readers from the stored bytes.
   */
  private ydoc: Y.Doc | null;
  private storedState: Uint8Array | null;
  private storedStateVector: Uint8Array | null = null;
  private unsubscribe: (() => void) | null = null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private readonly catchUpTimers = new Set<NodeJS.Timeout>();
  /**
   * Per client id: the clock after the last struct of an update sent to the store and not applied
   * yet. Checks of what comes next count them as known (a person types on before the last
   * keystroke is stored); readers never see them.
   */
  private readonly unstored = new Map<number, number>();
  /** Claims in flight, each settling once the frames held for it have been read. */
  private readonly claiming = new Set<Promise<void>>();
  /** Client ids claimed through this room whose first update has not been published yet. */
  private readonly unannounced = new Set<number>();

  private constructor(
    readonly documentId: string,
    loaded: { doc: Y.Doc } | { state: Uint8Array; stateVector?: Uint8Array },
    private currentRecord: DocumentRecord,
    private readonly deps: RoomDeps,
    /** Which account each client id of the document belongs to (the first to bring it in). */
    private readonly owners: Map<number, string | null>,
    /** Bytes of the document's stored rows, counted on as this room stores more (see StorageQuota). */
    private storedBytes: number,
  ) {
    this.awareness = new AwarenessRegistry<SyncConnection>(deps.limits.maxAwarenessBytes);
    this.ydoc = 'doc' in loaded ? loaded.doc : null;
    this.storedState = 'state' in loaded ? loaded.state : null;
    this.storedStateVector = 'state' in loaded ? (loaded.stateVector ?? null) : null;
  }

  /**
   * Loads the document from the store, subscribed to the other processes first: what they relay
   * while the store is read is held and applied after, and what they published before was stored
   * before we read, so nothing falls in between.
   *
   * A stored piece that is malformed, over the limits or makes Yjs throw (data stored before these
   * checks existed, or by a bug) is quarantined and the load starts over without it, so no stored
   * byte can take the process down or keep a document shut. A failed read throws and leaves
   * nothing behind.
   */
  static async load(documentId: string, record: DocumentRecord, deps: RoomDeps): Promise<DocRoom> {
    const early: Array<(room: DocRoom) => void> = [];
    const holding: FanOutListener = {
      relayed: (frame, claims) => early.push((room) => room.relayed(frame, claims)),
      recordChanged: (next) => early.push((room) => room.recordChanged(next)),
      missed: () => early.push((room) => room.missed()),
    };
    let target: FanOutListener = holding;
    const unsubscribe = await deps.fanOut.subscribe(documentId, {
      relayed: (frame, claims) => target.relayed(frame, claims),
      recordChanged: (next) => target.recordChanged(next),
      missed: () => target.missed(),
    });
    try {
      const room = await DocRoom.read(documentId, record, deps);
      room.unsubscribe = unsubscribe;
      target = room;
      for (const replay of early) replay(room);
      return room;
    } catch (error) {
      unsubscribe();
      throw error;
    }
  }

  private static async read(documentId: string, record: DocumentRecord, deps: RoomDeps): Promise<DocRoom> {
    for (;;) {
      const pieces = await deps.store.load(documentId);
      // Owners after the pieces: an append committing in between leaves an owner for a client
      // the pieces lack (harmless), never a client in the pieces without its owner (refused).
      const workspaceId = record.workspaceId;
      const [owners, usage] = await Promise.all([
        deps.store.clientOwners(documentId),
        deps.store.usage(documentId, deps.quota.wantsWorkspaceReading(workspaceId) ? workspaceId : null),
      ]);
      if (usage.workspace !== null) deps.quota.readWorkspace(workspaceId, usage.workspace);
      try {
        if (pieces.length === 1 && pieces[0]!.ref === 'snapshot') {
          // One compacted snapshot: served as it is, built into a document on demand. One the
          // compaction thread wrote (it comes with its state vector) was built there from checked
          // pieces and is sealed against change; any other is checked here first.
          const snapshot = pieces[0]!;
          if (!snapshot.stateVector) DocRoom.check(snapshot);
          return new DocRoom(documentId, { state: snapshot.data, stateVector: snapshot.stateVector }, record, deps, owners, usage.document);
        }
        return new DocRoom(documentId, { doc: DocRoom.build(pieces) }, record, deps, owners, usage.document);
      } catch (error) {
        if (!(error instanceof UnloadablePiece)) throw error;
        await deps.store.quarantine(documentId, error.ref, error.message);
      }
    }
  }

  /** A document built from its stored pieces, as a load would (throws on a piece that cannot load). */
  static build(pieces: StoredPiece[]): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    for (const piece of pieces) {
      try {
        DocRoom.check(piece);
        Y.applyUpdate(doc, piece.data, 'store');
      } catch (error) {
        doc.destroy();
        throw error instanceof UnloadablePiece ? error : new UnloadablePiece(piece.ref, error instanceof Error ? error.message : String(error));
      }
    }
    return doc;
  }

  /** The document its stored pieces make, as one update (throws on a piece that cannot load). */
  static stateOf(pieces: StoredPiece[]): Uint8Array {
    if (pieces.length === 1 && pieces[0]!.ref === 'snapshot' && pieces[0]!.stateVector) return pieces[0]!.data;
    const doc = DocRoom.build(pieces);
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Reads a stored piece whole; throws UnloadablePiece when its bytes cannot be read. The limits on
   * what a connection may bring are never applied to what is stored: a server-made update (a
   * version in force carries every session that wrote the draft) or a limit lowered since must
   * not set honest writing aside.
   */
  private static check(piece: StoredPiece): void {
    try {
      readUpdateShape(piece.data);
    } catch (error) {
      throw new UnloadablePiece(piece.ref, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * The room's document, built from the stored state the first time something needs it. If Yjs
   * throws building it (a stored snapshot it cannot take after all), the snapshot is quarantined
   * and the room is dropped: everyone reconnects to the document as the next load finds it.
   */
  get doc(): Y.Doc {
    if (this.ydoc) return this.ydoc;
    const state = this.storedState!;
    const doc = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(doc, state, 'store');
    } catch (error) {
      doc.destroy();
      const why = error instanceof Error ? error.message : String(error);
      void this.deps.store.quarantine(this.documentId, 'snapshot', why).catch(() => undefined);
      this.deps.onBroken(this, `the stored snapshot could not be applied: ${why}`);
      throw new RoomBroken(why);
    }
    this.ydoc = doc;
    this.storedState = null;
    this.storedStateVector = null;
    return doc;
  }

  /** The document as one update: the stored bytes while nothing has built it, else encoded from it. */
  state(): Uint8Array {
    return this.ydoc ? Y.encodeStateAsUpdate(this.ydoc) : this.storedState!;
  }

  private stateVector(): Uint8Array {
    if (this.ydoc) return Y.encodeStateVector(this.ydoc);
    this.storedStateVector ??= Y.encodeStateVectorFromUpdate(this.storedState!);
    return this.storedStateVector;
  }

  /**
   * Resolves once this room's appends so far are stored (or have failed and been handled),
   * including those of frames waiting on a claim, which are appended when it settles.
   */
  async appendsSettled(): Promise<void> {
    for (;;) {
      const last = this.lastAppend;
      await Promise.allSettled([last, ...this.claiming]);
      if (last === this.lastAppend && this.claiming.size === 0) return;
    }
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
    connection.send(syncStep1Frame(this.stateVector()));
    const present = this.presence();
    if (present.length > 0) connection.send(awarenessFrame(encodeAwarenessUpdate(present)));
  }

  leave(connection: SyncConnection): void {
    if (!this.connections.delete(connection)) return;
    const removed = this.awareness.removeOwner(connection);
    if (removed.length > 0) {
      const frame = awarenessFrame(encodeAwarenessUpdate(removed));
      this.broadcast(frame, null);
      this.deps.fanOut.publish(this.documentId, frame);
    }
    if (this.connections.size === 0) this.deps.onEmpty(this);
  }

  receiveSyncStep1(connection: SyncConnection, stateVector: Uint8Array): void {
    if (this.ydoc) {
      connection.send(syncStep2Frame(Y.encodeStateAsUpdate(this.ydoc, stateVector)));
      return;
    }
    // Served from the stored bytes: a client that has nothing gets them as they are.
    const state = this.storedState!;
    connection.send(syncStep2Frame(isEmptyStateVector(stateVector) ? state : Y.diffUpdate(state, stateVector)));
  }

  /**
   * An update (sync step 2 or update) from a connection. It is read whole before anything else;
   * one that changes nothing (a reader answering our step 1, even with the document's whole
   * delete set) is not an edit and is never refused; the write gate decides on every frame that
   * would change the document, and the limits judge only what is new to it. Client ids it brings
   * in are claimed in the database first (the connection's frames wait meanwhile), so one
   * account owns each for every process. `frame` is the update frame as it arrived, relayed
   * unchanged; null when it came as step 2 and must be re-framed.
   */
  receiveUpdate(connection: SyncConnection, update: Uint8Array, frame: Uint8Array | null): void {
    let shape: UpdateShape;
    try {
      shape = readUpdateShape(update);
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
    const full = this.deps.quota.refusal(this.workspaceId, this.storedBytes, StorageQuota.cost(update.byteLength));
    if (full !== null) {
      connection.refusedWrite(() => permissionDeniedFrame(full));
      return;
    }
    const doc = this.doc;
    const known = (client: number) => Math.max(Y.getState(doc.store, client), this.unstored.get(client) ?? 0);
    try {
      refuseOverLimits(shape, known, this.deps.limits);
    } catch (error) {
      if (!(error instanceof UpdateRefused)) throw error;
      connection.close(SyncCloseCode.updateRefused, error.message);
      return;
    }
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
    if (claims.length > 0) {
      // Decided in the database, once for all processes; then this frame is read again, with its owners known.
      const claimed = this.claim(connection, claims);
      connection.holdUntil(claimed, () => this.receiveUpdate(connection, update, frame));
      // Registered after the hold's own callback: once this settles, the frames held meanwhile have been read.
      const read = claimed.finally(() => this.claiming.delete(read));
      this.claiming.add(read);
      return;
    }
    for (const [client, range] of shape.ranges) if (range.to > known(client)) this.unstored.set(client, range.to);
    const stored = this.deps.store.append(this.documentId, update, connection.peer.accountId, { guarded: this.guarded });
    const settled = this.applyOnceStored(stored, update, frame ?? updateFrame(update), shape, connection);
    connection.trackAppend(settled);
    this.lastAppend = settled;
  }

  /** Edits to documents that can be sealed are stored only while the database says they are open. */
  private get guarded(): boolean {
    return SEALABLE_KINDS.has(this.currentRecord.target.kind);
  }

  /**
   * Claims client ids for the connection's account; the owners the database answers are the
   * room's from then on. A claim that cannot be made closes the connection (it may reconnect).
   */
  private async claim(connection: SyncConnection, clients: number[]): Promise<void> {
    try {
      const owners = await this.deps.store.claim(this.documentId, connection.peer.accountId, clients);
      for (const client of clients) {
        const owner = owners.has(client) ? owners.get(client)! : null;
        this.owners.set(client, owner);
        if (owner === connection.peer.accountId) this.unannounced.add(client);
      }
    } catch (error) {
      DocRoom.logger.warn(`Claiming client ids in ${this.documentId} failed: ${String(error)}`);
      connection.close(SyncCloseCode.unavailable, 'the document could not be stored; reconnecting');
    }
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
   * write gate (the service that makes it decided), otherwise exactly as a client's: stored, then
   * applied, relayed to every connection and published. Resolves once stored; one that changes
   * nothing is dropped.
   */
  async applyServerUpdate(update: Uint8Array, accountId: string | null): Promise<void> {
    const shape = readUpdateShape(update);
    if (this.changesNothing(shape)) return;
    const known = (client: number) => Math.max(Y.getState(this.doc.store, client), this.unstored.get(client) ?? 0);
    for (const [client, range] of shape.ranges) if (range.to > known(client)) this.unstored.set(client, range.to);
    const stored = this.deps.store.append(this.documentId, update, accountId);
    this.lastAppend = this.applyOnceStored(stored, update, updateFrame(update), shape, null);
    await stored;
  }

  /**
   * Once the store holds an update, it is applied to the room's document and reaches the other
   * connections, here and in other processes: nobody ever holds, or is served, an edit the store
   * lacks. (Served before, an edit whose process died before storing it would live on in other
   * people's devices only; coming back through them it would be someone else's writing, which the
   * authorship rule must refuse, and its author would be locked out of their own client id.) One
   * the database refused (the document was sealed meanwhile) is never applied: its sender is told,
   * and its receipt says refused. One that fails to store drops the room. Settles either way.
   */
  private applyOnceStored(stored: Promise<AppendOutcome>, update: Uint8Array, relay: Uint8Array, shape: UpdateShape, sender: SyncConnection | null): Promise<void> {
    return stored.then(
      (outcome) => {
        if (this.destroyed) return;
        if (outcome === 'refused') {
          for (const client of shape.ranges.keys()) this.unstored.delete(client);
          sender?.refusedWrite(() => permissionDeniedFrame(CLOSED_MEANWHILE));
          return;
        }
        const cost = StorageQuota.cost(update.byteLength);
        this.storedBytes += cost;
        this.deps.quota.stored(this.workspaceId, cost);
        const doc = this.doc;
        try {
          Y.applyUpdate(doc, update, sender ?? 'server');
        } catch (error) {
          // Stored, but Yjs threw half-way (the fuzz found well-formed updates that do): memory no
          // longer matches the store. The sender is refused for good; the next load quarantines the row.
          sender?.close(SyncCloseCode.malformed, 'malformed update');
          this.deps.onBroken(this, `an update could not be applied: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        for (const [client, range] of shape.ranges) if ((this.unstored.get(client) ?? 0) <= range.to) this.unstored.delete(client);
        this.broadcast(relay, sender);
        const claims = sender ? this.newlyClaimed(shape, sender.peer.accountId) : null;
        this.deps.fanOut.publish(this.documentId, relay, claims);
        if (sender) this.deps.onEdited(this, sender.peer);
        if (doc.store.pendingStructs || doc.store.pendingDs) this.scheduleCatchUp(CATCH_UP_AFTER_MS);
      },
      (error) => this.deps.onBroken(this, `storing an update failed: ${String(error)}`),
    );
  }

  /** Client ids this room claimed that the other processes have not heard of yet: they learn them with the first update under them. */
  private newlyClaimed(shape: UpdateShape, accountId: string): Claims | null {
    if (this.unannounced.size === 0) return null;
    const clients = [...shape.ranges.keys()].filter((client) => this.unannounced.delete(client));
    return clients.length > 0 ? { accountId, clients } : null;
  }

  /** True when the document already holds every struct and deletion the update carries. */
  private changesNothing(shape: UpdateShape): boolean {
    // An empty update (a new reader answering our step 1) needs no document to judge.
    if (shape.ranges.size === 0 && shape.deletes.length === 0) return true;
    const store = this.doc.store;
    for (const [client, range] of shape.ranges) if (range.to > Y.getState(store, client)) return false;
    const { deletes } = shape;
    for (let d = 0; d < deletes.length; d += 3) {
      const client = deletes[d]!;
      const clock = deletes[d + 1]!;
      const length = deletes[d + 2]!;
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
    const frame = awarenessFrame(encodeAwarenessUpdate(accepted));
    this.broadcast(frame, null);
    this.deps.fanOut.publish(this.documentId, frame);
  }

  queryAwareness(connection: SyncConnection): void {
    connection.send(awarenessFrame(encodeAwarenessUpdate(this.presence())));
  }

  /** Everyone present: on this process's connections, and heard from the others within the last half minute. */
  private presence(): AwarenessEntry[] {
    const present = this.awareness.current();
    const fresh = Date.now() - REMOTE_PRESENCE_TTL_MS;
    for (const [clientId, entry] of this.remotePresence) {
      if (entry.heardAt < fresh) this.remotePresence.delete(clientId);
      else present.push({ clientId, clock: entry.clock, state: entry.state });
    }
    return present;
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

  /**
   * A frame another process's room accepted (it checked it, stored it or will): applied and relayed
   * to this process's connections, never stored or published again. An update that builds on
   * something this room never heard (a message lost on the way) leaves Yjs holding it as pending:
   * the room catches up from the store.
   */
  relayed(frame: Uint8Array, claims: Claims | null): void {
    if (this.destroyed) return;
    const presence = awarenessInFrame(frame);
    if (presence) {
      this.hearPresence(presence);
      this.broadcast(frame, null);
      return;
    }
    const update = updateInFrame(frame);
    if (!update) return;
    if (claims) for (const client of claims.clients) if (!this.owners.has(client)) this.owners.set(client, claims.accountId);
    let doc: Y.Doc;
    try {
      doc = this.doc;
      Y.applyUpdate(doc, update, 'fan-out');
    } catch (error) {
      if (!(error instanceof RoomBroken)) this.deps.onBroken(this, `a relayed update could not be applied: ${String(error)}`);
      return;
    }
    this.broadcast(frame, null);
    if (doc.store.pendingStructs || doc.store.pendingDs) this.scheduleCatchUp(CATCH_UP_AFTER_MS);
  }

  /** Another process changed the document's record (archived, restored, sealed). */
  recordChanged(record: DocumentRecord): void {
    this.updateRecord(record);
  }

  /** Messages from the other processes may have been lost: read the store now, and again in a moment. */
  missed(): void {
    this.scheduleCatchUp(0);
    this.scheduleCatchUp(CATCH_UP_AFTER_MS);
  }

  private hearPresence(update: Uint8Array): void {
    const heardAt = Date.now();
    for (const entry of decodeAwarenessUpdate(update)) {
      if (entry.state === 'null') this.remotePresence.delete(entry.clientId);
      else this.remotePresence.set(entry.clientId, { ...entry, heardAt });
    }
  }

  private scheduleCatchUp(delayMs: number): void {
    if (this.destroyed) return;
    const timer = setTimeout(() => {
      this.catchUpTimers.delete(timer);
      this.requestCatchUp();
    }, delayMs);
    this.catchUpTimers.add(timer);
  }

  private requestCatchUp(): void {
    if (this.destroyed) return;
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = this.catchUp()
      .catch((error) => DocRoom.logger.warn(`Catching up ${this.documentId} from the store failed: ${String(error)}`))
      .finally(() => {
        this.catchingUp = null;
        if (this.catchUpAgain) {
          this.catchUpAgain = false;
          this.requestCatchUp();
        }
      });
  }

  /**
   * Reads the stored document and applies what this room lacks of it (edits other processes
   * stored while their messages did not reach us), relaying that to this process's connections.
   * The store is the record: after a catch-up the room holds at least everything stored.
   */
  private async catchUp(): Promise<void> {
    const pieces = await this.deps.store.load(this.documentId);
    const owners = await this.deps.store.clientOwners(this.documentId);
    if (this.destroyed) return;
    for (const [client, account] of owners) if (!this.owners.has(client)) this.owners.set(client, account);
    let stored: Y.Doc;
    try {
      stored = DocRoom.build(pieces);
    } catch {
      return; // A piece that cannot load is set aside by the next load; nothing to catch up from here.
    }
    try {
      const doc = this.doc;
      const missing = Y.encodeStateAsUpdate(stored, Y.encodeStateVector(doc));
      const shape = readUpdateShape(missing);
      if (this.changesNothing(shape)) return;
      Y.applyUpdate(doc, missing, 'store');
      this.broadcast(updateFrame(missing), null);
    } finally {
      stored.destroy();
    }
  }

  private broadcast(frame: Uint8Array, except: SyncConnection | null): void {
    for (const c of this.connections) if (c !== except) c.send(frame);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    for (const timer of this.catchUpTimers) clearTimeout(timer);
    this.catchUpTimers.clear();
    this.unsubscribe?.();
    this.ydoc?.destroy();
    this.storedState = null;
  }
}
