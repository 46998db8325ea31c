import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger } from '@nestjs/common';
import { WebSocketServer, WebSocket } from 'ws';
import { DocumentTarget, SYNC_PATH, SyncCloseCode } from '@kinship/domain';
import type { Admission, DocStore, FanOut, WriteGate } from './ports';
import { DocRoom, RoomDeps } from './doc-room';
import { SyncConnection } from './connection';
import { permissionDeniedFrame } from './protocol';

export interface SyncServerOptions {
  maxFrameBytes: number;
  unloadDelayMs: number;
  /** How often dead sockets are looked for (a ping each; no pong by the next round ends it). */
  heartbeatMs?: number;
}

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
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly connections = new Set<SyncConnection>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly roomDeps: RoomDeps;
  private closing = false;

  constructor(
    private readonly admit: Admit,
    private readonly store: DocStore,
    fanOut: FanOut,
    gate: WriteGate,
    private readonly options: SyncServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false });
    this.roomDeps = {
      store,
      fanOut,
      gate,
      onEmpty: (room) => this.scheduleUnload(room),
      onStoreFailure: (room, error) => this.dropRoom(room, error),
    };
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Handles an HTTP upgrade if it is for the sync path; returns false to let others have it. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${SYNC_PATH}/`)) return false;
    let documentId = '';
    try {
      documentId = decodeURIComponent(url.pathname.slice(SYNC_PATH.length + 1));
    } catch {
      // A malformed escape names no document; `admit` refuses it as unknown.
    }
    socket.on('error', () => socket.destroy());
    void this.accept(request, socket, head, documentId);
    return true;
  }

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer, documentId: string): Promise<void> {
    let admission: Admission | null = null;
    let refusal: Refusal | null = null;
    let room: DocRoom | null = null;
    try {
      if (this.closing) throw new Refusal(SyncCloseCode.goingAway, 'the server is restarting');
      admission = await this.admit(request, documentId);
      room = await this.room(admission.documentId, admission.document);
    } catch (error) {
      refusal = error instanceof Refusal ? error : new Refusal(SyncCloseCode.unavailable, 'the document could not be loaded');
      if (!(error instanceof Refusal)) this.logger.error(`Loading ${documentId} failed: ${String(error)}`);
    }
    if (socket.destroyed) {
      if (room && room.connections.size === 0) this.scheduleUnload(room);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
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
    this.cancelUnload(room.documentId);
    // The record was just read for this admission: the freshest word on what the document allows.
    room.document = admission.document;
    const connection = new SyncConnection(ws, admission.peer, room);
    ws.on('message', (data, isBinary) => connection.receive(data as Buffer, isBinary));
    ws.on('pong', () => (connection.alive = true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      this.connections.delete(connection);
      room.leave(connection);
    });
    this.connections.add(connection);
    room.join(connection);
  }

  /** The loaded room for a document, loading it once however many ask at the same time. */
  private async room(documentId: string, document: DocumentTarget): Promise<DocRoom> {
    for (;;) {
      let loading = this.rooms.get(documentId);
      if (!loading) {
        loading = DocRoom.load(documentId, document, this.roomDeps);
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
    this.cancelUnload(room.documentId);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.documentId);
      void this.unload(room);
    }, this.options.unloadDelayMs);
    this.unloadTimers.set(room.documentId, timer);
  }

  private cancelUnload(documentId: string): void {
    const timer = this.unloadTimers.get(documentId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(documentId);
  }

  /** Unloads a room once its appends are stored, unless someone joined meanwhile. */
  private async unload(room: DocRoom): Promise<void> {
    if (room.connections.size > 0 || room.isDestroyed) return;
    await room.appendsSettled();
    if (room.connections.size > 0 || room.isDestroyed) return;
    this.forget(room);
    this.store.unloaded(room.documentId);
  }

  private dropRoom(room: DocRoom, error: unknown): void {
    if (room.isDestroyed) return;
    this.logger.error(`Storing an update of ${room.documentId} failed; the document is unloaded: ${String(error)}`);
    this.forget(room);
    for (const c of room.connections) c.close(SyncCloseCode.unavailable, 'your last edits could not be saved; reconnecting');
  }

  private forget(room: DocRoom): void {
    this.cancelUnload(room.documentId);
    void this.rooms.get(room.documentId)?.then((current) => {
      if (current === room) this.rooms.delete(room.documentId);
    });
    room.destroy();
  }

  /** A document's record changed (archived, restored): open rooms apply it from the next frame. */
  async documentChanged(documentId: string, document: DocumentTarget): Promise<void> {
    const loading = this.rooms.get(documentId);
    if (!loading) return;
    const room = await loading.catch(() => null);
    if (room) room.document = document;
  }

  private checkHeartbeats(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }

  stats(): { rooms: number; connections: number } {
    return { rooms: this.rooms.size, connections: this.connections.size };
  }

  /** Refuses new connections, closes open ones, and waits until every append is stored. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(SyncCloseCode.goingAway, 'the server is restarting');
    await this.store.drain();
    for (const loading of this.rooms.values()) {
      const room = await loading.catch(() => null);
      room?.destroy();
    }
    this.rooms.clear();
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    this.wss.close();
  }
}
