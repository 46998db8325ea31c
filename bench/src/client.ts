/**
 * One simulated person on one document, speaking the raw wire protocol of the server under test:
 * y-websocket framing (ours, the reference server) or Hocuspocus's (the document name before every
 * message, and an auth message first). It sends pre-shaped updates carrying a stamp and records,
 * for every stamp it receives from someone else, how long it took.
 */
import WebSocket from 'ws';
import type { Protocol } from './servers';
import { appendUpdate, awarenessFrame, eachStamp, hocuspocusAuthFrame, MessageType, now10, prefixFor, readHead, receiptRequestFrame, stampText, step1Frame, SyncStep, updateFrame } from './wire';

/** What a run's clients record together. */
export class Tally {
  /** Relay latencies in ms, by the second (of the run) they arrived in. */
  relay: number[][] = [];
  /** Our "saved" receipt latencies in ms, the same way. */
  receipts: number[][] = [];
  delivered = 0;
  echoes = 0;
  refusedReceipts = 0;
  closedBy = new Map<number, number>();
  /** Stamps sent at or after this moment (tenths of ms) count; earlier ones are ignored. */
  from = Number.POSITIVE_INFINITY;

  second(): number {
    return Math.max(0, Math.floor((now10() - this.from) / 10_000));
  }

  add(into: number[][], ms: number): void {
    const s = this.second();
    (into[s] ??= []).push(ms);
  }
}

export interface ClientOptions {
  protocol: Protocol;
  url: string;
  documentId: string;
  headers: Record<string, string>;
  /** Unique over the run: written into every stamp so a client knows its own echo. */
  sender: number;
  name: string;
  tally: Tally;
  receipts: boolean;
}

export class WireClient {
  readonly clientId = 1 + Math.floor(Math.random() * 0x7fff_fffe);
  private ws!: WebSocket;
  private readonly prefix: Uint8Array;
  private k = 0;
  private awarenessClock = 0;
  private receiptSentAt: number[] = [];
  private onSynced: ((ms: number) => void) | null = null;
  private openedAt = 0;
  sent = 0;

  constructor(private readonly o: ClientOptions) {
    this.prefix = prefixFor(o.protocol === 'hocuspocus' ? o.documentId : null);
  }

  /** Opens the socket, sends sync step 1, and resolves with the ms until sync step 2 arrives. */
  connect(timeoutMs = 120_000): Promise<number> {
    this.openedAt = performance.now();
    const ws = new WebSocket(this.o.url, { headers: this.o.headers, perMessageDeflate: false });
    this.ws = ws;
    ws.binaryType = 'nodebuffer';
    ws.on('error', () => undefined); // a failure shows as a close, counted by code
    ws.on('close', (code) => this.o.tally.closedBy.set(code, (this.o.tally.closedBy.get(code) ?? 0) + 1));
    ws.on('message', (data: Buffer) => this.receive(data));
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no sync step 2 from ${this.o.url} in ${timeoutMs} ms`)), timeoutMs);
      this.onSynced = (ms) => {
        clearTimeout(timer);
        resolve(ms);
      };
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`closed ${code} before sync`));
      });
      ws.once('open', () => {
        if (this.o.protocol === 'hocuspocus') ws.send(hocuspocusAuthFrame(this.prefix));
        ws.send(step1Frame(this.prefix));
      });
    });
  }

  private receive(data: Buffer): void {
    const head = readHead(data, this.o.protocol === 'hocuspocus');
    if (!head) return;
    if (head.type === MessageType.sync) {
      if (head.step === SyncStep.step2 && this.onSynced) {
        const done = this.onSynced;
        this.onSynced = null;
        done(performance.now() - this.openedAt);
        return;
      }
      if (head.step !== SyncStep.update && head.step !== SyncStep.step2) return;
      const tally = this.o.tally;
      const now = now10();
      eachStamp(data, (sender, sentAt) => {
        if (sentAt < tally.from) return;
        if (sender === this.o.sender) tally.echoes++;
        else {
          tally.delivered++;
          tally.add(tally.relay, (now - sentAt) / 10);
        }
      });
    } else if (head.receipt) {
      const sentAt = this.receiptSentAt[head.receipt.n];
      if (head.receipt.status !== 0) this.o.tally.refusedReceipts++;
      else if (sentAt !== undefined && sentAt >= this.o.tally.from) this.o.tally.add(this.o.tally.receipts, (now10() - sentAt) / 10);
    }
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** One keystroke-sized update (and, for ours, a receipt request right after it). */
  sendUpdate(): void {
    if (!this.open) return;
    const at = now10();
    this.ws.send(updateFrame(this.prefix, appendUpdate(this.clientId, this.k, stampText(this.o.sender, at))));
    this.k++;
    this.sent++;
    if (this.o.receipts) {
      this.receiptSentAt[this.k] = at;
      this.ws.send(receiptRequestFrame(this.k));
    }
  }

  /** Sends raw update bytes (cold-load writing), not counted as typing. */
  sendRaw(update: Uint8Array): void {
    this.ws.send(updateFrame(this.prefix, update));
  }

  /** A caret move, as an editor announces it. */
  sendAwareness(): void {
    if (!this.open) return;
    this.ws.send(awarenessFrame(this.prefix, this.clientId, ++this.awarenessClock, this.o.name, this.k * 21));
  }

  /** Sync step 1 again, resolving on the answer: everything sent before it has been applied. */
  roundTrip(timeoutMs = 600_000): Promise<number> {
    this.openedAt = performance.now();
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to sync step 1')), timeoutMs);
      this.onSynced = (ms) => {
        clearTimeout(timer);
        resolve(ms);
      };
      this.ws.send(step1Frame(this.prefix));
    });
  }

  close(): void {
    this.ws?.terminate();
  }
}
