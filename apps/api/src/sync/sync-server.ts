import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger } from '@nestjs/common';
import { WebSocketServer, WebSocket } from 'ws';
import { SyncCloseCode } from '@kinship/domain/wire';
import { documentIdIn } from './sync-path';
import type { Admission, DocStore, DocumentRecord, FanOut, Peer, WriteGate } from './ports';
import { DocRoom, RoomDeps, RoomLimits } from './doc-room';
import { loadRoom } from './room-loading';
import { SyncConnection } from './connection';
import { permissionDeniedFrame } from './protocol';
import { QuotaLimits, StorageQuota } from './storage-quota';

export interface SyncServerOptions {
  maxFrameBytes: number;
  unloadDelayMs: number;
  limits: RoomLimits;
  /** What a document and a workspace may keep. */
  quota: QuotaLimits;
  /** Output a connection may leave unread before it is cut off. */
  maxBufferedBytes: number;
  /** How often dead sockets are looked for (a ping each; no pong by the next round ends it). */
  heartbeatMs?: number;
  /**
   * Updates waiting to be stored past which the server stops reading from its sockets, until the
   * store has caught up to a fifth of it: an overloaded process slows its clients down (their
   * frames wait in the network's buffers) instead of holding an ever longer queue in memory.
   */
  maxBacklog: number;
  /** Told of every accepted edit: which document (and the room's view of its record), and who made it. */
  onEdited?: (documentId: string, record: DocumentRecord, peer: Peer) => void;
}

/** How often the store's backlog is looked at. */
const BACKLOG_CHECK_MS = 50;

/** Thrown by `admit` to refuse a connection; the code says how (see SyncCloseCode). */
export class Refusal extends Error {
  constructor(
    readonly closeCode: number,
    reason: string,
  ) {
    super(reason);
  }
}

export type Admit = (request: IncomingMessage, documentId: string) => Promise<Admission>;

/**
 * The y-websocket server at /sync/<documentId>. Authenticates and authorizes during the HTTP
 * upgrade, loads each document once however many connect at the same moment, and unloads it
 * when its last connection has gone and its appends are stored.
 */
export class SyncServer {
  private readonly logger = new Logger('Sync');
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Promise<DocRoom>>();
  private readonly connections = new Set<SyncConnection>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly backpressure: NodeJS.Timeout;
  private readonly roomDeps: RoomDeps;
  private closing = false;
  /** Reading from every socket is paused while storing is behind (see `maxBacklog`). */
  private paused = false;
  private pauses = 0;

  constructor(
    private readonly admit: Admit,
    private readonly store: DocStore,
    private readonly fanOut: FanOut,
    gate: WriteGate,
    private readonly options: SyncServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false });
    this.roomDeps = {
      store,
      fanOut,
      gate,
      limits: options.limits,
      quota: new StorageQuota(options.quota),
      onEmpty: (room) => this.scheduleUnload(room),
      onEdited: (room, peer) => options.onEdited?.(room.documentId, room.record, peer),
      onBroken: (room, why) => this.dropRoom(room, why),
    };
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
    this.backpressure = setInterval(() => this.checkBacklog(), BACKLOG_CHECK_MS);
    this.backpressure.unref();
  }

  /** Pauses every socket's reading while the store is too far behind; resumes once it has caught up. */
  private checkBacklog(): void {
    const limit = this.options.maxBacklog;
    const backlog = this.store.backlog();
    if (!this.paused && backlog > limit) {
      this.paused = true;
      this.pauses++;
      for (const connection of this.connections) connection.ws.pause();
      this.logger.warn(`Storing is ${backlog} updates behind: reading from sockets paused until it catches up`);
    } else if (this.paused && backlog <= limit / 5) {
      this.paused = false;
      for (const connection of this.connections) {
        // A paused socket could not read its pong: it counts as alive for the next round.
        connection.alive = true;
        connection.ws.resume();
      }
    }
  }

  /**
   * Handles an HTTP upgrade if it is for the sync path; returns false to let others have it.
   * Never throws: whatever the request line holds, a bad one is answered and closed here.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const documentId = documentIdIn(request.url);
    if (documentId === null) return false;
    socket.on('error', () => socket.destroy());
    this.accept(request, socket, head, documentId).catch((error) => {
      this.logger.error(`Accepting a sync connection failed: ${String(error)}`);
      socket.destroy();
    });
    return true;
  }

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer, documentId: string): Promise<void> {
    let admission: Admission | null = null;
    let refusal: Refusal | null = null;
    let room: DocRoom | null = null;
    try {
      if (this.closing) throw new Refusal(SyncCloseCode.goingAway, 'the server is restarting');
      admission = await this.admit(request, documentId);
      room = await this.room(admission.documentId, admission.record);
    } catch (error) {
      refusal = error instanceof Refusal ? error : new Refusal(SyncCloseCode.unavailable, 'the document could not be loaded');
      if (!(error instanceof Refusal)) this.logger.error(`Loading ${documentId} failed: ${String(error)}`);
    }
    if (socket.destroyed || this.closing) {
      if (room && room.connections.size === 0) this.scheduleUnload(room);
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (!refusal && room?.isDestroyed) refusal = new Refusal(SyncCloseCode.unavailable, 'the document is reloading');
      if (refusal || !room || !admission) {
        const reason = refusal?.message ?? 'refused';
        // Nothing of the document is sent: a denial the stock client understands, then the close.
        ws.send(permissionDeniedFrame(reason));
        ws.close(refusal?.closeCode ?? SyncCloseCode.forbidden, reason);
        return;
      }
      this.attach(ws, room, admission);
    });
  }

  private attach(ws: WebSocket, room: DocRoom, admission: Admission): void {
    this.cancelUnload(room);
    // The record was just read for this admission; the room keeps it only if it is not older.
    room.updateRecord(admission.record);
    const connection = new SyncConnection(ws, admission.peer, room, this.options.maxBufferedBytes);
    ws.on('message', (data, isBinary) => {
      connection.receive(data as Buffer, isBinary);
      // A burst can outrun the periodic look: reading stops as soon as storing falls behind.
      if (!this.paused && this.store.backlog() > this.options.maxBacklog) this.checkBacklog();
    });
    ws.on('pong', () => (connection.alive = true));
    // ws ends the connection itself after an error: a frame it cannot take (too large, malformed) gets
    // a close frame with its code (1009, 1002…) first. Terminating here could cut that frame off,
    // and the client would see only an abnormal close (1006).
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.connections.delete(connection);
      room.leave(connection);
    });
    this.connections.add(connection);
    room.join(connection);
    if (this.paused) ws.pause();
  }

  /** The loaded room for a document, loading it once however many ask at the same time. */
  private async room(documentId: string, record: DocumentRecord): Promise<DocRoom> {
    for (;;) {
      let loading = this.rooms.get(documentId);
      if (!loading) {
        loading = loadRoom(documentId, record, this.roomDeps);
        this.rooms.set(documentId, loading);
        loading.catch(() => {
          if (this.rooms.get(documentId) === loading) this.rooms.delete(documentId);
        });
      }
      const room = await loading;
      // It may have been unloaded while we waited; then load it again.
      if (!room.isDestroyed) return room;
    }
  }

  private scheduleUnload(room: DocRoom): void {
    this.cancelUnload(room);
    if (room.isDestroyed) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      void this.unload(room);
    }, this.options.unloadDelayMs);
  }

  private cancelUnload(room: DocRoom): void {
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = null;
  }

  /** Unloads a room once its appends are stored, unless someone joined meanwhile. */
  private async unload(room: DocRoom): Promise<void> {
    if (room.connections.size > 0 || room.isDestroyed) return;
    await room.appendsSettled();
    if (room.connections.size > 0 || room.isDestroyed) return;
    this.forget(room);
    this.store.unloaded(room.documentId);
  }

  /** The room no longer matches the store: drop it; its clients reconnect to the stored document. */
  private dropRoom(room: DocRoom, why: string): void {
    if (room.isDestroyed) return;
    this.logger.error(`Document ${room.documentId} is unloaded: ${why}`);
    this.forget(room);
    for (const c of room.connections) c.close(SyncCloseCode.unavailable, 'the document is reloading; reconnecting');
  }

  private forget(room: DocRoom): void {
    void this.rooms.get(room.documentId)?.then((current) => {
      if (current === room) this.rooms.delete(room.documentId);
    });
    room.destroy();
  }

  /**
   * A document's record changed (archived, restored) in this process: open rooms here and in the
   * other processes apply it from the next frame.
   */
  async documentChanged(documentId: string, record: DocumentRecord): Promise<void> {
    this.fanOut.publishRecord(documentId, record);
    const loading = this.rooms.get(documentId);
    if (!loading) return;
    const room = await loading.catch(() => null);
    room?.updateRecord(record);
  }

  /**
   * Writes a server-made update into a document through its room (loaded for it if need be), so
   * open clients see it live and it is stored like any other edit. Resolves once stored.
   */
  async applyServerUpdate(documentId: string, record: DocumentRecord, update: Uint8Array, accountId: string | null): Promise<void> {
    if (this.closing) throw new Error('the server is restarting');
    const room = await this.room(documentId, record);
    room.updateRecord(record);
    try {
      await room.applyServerUpdate(update, accountId);
    } finally {
      if (room.connections.size === 0) this.scheduleUnload(room);
    }
  }

  /** Who is connected now, for a sweep that checks their sessions and memberships still hold. */
  peers(): Array<{ peer: Peer; documentId: string; workspaceId: string }> {
    return [...this.connections].map((c) => ({ peer: c.peer, documentId: c.room.documentId, workspaceId: c.room.workspaceId }));
  }

  /** Closes every connection the predicate picks, with a final code: their session or access ended. */
  closeWhere(pick: (peer: Peer, documentId: string) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const c of this.connections) {
      if (!pick(c.peer, c.room.documentId)) continue;
      c.close(code, reason);
      closed += 1;
    }
    return closed;
  }

  private checkHeartbeats(): void {
    // Sockets that are not being read cannot show their pongs.
    if (this.paused) return;
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }

  stats(): { rooms: number; connections: number; pauses: number } {
    return { rooms: this.rooms.size, connections: this.connections.size, pauses: this.pauses };
  }

  /** Refuses new connections, closes open ones, and waits until every append is stored. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    clearInterval(this.backpressure);
    this.paused = false;
    for (const ws of this.wss.clients) ws.close(SyncCloseCode.goingAway, 'the server is restarting');
    // Frames held for a client-id claim are still read after their socket closed: wait for every
    // room's appends (claims included) before draining the store, so none is queued after the drain.
    const rooms = await Promise.all([...this.rooms.values()].map((loading) => loading.catch(() => null)));
    await Promise.all(rooms.map((room) => room?.appendsSettled()));
    await this.store.drain();
    for (const loading of this.rooms.values()) (await loading.catch(() => null))?.destroy();
    this.rooms.clear();
    this.wss.close();
  }
}
