import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { quitRedis } from '../../common/redis-quit';
import type { Claims, DocumentRecord, FanOut, FanOutListener } from '../ports';

const CHANNEL_PREFIX = 'kinship:sync:';

/** What a message carries, in its first byte. */
const enum Kind {
  frame = 0,
  frameWithClaims = 1,
  record = 2,
}

/** kind (1) · the publishing process's tag (8) · its sequence number for this document (4). */
const HEADER_BYTES = 13;

interface Channel {
  listeners: Set<FanOutListener>;
  /** The last sequence number heard from each other process on this document. */
  lastSeq: Map<bigint, number>;
}

/**
 * Several API processes over Redis pub/sub, one channel per document: a process subscribes while
 * it has the document's room loaded, and publishes every update its room stored and every presence
 * change (see FanOut in ports.ts for why updates go once stored).
 *
 * - No echo: each message starts with the publishing process's random tag; a process drops its own.
 * - No silent gap: each process numbers its messages per document; a listener that sees a number
 *   skipped, or whose link to Redis dropped and came back (pub/sub keeps nothing for a subscriber
 *   that was away), is told `missed` and catches up from PostgreSQL, the store of record.
 * - Nothing piles up while Redis is away: the publisher has no offline queue, a failed publish is
 *   dropped (the others notice the gap when Redis is back).
 */
export class RedisFanOut implements FanOut {
  private readonly logger = new Logger('SyncFanOut');
  private readonly tag = randomBytes(8);
  private readonly tagValue = this.tag.readBigUInt64BE(0);
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Map<string, Channel>();
  private readonly sequence = new Map<string, number>();
  private wasReady = false;
  private warnedAt = 0;

  constructor(url: string) {
    this.pub = new Redis(url, { enableOfflineQueue: false, enableAutoPipelining: true, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url, { maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) client.on('error', (error) => this.trouble(error));
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel, message));
    this.sub.on('ready', () => {
      // ioredis subscribes again by itself; what was published meanwhile is gone.
      if (this.wasReady) for (const channel of this.channels.values()) this.missed(channel);
      this.wasReady = true;
    });
  }

  publish(documentId: string, frame: Uint8Array, claims: Claims | null = null): void {
    if (claims && claims.clients.length > 0) {
      const account = Buffer.from(claims.accountId ?? '', 'latin1');
      // Client ids are integers up to 2^53 (a hostile client may pick any): each goes as a double.
      const body = Buffer.allocUnsafe(1 + account.length + 2 + 8 * claims.clients.length);
      body.writeUInt8(account.length, 0);
      account.copy(body, 1);
      let at = 1 + account.length;
      body.writeUInt16BE(claims.clients.length, at);
      at += 2;
      for (const client of claims.clients) at = body.writeDoubleBE(client, at);
      this.send(documentId, Kind.frameWithClaims, body, frame);
    } else {
      this.send(documentId, Kind.frame, frame);
    }
  }

  publishRecord(documentId: string, record: DocumentRecord): void {
    this.send(documentId, Kind.record, Buffer.from(JSON.stringify(record)));
  }

  async subscribe(documentId: string, listener: FanOutListener): Promise<() => void> {
    const name = CHANNEL_PREFIX + documentId;
    let channel = this.channels.get(documentId);
    if (!channel) {
      channel = { listeners: new Set(), lastSeq: new Map() };
      this.channels.set(documentId, channel);
    }
    channel.listeners.add(listener);
    const subscribed = channel;
    const unsubscribe = () => {
      if (!subscribed.listeners.delete(listener) || subscribed.listeners.size > 0) return;
      if (this.channels.get(documentId) === subscribed) this.channels.delete(documentId);
      this.sequence.delete(documentId);
      this.sub.unsubscribe(name).catch((error) => this.trouble(error));
    };
    try {
      // Commands on one connection run in order: an unsubscribe of an earlier room goes first.
      await this.sub.subscribe(name);
    } catch (error) {
      // Without Redis this process serves the document alone for now; the reconnect says `missed`.
      this.trouble(error);
    }
    return unsubscribe;
  }

  private send(documentId: string, kind: Kind, body: Uint8Array, frame?: Uint8Array): void {
    // Numbered while this process has the document open (a record change may come without: 0).
    let seq = 0;
    if (this.channels.has(documentId)) {
      seq = ((this.sequence.get(documentId) ?? 0) + 1) >>> 0;
      this.sequence.set(documentId, seq);
    }
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt8(kind, 0);
    this.tag.copy(header, 1);
    header.writeUInt32BE(seq, 9);
    const parts = frame ? [header, body, frame] : [header, body];
    this.pub.publish(CHANNEL_PREFIX + documentId, Buffer.concat(parts)).catch((error) => this.trouble(error));
  }

  private receive(channelName: Buffer, message: Buffer): void {
    if (message.length < HEADER_BYTES) return;
    const from = message.readBigUInt64BE(1);
    if (from === this.tagValue) return;
    const documentId = channelName.toString('latin1', CHANNEL_PREFIX.length);
    const channel = this.channels.get(documentId);
    if (!channel) return;
    const seq = message.readUInt32BE(9);
    const last = channel.lastSeq.get(from);
    channel.lastSeq.set(from, seq);
    if (last !== undefined && seq !== ((last + 1) >>> 0)) this.missed(channel);
    try {
      this.deliver(channel, message);
    } catch (error) {
      this.logger.error(`A message on document ${documentId} could not be read: ${String(error)}`);
      this.missed(channel);
    }
  }

  private deliver(channel: Channel, message: Buffer): void {
    const kind = message.readUInt8(0);
    if (kind === Kind.record) {
      const record = JSON.parse(message.toString('utf8', HEADER_BYTES)) as DocumentRecord;
      for (const listener of channel.listeners) listener.recordChanged(record);
      return;
    }
    let at = HEADER_BYTES;
    let claims: Claims | null = null;
    if (kind === Kind.frameWithClaims) {
      const accountLength = message.readUInt8(at);
      const accountId = accountLength > 0 ? message.toString('latin1', at + 1, at + 1 + accountLength) : null;
      at += 1 + accountLength;
      const count = message.readUInt16BE(at);
      at += 2;
      const clients: number[] = [];
      for (let i = 0; i < count; i++, at += 8) clients.push(message.readDoubleBE(at));
      claims = { accountId, clients };
    }
    const frame = message.subarray(at);
    for (const listener of channel.listeners) listener.relayed(frame, claims);
  }

  private missed(channel: Channel): void {
    channel.lastSeq.clear();
    for (const listener of channel.listeners) listener.missed();
  }

  /** Redis trouble is said at most once every half minute (a reconnect loop would say it every second). */
  private trouble(error: unknown): void {
    if (Date.now() - this.warnedAt < 30_000) return;
    this.warnedAt = Date.now();
    this.logger.warn(`Redis (sync across processes) is not answering: ${String(error)}`);
  }

  close(): Promise<void> {
    return quitRedis([this.pub, this.sub]);
  }
}
