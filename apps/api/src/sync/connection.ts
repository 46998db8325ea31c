import type { Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { SyncCloseCode, SyncMessageType, SyncStep } from '@kinship/domain/wire';
import type { Peer } from './ports';
import type { UpdateShape } from './update-shape';

/** Where a connection hands the frames it reads: its document's room (doc-room.ts). */
export interface ConnectionRoom {
  readonly documentId: string;
  /** The workspace the document belongs to. */
  readonly workspaceId: string;
  readonly isDestroyed: boolean;
  receiveSyncStep1(connection: SyncConnection, stateVector: Uint8Array): void;
  receiveUpdate(connection: SyncConnection, update: Uint8Array, frame: Uint8Array | null): void;
  receiveAwareness(connection: SyncConnection, update: Uint8Array): void;
  queryAwareness(connection: SyncConnection): void;
  receipt(connection: SyncConnection, n: number): void;
}

/**
 * Requests that make the server send a whole state (sync step 1: the document from the client's
 * state vector; a presence query: every presence) cost it work and output for a few bytes in. An
 * honest client sends one of each per connection; each kind gets a burst of ten, then one a
 * second, and requests beyond that are dropped.
 */
class RequestBudget {
  private tokens = 10;
  private refilledAt = Date.now();

  take(): boolean {
    const refill = Math.floor((Date.now() - this.refilledAt) / 1000);
    if (refill > 0) {
      this.tokens = Math.min(10, this.tokens + refill);
      this.refilledAt += refill * 1000;
    }
    if (this.tokens === 0) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * How long a presence frame (a caret move) may wait for other frames to the same connection, so
 * they leave in one socket write: a keystroke's caret move reaches the server with its edit and
 * is relayed at once, the edit only once stored, a few ms later. One animation frame.
 */
export const PRESENCE_WAIT_MS = 15;

/**
 * One client's socket on one document. Decodes every frame inside try/catch: a frame that cannot
 * be read closes this connection only, and nothing of it reaches the document. A client that
 * stops reading is cut off once its unsent output passes the limit.
 */
export class SyncConnection {
  private lastAppend: Promise<void> = Promise.resolve();
  private refusedAny = false;
  /** Client ids this connection brought into the document (an honest one brings one or a few). */
  private readonly introduced = new Set<number>();
  private readonly stateRequests = new RequestBudget();
  private readonly presenceQueries = new RequestBudget();
  /** The socket while this connection holds it corked (until the end of the turn); frames sent meanwhile leave together. */
  private corkedSocket: Socket | null = null;
  /** An uncork is scheduled for the end of this event-loop turn. */
  private flushThisTurn = false;
  /** Presence frames waiting (at most PRESENCE_WAIT_MS) for another frame to leave with, in order. */
  private presenceWaiting: Uint8Array[] = [];
  private presenceTimer: NodeJS.Timeout | null = null;
  /** Frames that arrived while an earlier one waits on the database (a claim), in order; null when none waits. */
  private held: Array<{ data: Uint8Array; isBinary: boolean }> | null = null;
  private heldBytes = 0;
  alive = true;

  constructor(
    readonly ws: WebSocket,
    readonly peer: Peer,
    readonly room: ConnectionRoom,
    private readonly maxBufferedBytes: number,
  ) {
    // Gone: presence still waiting has nowhere to go.
    ws.once('close', () => {
      if (this.presenceTimer) clearTimeout(this.presenceTimer);
      this.presenceTimer = null;
      this.presenceWaiting = [];
    });
  }

  /**
   * Sends a frame. Frames leave corked: the socket is corked on the first frame and uncorked once
   * this event-loop turn ends, so every frame a connection gets while the server works through one
   * batch of incoming messages leaves in one system call (the bench halves p95/p99 at 1,000
   * documents with it). A presence frame sent when nothing else is due waits a little
   * (PRESENCE_WAIT_MS) for company, held here, not in the socket: a keystroke's caret move arrives
   * before its edit is stored, and leaves with the edit's relay or receipt instead of in a write of
   * its own; the next other frame takes it along, ahead of itself. Nothing but presence is ever
   * held past the turn, and frames leave in the order sent. `ws` has no public cork, so this
   * reaches its socket (ws is pinned); without one it just sends.
   */
  send(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (frame[0] === SyncMessageType.awareness && !this.flushThisTurn) {
      this.presenceWaiting.push(frame);
      this.presenceTimer ??= setTimeout(this.sendPresence, PRESENCE_WAIT_MS);
      return;
    }
    this.releasePresence();
    this.write(frame);
  }

  /** Presence that waited goes into the socket now, ahead of whatever follows. */
  private releasePresence(): void {
    if (this.presenceTimer) {
      clearTimeout(this.presenceTimer);
      this.presenceTimer = null;
    }
    if (this.presenceWaiting.length === 0) return;
    const waiting = this.presenceWaiting;
    this.presenceWaiting = [];
    for (const frame of waiting) this.write(frame);
  }

  /** Presence waited long enough alone: it leaves (in one write) at the end of this turn. */
  private readonly sendPresence = (): void => {
    this.presenceTimer = null;
    this.releasePresence();
  };

  /** Into the (corked) socket, unless the client has stopped reading. */
  private write(frame: Uint8Array): void {
    // Cut off by an earlier frame of the same release, say: nothing more goes to it.
    if (this.ws.readyState !== WebSocket.OPEN) return;
    let queued = this.ws.bufferedAmount;
    if (queued > 0 && queued + frame.byteLength > this.maxBufferedBytes && this.corkedSocket) {
      // Part of what is queued may be this turn's corked frames, not output the client left unread.
      this.flush();
      queued = this.ws.bufferedAmount;
    }
    if (queued > 0 && queued + frame.byteLength > this.maxBufferedBytes) {
      // It is not reading: whatever we queue only grows our memory. It may reconnect and resync.
      // (One frame larger than the limit, say a big document's first sync, still goes out alone.)
      this.ws.terminate();
      return;
    }
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (socket && !this.corkedSocket) {
      socket.cork();
      this.corkedSocket = socket;
    }
    if (socket && !this.flushThisTurn) {
      this.flushThisTurn = true;
      setImmediate(this.flush);
    }
    this.ws.send(frame, { binary: true });
  }

  /** What is corked leaves now, in one write (a destroyed socket takes nothing: Node drops its buffer). */
  private readonly flush = (): void => {
    this.flushThisTurn = false;
    const socket = this.corkedSocket;
    this.corkedSocket = null;
    socket?.uncork();
  };

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      // Presence sent before the close still goes, ahead of the close frame.
      if (this.ws.readyState === WebSocket.OPEN) this.releasePresence();
      this.ws.close(code, reason);
    }
  }

  receive(data: Uint8Array, isBinary: boolean): void {
    // The room was dropped or this socket is closing: nothing more is taken.
    if (this.room.isDestroyed || this.ws.readyState !== WebSocket.OPEN) return;
    this.take(data, isBinary);
  }

  /** A frame this connection sent, read now or after the ones held before it. */
  private take(data: Uint8Array, isBinary: boolean): void {
    if (this.held) {
      this.heldBytes += data.byteLength;
      // A client that floods while one of its frames waits only grows our memory; it may reconnect.
      if (this.heldBytes > this.maxBufferedBytes) this.ws.terminate();
      else this.held.push({ data, isBinary });
      return;
    }
    if (!isBinary) {
      this.close(SyncCloseCode.malformed, 'text frames are not part of the protocol');
      return;
    }
    try {
      this.dispatch(data);
    } catch {
      this.close(SyncCloseCode.malformed, 'malformed frame');
    }
  }

  private dispatch(data: Uint8Array): void {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    switch (type) {
      case SyncMessageType.sync: {
        const step = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (decoding.hasContent(d)) throw new Error('trailing bytes');
        if (step === SyncStep.step1) {
          if (this.stateRequests.take()) this.room.receiveSyncStep1(this, payload);
        }
        else if (step === SyncStep.update) this.room.receiveUpdate(this, payload, data);
        else if (step === SyncStep.step2) this.room.receiveUpdate(this, payload, null);
        else throw new Error('unknown sync step');
        return;
      }
      case SyncMessageType.awareness: {
        const update = decoding.readVarUint8Array(d);
        if (decoding.hasContent(d)) throw new Error('trailing bytes');
        this.room.receiveAwareness(this, update);
        return;
      }
      case SyncMessageType.queryAwareness:
        if (this.presenceQueries.take()) this.room.queryAwareness(this);
        return;
      case SyncMessageType.receipt:
        this.room.receipt(this, decoding.readVarUint(d));
        return;
      case SyncMessageType.auth:
        // Clients have nothing to say on this channel; the session cookie authenticated them.
        return;
      default:
        throw new Error('unknown message type');
    }
  }

  /**
   * True when the update brings at most `limit` client ids new to the document over this
   * connection's life. Many concurrent clients at one spot make Yjs's conflict resolution
   * quadratic; a connection that invents them by the hundred is not an editor.
   */
  mayIntroduce(shape: UpdateShape, known: (client: number) => number, limit: number): boolean {
    const fresh = [...shape.ranges.keys()].filter((client) => known(client) === 0 && !this.introduced.has(client));
    if (this.introduced.size + fresh.length > limit) return false;
    for (const client of fresh) this.introduced.add(client);
    return true;
  }

  /**
   * Holds this connection's frames until `until` settles (its room asks the database something a
   * frame depends on), then runs `then` and reads the frames that came meanwhile, in order.
   */
  holdUntil(until: Promise<unknown>, then: () => void): void {
    this.held = [];
    this.heldBytes = 0;
    void until.finally(() => {
      const waiting = this.held ?? [];
      this.held = null;
      // Frames the client sent before it went away are still its writing: they are read even if
      // the socket has closed meanwhile (a page closed right after its first keystroke).
      if (this.room.isDestroyed) return;
      try {
        then();
      } catch {
        this.close(SyncCloseCode.malformed, 'malformed frame');
        return;
      }
      for (let i = 0; i < waiting.length; i++) {
        const heldAgain = this.held as Array<{ data: Uint8Array; isBinary: boolean }> | null;
        if (heldAgain) {
          // Held again by one of them: the rest wait behind it, still in order.
          const rest = waiting.slice(i);
          heldAgain.unshift(...rest);
          this.heldBytes += rest.reduce((sum, f) => sum + f.data.byteLength, 0);
          return;
        }
        if (this.room.isDestroyed) return;
        this.take(waiting[i]!.data, waiting[i]!.isBinary);
      }
    });
  }

  trackAppend(stored: Promise<void>): void {
    this.lastAppend = stored;
  }

  /** Settles when every append this connection caused so far is stored (rejects if one failed). */
  afterAppends(): Promise<void> {
    return this.lastAppend;
  }

  /** True once an edit from this connection was refused: its client's document has diverged. */
  get hasRefusedWrites(): boolean {
    return this.refusedAny;
  }

  /** Tells the client once that its edits are refused; later refused frames are dropped quietly. */
  refusedWrite(frame: () => Uint8Array): void {
    if (this.refusedAny) return;
    this.refusedAny = true;
    this.send(frame());
  }
}
