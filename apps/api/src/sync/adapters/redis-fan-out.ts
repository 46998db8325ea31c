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

/** How long a room that opens waits for its channel's subscription before it reads the store anyway. */
const SUBSCRIBE_WAIT_MS = 2000;
/** Longest a publish may wait for Redis's answer (a frozen Redis would otherwise hold every one). */
const PUBLISH_TIMEOUT_MS = 5000;

interface Channel {
  listeners: Set<FanOutListener>;
  /** The last sequence number heard from each other process on this document. */
  lastSeq: Map<bigint, number>;
  /** Subscribed on the present connection to Redis. */
  live: boolean;
  /** The subscription under way on the present connection, if any. */
  pending: Promise<void> | null;
  /** Listeners told to go ahead before the channel was live: each hears `missed` once it is. */
  unsure: Set<FanOutListener>;
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
 * - Nothing waits on Redis: with the link up, a room's subscription is confirmed before it reads
 *   the store (no gap); with the link down (or no answer within SUBSCRIBE_WAIT_MS), the room goes
 *   ahead alone at once and is told `missed` as soon as its channel is subscribed, so it reads the
 *   store again and nothing published meanwhile is lost. Neither connection has an offline queue:
 *   a publish while Redis is away is dropped (the others catch up from the store when it is back).
 */
export class RedisFanOut implements FanOut {
  private readonly logger = new Logger('SyncFanOut');
  private readonly tag = randomBytes(8);
  private readonly tagValue = this.tag.readBigUInt64BE(0);
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Map<string, Channel>();
  private readonly sequence = new Map<string, number>();
  private warnedAt = 0;

  constructor(url: string) {
    this.pub = new Redis(url, { enableOfflineQueue: false, enableAutoPipelining: true, maxRetriesPerRequest: 1, commandTimeout: PUBLISH_TIMEOUT_MS });
    // Subscriptions are this class's own to renew (below), so it knows when each is live again; a
    // command cut off by a dropped link is not sent again (the new connection subscribes what is open then).
    this.sub = new Redis(url, { enableOfflineQueue: false, autoResubscribe: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 1 });
    for (const client of [this.pub, this.sub]) client.on('error', (error) => this.trouble(error));
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel, message));
    this.sub.on('close', () => {
      for (const channel of this.channels.values()) {
        channel.live = false;
        channel.pending = null;
      }
    });
    // Connected (again, or for the first time since rooms opened): what was published meanwhile is gone.
    this.sub.on('ready', () => this.resubscribe());
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

  /**
   * Resolves once the channel is subscribed, or at once when Redis is away, or after
   * SUBSCRIBE_WAIT_MS without an answer: then the listener is told `missed` when the channel is.
   */
  async subscribe(documentId: string, listener: FanOutListener): Promise<() => void> {
    let channel = this.channels.get(documentId);
    if (!channel) {
      channel = { listeners: new Set(), lastSeq: new Map(), live: false, pending: null, unsure: new Set() };
      this.channels.set(documentId, channel);
    }
    channel.listeners.add(listener);
    const subscribed = channel;
    const unsubscribe = () => {
      subscribed.unsure.delete(listener);
      if (!subscribed.listeners.delete(listener) || subscribed.listeners.size > 0) return;
      if (this.channels.get(documentId) === subscribed) this.channels.delete(documentId);
      this.sequence.delete(documentId);
      // Only over a live link (no offline queue): a new connection subscribes only what is open then.
      if (this.sub.status === 'ready') this.sub.unsubscribe(CHANNEL_PREFIX + documentId).catch((error) => this.trouble(error));
    };
    if (channel.live) return unsubscribe;
    if (!channel.pending && this.sub.status === 'ready') this.subscribeChannels([documentId]);
    if (channel.pending) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([channel.pending, new Promise((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)))]);
      clearTimeout(timer);
    }
    // Not live (Redis away, or slow to answer): the room reads the store now and again once it is.
    if (!channel.live && channel.listeners.has(listener)) channel.unsure.add(listener);
    return unsubscribe;
  }

  /**
   * Subscribes these documents' channels on the present connection; once Redis confirms, each is
   * live, and its listeners that went ahead without it (all of them, after a reconnect) catch up.
   */
  private subscribeChannels(documentIds: string[], everyone = false): void {
    const channels = documentIds.map((id) => [id, this.channels.get(id)!] as const);
    // Commands on one connection run in order: an unsubscribe of an earlier room goes first.
    const done = this.sub.subscribe(...documentIds.map((id) => CHANNEL_PREFIX + id)).then(
      () => {
        for (const [id, channel] of channels) {
          if (channel.pending !== done || this.channels.get(id) !== channel) continue;
          channel.live = true;
          channel.pending = null;
          const behind = everyone ? [...channel.listeners] : [...channel.unsure];
          channel.unsure.clear();
          if (everyone) channel.lastSeq.clear();
          for (const listener of behind) listener.missed();
        }
      },
      (error) => {
        // The link dropped meanwhile (its `ready` subscribes again) or Redis refused: the rooms go on alone.
        for (const [, channel] of channels) if (channel.pending === done) channel.pending = null;
        this.trouble(error);
      },
    );
    for (const [, channel] of channels) channel.pending = done;
  }

  /** On every connection: every open document's channel again, and each room catches up from the store. */
  private resubscribe(): void {
    const ids = [...this.channels.keys()];
    if (ids.length > 0) this.subscribeChannels(ids, true);
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
