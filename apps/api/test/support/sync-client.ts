import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ReceiptStatus, SyncMessageType } from '@kinship/domain/wire';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** Node has no global WebSocket: the stock provider gets `ws`, carrying the session cookie. */
export function cookieWebSocket(cookie: string | null) {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  };
}

export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  destroy(): void;
}

/**
 * The stock y-websocket client, exactly as a browser would open it; given a `doc`, on that device's
 * document (a reconnect to another server, say, with whatever it had not yet sent).
 */
export function stockClient(wsUrl: string, documentId: string, cookie: string | null, doc = new Y.Doc()): StockClient {
  const provider = new WebsocketProvider(`${wsUrl}/sync`, documentId, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    provider,
    text: doc.getText('t'),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** Resolves once an asynchronous check (a question to the database, say) passes; like `until`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const synced = (client: StockClient) => until(() => client.provider.synced, 5000, 'sync');

export interface RawOutcome {
  frames: Buffer[];
  closeCode: number;
  closeReason: string;
  httpStatus?: number;
}

/** A raw socket that records every frame it receives and how it ended. */
export function rawConnect(wsUrl: string, documentId: string, cookie: string | null, onOpen?: (ws: WebSocket) => void): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const frames: Buffer[] = [];
    const ws = new WebSocket(`${wsUrl}/sync/${documentId}`, { headers: cookie ? { cookie } : {} });
    ws.on('message', (data) => frames.push(data as Buffer));
    ws.on('open', () => onOpen?.(ws));
    ws.on('unexpected-response', (_req, res) => resolve({ frames, closeCode: 0, closeReason: '', httpStatus: res.statusCode }));
    ws.on('close', (code, reason) => resolve({ frames, closeCode: code, closeReason: reason.toString() }));
    ws.on('error', () => undefined);
  });
}

const receiptWaiters = new WeakMap<WebsocketProvider, Map<number, (status: ReceiptStatus) => void>>();
let nonce = 0;

/**
 * Resolves once the server has settled everything this client sent so far, using the save receipt
 * ([100][n] answered with [100][n][status]); rejects when the answer is not "stored".
 */
export async function stored(client: StockClient, timeoutMs = 5000): Promise<void> {
  const status = await receipt(client, timeoutMs);
  if (status !== ReceiptStatus.stored) throw new Error(`receipt status ${status}: edits were refused`);
}

/** The save receipt's status for everything this client sent so far. */
export function receipt(client: StockClient, timeoutMs = 5000): Promise<ReceiptStatus> {
  const { provider } = client;
  let waiters = receiptWaiters.get(provider);
  if (!waiters) {
    const map = new Map<number, (status: ReceiptStatus) => void>();
    waiters = map;
    receiptWaiters.set(provider, map);
    provider.messageHandlers[SyncMessageType.receipt] = (_encoder, decoder) => {
      const n = decoding.readVarUint(decoder);
      const status = decoding.readVarUint(decoder) as ReceiptStatus;
      map.get(n)?.(status);
      map.delete(n);
    };
  }
  const n = ++nonce;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no save receipt')), timeoutMs);
    waiters.set(n, (status) => {
      clearTimeout(timer);
      resolve(status);
    });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, SyncMessageType.receipt);
    encoding.writeVarUint(e, n);
    provider.ws!.send(encoding.toUint8Array(e));
  });
}

export interface OpenRawSocket {
  ws: WebSocket;
  frames: Buffer[];
  /** Settles with how the server ended the connection. */
  closed: Promise<{ code: number; reason: string }>;
}

/** A raw socket, already open, that records every frame: a hostile client speaks through it. */
export function openRawSocket(wsUrl: string, documentId: string, cookie: string | null): Promise<OpenRawSocket> {
  return new Promise((resolve, reject) => {
    const frames: Buffer[] = [];
    const ws = new WebSocket(`${wsUrl}/sync/${documentId}`, { headers: cookie ? { cookie } : {} });
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    ws.on('message', (data) => frames.push(data as Buffer));
    ws.on('error', () => undefined);
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
  });
}
