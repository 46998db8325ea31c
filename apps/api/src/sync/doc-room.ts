import * as Y from 'yjs';
import { DOCUMENT_KIND_INFO } from '@kinship/domain/rules';
import { ReceiptStatus, SyncCloseCode } from '@kinship/domain/wire';
import { Logger } from '@nestjs/common';
import type { AppendOutcome, Claims, DocStore, DocumentRecord, FanOut, FanOutListener, Peer, WriteGate } from './ports';
import type { SyncConnection } from './connection';
import { encodeAwarenessUpdate } from './awareness-registry';
import { awarenessFrame, awarenessInFrame, updateInFrame, permissionDeniedFrame, receiptFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol';
import { dependenciesKnown, readUpdateShape, refuseOverLimits, UpdateLimits, UpdateRefused, UpdateShape } from './update-shape';
import { StorageQuota } from './storage-quota';
import { RoomBroken, RoomDocument } from './room-document';
import { RoomPresence } from './room-presence';
import { ClientOwnership } from './client-ownership';
import { CATCH_UP_AFTER_MS, CatchUpSchedule, readMissing } from './room-catch-up';

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

/** The words a person's editor shows when the database refused an edit the seal overtook. */
const CLOSED_MEANWHILE = 'This document stopped taking edits (it was sealed or archived) before your last change was saved';

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
  private readonly presence: RoomPresence<SyncConnection>;
  private readonly document: RoomDocument;
  private readonly ownership: ClientOwnership;
  private readonly catchUps: CatchUpSchedule;
  private destroyed = false;
  /** Settles when every append this room made so far has settled. */
  private lastAppend: Promise<unknown> = Promise.resolve();
  /** The pending unload, owned by this room so a late close of another room cannot cancel it. */
  unloadTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Per client id, the clock after an update sent to the store and not applied yet: known to the checks, never to readers. */
  private readonly unstored = new Map<number, number>();
  /** Claims in flight, each settling once the frames held for it have been read. */
  private readonly claiming = new Set<Promise<void>>();

  /** A room over what `loadRoom` read (room-loading.ts); `attach` connects it to the other processes. */
  constructor(
    readonly documentId: string,
    loaded: { doc: Y.Doc } | { state: Uint8Array; stateVector?: Uint8Array },
    private currentRecord: DocumentRecord,
    private readonly deps: RoomDeps,
    /** Which account each client id of the document belongs to (the first to bring it in). */
    owners: Map<number, string | null>,
    /** Bytes of the document's stored rows, counted on as this room stores more (see StorageQuota). */
    private storedBytes: number,
  ) {
    this.presence = new RoomPresence<SyncConnection>(deps.limits.maxAwarenessBytes);
    this.ownership = new ClientOwnership(owners);
    this.document = new RoomDocument(loaded, (why) => {
      // Yjs cannot take the stored snapshot after all: it is set aside, and everyone reconnects to the document as the next load finds it.
      void this.deps.store.quarantine(this.documentId, 'snapshot', why).catch(() => undefined);
      this.deps.onBroken(this, `the stored snapshot could not be applied: ${why}`);
    });
    this.catchUps = new CatchUpSchedule(
      () => this.catchUp(),
      (error) => DocRoom.logger.warn(`Catching up ${this.documentId} from the store failed: ${String(error)}`),
    );
  }

  /** The room hears the other processes from now on; `unsubscribe` ends that when it is destroyed. */
  attach(unsubscribe: () => void): void {
    this.unsubscribe = unsubscribe;
  }

  /** The room's document (built from the stored state the first time something needs it). */
  get doc(): Y.Doc {
    return this.document.doc;
  }

  /** The document as one update: only what is stored. */
  state(): Uint8Array {
    return this.document.state();
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
    connection.send(syncStep1Frame(this.document.stateVector()));
    const present = this.presence.current();
    if (present.length > 0) connection.send(awarenessFrame(encodeAwarenessUpdate(present)));
  }

  leave(connection: SyncConnection): void {
    if (!this.connections.delete(connection)) return;
    const removed = this.presence.removeOwner(connection);
    if (removed.length > 0) {
      const frame = awarenessFrame(encodeAwarenessUpdate(removed));
      this.broadcast(frame, null);
      this.deps.fanOut.publish(this.documentId, frame);
    }
    if (this.connections.size === 0) this.deps.onEmpty(this);
  }

  receiveSyncStep1(connection: SyncConnection, stateVector: Uint8Array): void {
    connection.send(syncStep2Frame(this.document.missingFor(stateVector)));
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
    if (this.document.holdsAll(shape)) return;
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
    const claims = this.ownership.toClaim(shape, connection.peer.accountId, known);
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
    return DOCUMENT_KIND_INFO[this.currentRecord.target.kind].sealable;
  }

  /**
   * Claims client ids for the connection's account; the owners the database answers are the
   * room's from then on. A claim that cannot be made closes the connection (it may reconnect).
   */
  private async claim(connection: SyncConnection, clients: number[]): Promise<void> {
    try {
      const owners = await this.deps.store.claim(this.documentId, connection.peer.accountId, clients);
      this.ownership.claimed(connection.peer.accountId, clients, owners);
    } catch (error) {
      DocRoom.logger.warn(`Claiming client ids in ${this.documentId} failed: ${String(error)}`);
      connection.close(SyncCloseCode.unavailable, 'the document could not be stored; reconnecting');
    }
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
    if (this.document.holdsAll(shape)) return;
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
        const claims = sender ? this.ownership.announce(shape, sender.peer.accountId) : null;
        this.deps.fanOut.publish(this.documentId, relay, claims);
        if (sender) this.deps.onEdited(this, sender.peer);
        if (doc.store.pendingStructs || doc.store.pendingDs) this.catchUps.after(CATCH_UP_AFTER_MS);
      },
      (error) => this.deps.onBroken(this, `storing an update failed: ${String(error)}`),
    );
  }

  receiveAwareness(connection: SyncConnection, update: Uint8Array): void {
    const frame = this.presence.receive(connection, update);
    if (!frame) return;
    // Sent to everyone, the sender included: a lone client is kept alive by its own echo.
    this.broadcast(frame, null);
    this.deps.fanOut.publish(this.documentId, frame);
  }

  queryAwareness(connection: SyncConnection): void {
    connection.send(awarenessFrame(encodeAwarenessUpdate(this.presence.current())));
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
      this.presence.hear(presence);
      this.broadcast(frame, null);
      return;
    }
    const update = updateInFrame(frame);
    if (!update) return;
    if (claims) this.ownership.learn(claims.clients.map((client): [number, string | null] => [client, claims.accountId]));
    let doc: Y.Doc;
    try {
      doc = this.doc;
      Y.applyUpdate(doc, update, 'fan-out');
    } catch (error) {
      if (!(error instanceof RoomBroken)) this.deps.onBroken(this, `a relayed update could not be applied: ${String(error)}`);
      return;
    }
    this.broadcast(frame, null);
    if (doc.store.pendingStructs || doc.store.pendingDs) this.catchUps.after(CATCH_UP_AFTER_MS);
  }

  /** Another process changed the document's record (archived, restored, sealed). */
  recordChanged(record: DocumentRecord): void {
    this.updateRecord(record);
  }

  /** Messages from the other processes may have been lost: read the store now, and again in a moment. */
  missed(): void {
    this.catchUps.after(0);
    this.catchUps.after(CATCH_UP_AFTER_MS);
  }

  /**
   * Reads the stored document and applies what this room lacks of it (edits other processes
   * stored while their messages did not reach us), relaying that to this process's connections.
   * The store is the record: after a catch-up the room holds at least everything stored.
   */
  private async catchUp(): Promise<void> {
    const stored = await readMissing(this.deps.store, this.documentId, () => this.document.stateVector());
    if (this.destroyed || !stored) return;
    this.ownership.learn(stored.owners);
    if (this.document.holdsAll(readUpdateShape(stored.missing))) return;
    Y.applyUpdate(this.doc, stored.missing, 'store');
    this.broadcast(updateFrame(stored.missing), null);
  }

  private broadcast(frame: Uint8Array, except: SyncConnection | null): void {
    for (const c of this.connections) if (c !== except) c.send(frame);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.catchUps.stop();
    this.unsubscribe?.();
    this.document.destroy();
  }
}
