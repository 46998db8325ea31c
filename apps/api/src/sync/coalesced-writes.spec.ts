import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ReceiptStatus, SyncMessageType, SyncStep } from '@kinship/domain/wire';
import { PRESENCE_WAIT_MS, SyncConnection, type ConnectionRoom } from './connection';
import { awarenessFrame, receiptFrame, updateFrame } from './protocol';

/**
 * A connection's outgoing frames leave coalesced: everything sent to it in one event-loop turn in
 * one socket write, a presence frame alone held a little longer for company. Over real sockets
 * (a `ws` server and client on 127.0.0.1): the server side's socket writes are counted by wrapping
 * its `_write`/`_writev`, and the client checks every frame arrives, in order, byte for byte.
 */

const peer = { accountId: 'a', name: 'Alex', role: 'partner', loginHash: 'h' } as const;
const room: ConnectionRoom = {
  documentId: 'd',
  workspaceId: 'w',
  isDestroyed: false,
  receiveSyncStep1: () => undefined,
  receiveUpdate: () => undefined,
  receiveAwareness: () => undefined,
  queryAwareness: () => undefined,
  receipt: () => undefined,
};

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const relay = (i: number) => updateFrame(new Uint8Array([1, i, 2, 3, i, 5]));
const presence = (i: number) => awarenessFrame(new TextEncoder().encode(`{"cursor":${i}}`));

interface Pair {
  connection: SyncConnection;
  server: WebSocket;
  client: WebSocket;
  received: Buffer[];
  /** Socket writes of the server side (system calls Node makes for it: one per `_write`/`_writev`). */
  writes: () => number;
  errors: Error[];
  closed: Promise<number>;
}

describe('coalesced socket writes per connection', () => {
  let wss: WebSocketServer;
  let url: string;
  const open: WebSocket[] = [];

  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const ws of open) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });

  async function pair(maxBufferedBytes = 16 * 1024 * 1024): Promise<Pair> {
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', (ws) => resolve(ws)));
    const client = new WebSocket(url, { perMessageDeflate: false });
    client.binaryType = 'nodebuffer';
    const received: Buffer[] = [];
    client.on('message', (data: Buffer) => received.push(data));
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => client.once('open', () => resolve()));
    const server = await accepted;
    open.push(server, client);
    server.on('error', (error) => errors.push(error));
    type Write = (this: Socket, ...args: unknown[]) => void;
    const socket = (server as unknown as { _socket: Socket & { _write: Write; _writev: Write } })._socket;
    socket.on('error', (error) => errors.push(error));
    let writes = 0;
    const write = socket._write;
    const writev = socket._writev;
    socket._write = function (this: Socket, ...args: unknown[]) {
      writes++;
      return write.apply(this, args);
    };
    socket._writev = function (this: Socket, ...args: unknown[]) {
      writes++;
      return writev.apply(this, args);
    };
    const connection = new SyncConnection(server, peer as never, room, maxBufferedBytes);
    return { connection, server, client, received, writes: () => writes, errors, closed };
  }

  it('sends the frames of one turn in one write, in order and intact', async () => {
    const p = await pair();
    const big = updateFrame(new Uint8Array(200_000).map((_, i) => i % 251));
    const frames = [relay(1), receiptFrame(1, ReceiptStatus.stored), presence(1), relay(2), big, presence(2), relay(3), receiptFrame(2, ReceiptStatus.stored)];
    for (const frame of frames) p.connection.send(frame);
    expect(p.writes()).toBe(0); // nothing has left yet: the socket is corked until the turn ends
    await until(() => p.received.length === frames.length, 5000, 'every frame');
    expect(p.writes()).toBe(1);
    expect(p.received.map((b) => Buffer.from(b).toString('hex'))).toEqual(frames.map((f) => Buffer.from(f).toString('hex')));
    // The next turn's frames leave in a write of their own, still in order.
    p.connection.send(relay(4));
    p.connection.send(relay(5));
    await until(() => p.received.length === frames.length + 2, 5000, 'the next turn');
    expect(p.writes()).toBe(2);
    expect(p.received.slice(-2).map((b) => b[4])).toEqual([4, 5]);
    expect(p.errors).toEqual([]);
  });

  it('holds a presence frame alone for a moment, and sends it with the next frame in one write', async () => {
    for (let attempt = 1; ; attempt++) {
      const p = await pair();
      const sentAt = performance.now();
      p.connection.send(presence(1));
      await turn();
      await turn();
      const writesBefore = p.writes();
      // A keystroke's edit, stored a moment after its caret move: both leave together, the caret move first.
      p.connection.send(relay(1));
      // A machine too busy to get here within the wait cannot tell; try again.
      if (performance.now() - sentAt >= PRESENCE_WAIT_MS - 1 && attempt < 5) continue;
      expect(writesBefore).toBe(0); // presence alone waits (up to PRESENCE_WAIT_MS) for company
      await until(() => p.received.length === 2, 5000, 'presence and relay');
      expect(p.writes()).toBe(1);
      expect(p.received.map((b) => b[0])).toEqual([SyncMessageType.awareness, SyncMessageType.sync]);
      expect(p.received[1]![1]).toBe(SyncStep.update);
      expect(p.errors).toEqual([]);
      return;
    }
  });

  it('sends presence alone once its wait is over', async () => {
    const p = await pair();
    const sentAt = performance.now();
    p.connection.send(presence(1));
    p.connection.send(presence(2));
    await until(() => p.received.length === 2, 5000, 'presence');
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(PRESENCE_WAIT_MS - 2);
    expect(p.writes()).toBe(1);
    expect(p.received.map((b) => Buffer.from(b).toString('hex'))).toEqual([presence(1), presence(2)].map((f) => Buffer.from(f).toString('hex')));
  });

  it('a connection closed mid-turn sends what came before the close, then the close, then nothing, and raises no error', async () => {
    const p = await pair();
    p.connection.send(relay(1));
    p.connection.send(presence(1));
    p.connection.close(4403, 'not allowed');
    p.connection.send(relay(2)); // after the close: dropped
    p.connection.send(presence(2));
    expect(p.writes()).toBe(0);
    expect(await p.closed).toBe(4403);
    await sleep(PRESENCE_WAIT_MS * 3);
    expect(p.received.map((b) => b[0])).toEqual([SyncMessageType.sync, SyncMessageType.awareness]);
    expect(p.received[0]![4]).toBe(1);
    expect(p.errors).toEqual([]);
    expect(p.server.readyState).toBe(WebSocket.CLOSED);
    const writes = p.writes();
    p.connection.send(relay(3)); // on a closed socket: nothing is written
    await sleep(PRESENCE_WAIT_MS * 2);
    expect(p.writes()).toBe(writes);
  });

  it('presence waiting when the connection is closed leaves ahead of the close frame; the client’s own close is answered without waiting', async () => {
    const p = await pair();
    p.connection.send(presence(1));
    p.connection.close(4403, 'not allowed');
    expect(await p.closed).toBe(4403);
    expect(p.received.map((b) => Buffer.from(b).toString('hex'))).toEqual([Buffer.from(presence(1)).toString('hex')]);

    const q = await pair();
    q.connection.send(presence(1));
    const closingAt = performance.now();
    q.client.close(1000);
    expect(await q.closed).toBe(1000);
    // The server's answer to the close did not wait behind presence (which is dropped: the peer is leaving).
    expect(performance.now() - closingAt).toBeLessThan(1000);
    expect([...p.errors, ...q.errors]).toEqual([]);
  });

  it('a socket cut off mid-turn (terminated, or the peer gone) takes nothing more and raises no error', async () => {
    const p = await pair();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      p.connection.send(relay(1));
      p.connection.send(presence(1));
      p.server.terminate(); // the socket is destroyed with the corked frames unsent
      p.connection.send(relay(2));
      await p.closed;
      await sleep(PRESENCE_WAIT_MS * 3); // any pending uncork has run, on a destroyed socket
      expect(p.writes()).toBe(0);
      expect(p.received).toEqual([]);
      // The client goes away while presence waits to be sent.
      const q = await pair();
      q.connection.send(presence(1));
      q.client.terminate();
      await until(() => q.server.readyState === WebSocket.CLOSED, 5000, 'the server side to see the close');
      // (ws ends the socket on the peer's FIN, which flushes what was corked before: that is all it writes.)
      const atClose = q.writes();
      expect(atClose).toBeLessThanOrEqual(1);
      q.connection.send(relay(1));
      await sleep(PRESENCE_WAIT_MS * 3);
      expect(q.writes()).toBe(atClose);
      expect([...p.errors, ...q.errors]).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });

  it('counts only what the client has not read against the limit: a big frame behind corked ones goes out, a client that stops reading is cut off', async () => {
    const limit = 65_536;
    const p = await pair(limit);
    // Small frames corked in this turn, then one frame as large as the limit: the client is reading, so it is not cut off.
    p.connection.send(relay(1));
    p.connection.send(presence(1));
    const big = updateFrame(new Uint8Array(limit - 16).fill(7));
    p.connection.send(big);
    await until(() => p.received.length === 3, 5000, 'the frames and the big one');
    expect(p.server.readyState).toBe(WebSocket.OPEN);
    expect(p.received.map((b) => b.byteLength)).toEqual([relay(1).byteLength, presence(1).byteLength, big.byteLength]);

    // A client that stops reading: once its unread output passes the limit, it is cut off.
    const q = await pair(limit);
    (q.client as unknown as { _socket: Socket })._socket.pause();
    const chunk = updateFrame(new Uint8Array(16_384).fill(1));
    let sent = 0;
    while (q.server.readyState === WebSocket.OPEN && sent < 64 * 1024 * 1024) {
      q.connection.send(chunk);
      sent += chunk.byteLength;
      await turn();
    }
    expect(q.server.readyState).not.toBe(WebSocket.OPEN);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});
