import { connect, type Socket } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import * as Y from 'yjs';
import type { DataSource } from 'typeorm';
import { ApiProcess } from '../../test/support/api-process';
import { Couple, createDocument, setUpCouple } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { OwnRedis } from '../../test/support/own-redis';
import { stockClient, StockClient, stored, synced, until } from '../../test/support/sync-client';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY } from '../../test/support/test-app';
import { ContentCipher } from '../encryption/content-cipher';
import { KeyRing } from '../encryption/key-ring';

/**
 * `WORKERS=2` as `npm start` runs it (the built API, real PostgreSQL, a Redis of the spec's own):
 * the primary routes every connection to one document to one worker. Each process that has a
 * document's room open subscribes to the document's Redis channel once, so `PUBSUB NUMSUB` on it
 * counts the processes serving the document.
 */

const DOCUMENTS = 16;
const PEOPLE = 3;

/** The document as PostgreSQL holds it: every kept update row, opened with the test key and applied. */
async function storedText(documentId: string): Promise<string> {
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    const rows: { data: Buffer }[] = (await db.query('SELECT data FROM document_update WHERE document_id = $1 ORDER BY id', [documentId])).rows;
    const asDataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as DataSource;
    const cipher = new ContentCipher(asDataSource, new KeyRing([Buffer.from(TEST_ENCRYPTION_KEY, 'base64')]));
    const doc = new Y.Doc();
    for (const update of await cipher.openDocument(documentId, rows.map((r) => r.data))) Y.applyUpdate(doc, update);
    const text = doc.getText('t').toString();
    doc.destroy();
    return text;
  } finally {
    await db.end();
  }
}

/** A raw TCP connection to the API's port, with a promise of when the server ended it. */
function rawTcp(url: string): { socket: Socket; closed: Promise<number> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined);
  socket.resume();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { socket, closed };
}

describe('WORKERS=2: the primary routes each document to one process', () => {
  let redis: OwnRedis;
  let counter: Redis;
  let api: ApiProcess;
  let couple: Couple;
  let wsUrl: string;
  const clients: StockClient[] = [];

  /** Processes subscribed to the document's fan-out channel (sync/adapters/redis-fan-out.ts): processes serving it. */
  const processesServing = async (documentId: string) => ((await counter.pubsub('NUMSUB', `kinship:sync:${documentId}`)) as [string, number])[1];

  const open = (documentId: string, cookie: string | null) => {
    const client = stockClient(wsUrl, documentId, cookie);
    clients.push(client);
    return client;
  };

  /** The pid of process `n` of 2, as the primary announced it (after `after`, the pid it had before, if given). */
  const pidOf = (n: number, after?: number) => {
    const pids = [...api.output.matchAll(new RegExp(`process ${n} of 2, pid (\\d+)`, 'g'))].map((m) => Number(m[1]));
    const last = pids.at(-1);
    return last !== undefined && last !== after ? last : undefined;
  };

  beforeAll(async () => {
    redis = await OwnRedis.start();
    counter = new Redis(redis.url);
    api = new ApiProcess({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: redis.url, WEB_DIST: '/nonexistent', WORKERS: '2', SYNC_UNLOAD_DELAY_MS: '200' });
    await api.start();
    await until(() => pidOf(1) !== undefined && pidOf(2) !== undefined, 30_000, 'both processes up');
    wsUrl = api.url.replace(/^http/, 'ws');
    couple = await setUpCouple(api.url);
  }, 60_000);

  afterEach(() => {
    clients.splice(0).forEach((c) => c.destroy());
  });

  afterAll(async () => {
    await api?.stop();
    counter?.disconnect();
    await redis?.kill();
  });

  it("every document's clients land on one process; their edits converge and are stored; a process that dies moves only its documents, and a document served by both converges through Redis", async () => {
    const people = [couple.partnerA, couple.partnerB, couple.counselor];
    const documents = await Promise.all(Array.from({ length: DOCUMENTS }, (_, i) => createDocument(couple.partnerA, couple.workspace.id, 'notes', `Notes ${i}`)));
    const byDocument = documents.map((d) => people.slice(0, PEOPLE).map((p) => open(d.id, p.cookie)));
    await Promise.all(byDocument.flat().map(synced));

    // Round robin would put a document's three clients on both processes for most documents.
    expect(await Promise.all(documents.map((d) => processesServing(d.id)))).toEqual(documents.map(() => 1));

    const typeAll = async (round: string) => {
      byDocument.forEach((doc) => doc.forEach((c, i) => c.text.insert(c.text.length, `${round}${i} `)));
      await until(() => byDocument.every((doc) => doc.every((c) => c.text.toString() === doc[0]!.text.toString() && c.text.length > 0)), 10_000, 'every document converged');
      await Promise.all(byDocument.flat().map((c) => stored(c)));
      for (const [i, d] of documents.entries()) expect(await storedText(d.id)).toBe(byDocument[i]![0]!.text.toString());
    };
    await typeAll('a');

    // Process 1 dies: its documents' clients reconnect to process 2; the others never notice.
    const first = pidOf(1)!;
    const dropped = new Set<number>();
    byDocument.forEach((doc, i) => doc[0]!.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && dropped.add(i)));
    process.kill(first, 'SIGKILL');
    await until(() => dropped.size > 0, 5000, 'the dead process’s clients dropped');
    await until(() => byDocument.every((doc) => doc.every((c) => c.provider.wsconnected && c.provider.synced)), 15_000, 'every client back');
    expect(dropped.size).toBeLessThan(DOCUMENTS);
    await until(() => pidOf(1, first) !== undefined, 30_000, 'process 1 started again');

    // A newcomer to a document process 1 used to serve goes to process 1 again, while the clients
    // that reconnected meanwhile stay on process 2: that document is now served by both.
    const newcomers = documents.map((d, i) => {
      const c = open(d.id, couple.counselor.cookie);
      byDocument[i]!.push(c);
      return c;
    });
    await Promise.all(newcomers.map(synced));
    const serving = await Promise.all(documents.map((d) => processesServing(d.id)));
    documents.forEach((_, i) => expect([i, serving[i]]).toEqual([i, dropped.has(i) ? 2 : 1]));
    await typeAll('b');
  }, 90_000);

  it('a connection that sends garbage, too long a line or nothing is dropped, and holds up no one else', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Busy');
    const started = Date.now();
    const silent = rawTcp(api.url);
    const slow = rawTcp(api.url);
    slow.socket.write('GET /sync/');
    const garbage = rawTcp(api.url);
    garbage.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x0a]));
    const endless = rawTcp(api.url);
    endless.socket.write('GET /' + 'a'.repeat(9000));

    // Meanwhile others are served at once.
    const alex = open(doc.id, couple.partnerA.cookie);
    const blake = open(doc.id, couple.partnerB.cookie);
    await Promise.all([synced(alex), synced(blake)]);
    const health = await new HttpClient(api.url).get('/api/health');
    expect(health.status).toBe(200);
    alex.text.insert(0, 'still here');
    await until(() => blake.text.toString() === 'still here', 5000, 'the edit relayed');
    expect(Date.now() - started).toBeLessThan(5000);

    expect((await garbage.closed) - started).toBeLessThan(2000);
    expect((await endless.closed) - started).toBeLessThan(2000);
    // The two that never finish a request line are dropped after the primary's wait (10 s).
    for (const waiting of [silent, slow]) {
      const after = (await waiting.closed) - started;
      expect(after).toBeGreaterThan(9000);
      expect(after).toBeLessThan(13_000);
    }
    // The primary is still there, routing.
    const carol = open(doc.id, couple.counselor.cookie);
    await synced(carol);
    expect(carol.text.toString()).toBe('still here');
    expect(await processesServing(doc.id)).toBe(1);
  }, 60_000);
});
