import { Client } from 'pg';
import * as Y from 'yjs';
import { ReceiptStatus } from '@kinship/domain/wire';
import { ApiProcess } from './support/api-process';
import { freePort, OwnRedis } from './support/own-redis';
import { Couple, createDocument, setUpCouple } from './support/couple';
import { HttpClient } from './support/http-client';
import { act, LiveClient, liveClient } from './support/live-client';
import { receipt, stockClient, StockClient, stored, synced, until } from './support/sync-client';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY } from './support/test-app';
import { ContentCipher } from '../src/encryption/content-cipher';
import { KeyRing } from '../src/encryption/key-ring';
import type { DataSource } from 'typeorm';

/**
 * Several API processes on one PostgreSQL and one Redis (a Redis of the test's own, so it can be
 * restarted mid-run): any process serves any document, and nothing is lost when a process or
 * Redis goes away.
 */

function apiProcess(redisUrl: string): ApiProcess {
  return new ApiProcess({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: redisUrl, WEB_DIST: '/nonexistent', SYNC_UNLOAD_DELAY_MS: '0' });
}

const wsOf = (api: ApiProcess) => api.url.replace(/^http/, 'ws');

/** The document as PostgreSQL holds it: every kept update row (rows are never deleted), applied. */
async function storedText(documentId: string): Promise<{ text: string; stateVector: Map<number, number> }> {
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    const rows: { data: Buffer }[] = (await db.query('SELECT data FROM document_update WHERE document_id = $1 ORDER BY id', [documentId])).rows;
    // Encrypted at rest: opened with the server's cipher under the test key.
    const asDataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as DataSource;
    const cipher = new ContentCipher(asDataSource, new KeyRing([Buffer.from(TEST_ENCRYPTION_KEY, 'base64')]));
    const opened = await cipher.openDocument(documentId, rows.map((r) => r.data));
    const doc = new Y.Doc();
    Y.transact(doc, () => opened.forEach((data) => Y.applyUpdate(doc, data)));
    const result = { text: doc.getText('t').toString(), stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)) };
    doc.destroy();
    return result;
  } finally {
    await db.end();
  }
}

/** A few random edits a person makes: short inserts anywhere, and now and then a deletion. */
function randomEdit(client: StockClient, word: string): void {
  const text = client.text;
  if (text.length > 20 && Math.random() < 0.3) {
    const at = Math.floor(Math.random() * (text.length - 3));
    text.delete(at, 1 + Math.floor(Math.random() * 3));
  } else {
    text.insert(Math.floor(Math.random() * (text.length + 1)), word);
  }
}

async function typeTogether(clients: StockClient[], rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    clients.forEach((c, i) => randomEdit(c, `${'abcd'[i]}${round} `));
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
  }
}

const converged = (clients: StockClient[], timeoutMs = 10_000) =>
  until(() => clients.every((c) => c.text.toString() === clients[0]!.text.toString()), timeoutMs, 'every client showing the same text');

describe('several API processes on one Redis serve the same documents', () => {
  let redis: OwnRedis;
  let one: ApiProcess;
  let two: ApiProcess;
  let couple: Couple;
  const clients: StockClient[] = [];
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    one = apiProcess(redis.url);
    two = apiProcess(redis.url);
    await Promise.all([one.start(), two.start()]);
    couple = await setUpCouple(one.url);
  }, 60_000);

  afterEach(() => {
    clients.splice(0).forEach((c) => c.destroy());
    sockets.splice(0).forEach((s) => s.close());
  });

  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await redis?.kill();
  });

  function open(api: ApiProcess, documentId: string, cookie: string | null, doc?: Y.Doc): StockClient {
    const client = stockClient(wsOf(api), documentId, cookie, doc);
    clients.push(client);
    return client;
  }

  it('clients split between the two processes make concurrent random edits and converge, and PostgreSQL holds every update', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const people = [
      open(one, doc.id, couple.partnerA.cookie),
      open(two, doc.id, couple.partnerB.cookie),
      open(one, doc.id, couple.counselor.cookie),
      open(two, doc.id, couple.partnerA.cookie),
    ];
    await Promise.all(people.map(synced));
    await typeTogether(people, 60);
    await converged(people);
    await Promise.all(people.map((c) => stored(c)));
    const text = people[0]!.text.toString();
    expect(text.length).toBeGreaterThan(100);
    expect((await storedText(doc.id)).text).toBe(text);
  });

  it('presence crosses processes: a caret announced on one reaches a reader on the other', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const alex = open(one, doc.id, couple.partnerA.cookie);
    const blake = open(two, doc.id, couple.partnerB.cookie);
    await Promise.all([synced(alex), synced(blake)]);
    alex.provider.awareness.setLocalStateField('cursor', { at: 3 });
    await until(() => blake.provider.awareness.getStates().get(alex.doc.clientID)?.cursor?.at === 3, 5000, 'the caret on the other process');
    // Its identity is the one the first process stamped from Alex's session.
    expect(blake.provider.awareness.getStates().get(alex.doc.clientID)?.user?.name).toBe('Alex');
    alex.destroy();
    await until(() => !blake.provider.awareness.getStates().has(alex.doc.clientID), 5000, 'the caret gone when Alex leaves');
  });

  it('an archive made through one process, and a lock set through it, refuse edits arriving at the other', async () => {
    const archived = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const onTwo = open(two, archived.id, couple.partnerB.cookie);
    await synced(onTwo);
    onTwo.text.insert(0, 'before ');
    await stored(onTwo);
    expect((await couple.counselor.patch(`/api/documents/${archived.id}`, { archived: true })).status).toBe(200);
    // The other process's room hears of it through Redis (no sweep, no reconnect).
    await until(() => false, 300, 'a moment').catch(() => undefined);
    onTwo.text.insert(0, 'after the archive ');
    expect(await receipt(onTwo)).toBe(ReceiptStatus.refused);
    expect((await storedText(archived.id)).text).toBe('before ');

    const locked = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const blake = open(two, locked.id, couple.partnerB.cookie);
    await synced(blake);
    const counselor = await liveClient(one.url, couple.counselor.cookie);
    sockets.push(counselor);
    await act(counselor, 'session:watch', { workspaceId: couple.workspace.id });
    await act(counselor, 'session:start', { workspaceId: couple.workspace.id });
    const session = (await counselor.stateWhere(couple.workspace.id, (s) => s !== null))!;
    await act(counselor, 'document:lock', { sessionId: session.id, documentId: locked.id, locked: true });
    await until(() => false, 300, 'a moment').catch(() => undefined);
    blake.text.insert(0, 'while locked');
    expect(await receipt(blake)).toBe(ReceiptStatus.refused);
    expect((await storedText(locked.id)).text).toBe('');
    await act(counselor, 'session:end', { sessionId: session.id });
  });

  it('a process that joins late serves the full state', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const people = [open(one, doc.id, couple.partnerA.cookie), open(two, doc.id, couple.partnerB.cookie)];
    await Promise.all(people.map(synced));
    await typeTogether(people, 20);
    await converged(people);
    await Promise.all(people.map((c) => stored(c)));
    const late = apiProcess(redis.url);
    await late.start();
    try {
      const newcomer = open(late, doc.id, couple.counselor.cookie);
      await synced(newcomer);
      expect(newcomer.text.toString()).toBe(people[0]!.text.toString());
      // And takes part at once: an edit made there reaches the first two.
      newcomer.text.insert(0, 'late and welcome ');
      await converged([...people, newcomer]);
    } finally {
      await late.stop();
    }
  });

  it('a Redis restart in mid-run loses nothing: the processes catch up from PostgreSQL', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const people = [open(one, doc.id, couple.partnerA.cookie), open(two, doc.id, couple.partnerB.cookie)];
    await Promise.all(people.map(synced));
    await typeTogether(people, 10);
    await converged(people);
    await redis.kill();
    // Redis is away: each process still stores its own clients' edits, the other cannot hear them.
    await typeTogether(people, 10);
    await Promise.all(people.map((c) => stored(c)));
    expect(people[0]!.text.toString()).not.toBe(people[1]!.text.toString());
    await redis.start();
    await converged(people, 15_000);
    await typeTogether(people, 10);
    await converged(people);
    await Promise.all(people.map((c) => stored(c)));
    expect((await storedText(doc.id)).text).toBe(people[0]!.text.toString());
  }, 40_000);

  it('a process killed mid-typing loses nothing that was stored; its clients reconnect to the other and converge', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const alex = open(one, doc.id, couple.partnerA.cookie);
    const blake = open(one, doc.id, couple.partnerB.cookie);
    const counselor = open(two, doc.id, couple.counselor.cookie);
    await Promise.all([alex, blake, counselor].map(synced));
    // Typing on the first process, with a save receipt now and then: what it answered "stored" must stay.
    const acknowledged = new Map<StockClient, Map<number, number>>();
    const typing = (async () => {
      for (let round = 0; round < 200; round++) {
        for (const c of [alex, blake]) randomEdit(c, `${c === alex ? 'a' : 'b'}${round} `);
        if (round % 5 === 0) {
          for (const c of [alex, blake]) {
            const before = Y.decodeStateVector(Y.encodeStateVector(c.doc));
            receipt(c, 2000).then(
              (status) => status === ReceiptStatus.stored && acknowledged.set(c, before),
              () => undefined,
            );
          }
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await until(() => acknowledged.size === 2, 5000, 'some edits stored');
    await new Promise((r) => setTimeout(r, 200));
    await one.kill();
    await typing;
    const inStore = (await storedText(doc.id)).stateVector;
    for (const [client, stateVector] of acknowledged) {
      expect(inStore.get(client.doc.clientID) ?? 0).toBeGreaterThanOrEqual(stateVector.get(client.doc.clientID) ?? 0);
    }
    // The proxy sends them to the process still standing, with whatever their devices hold.
    const moved = [alex, blake].map((c) => {
      c.provider.destroy();
      return open(two, doc.id, c === alex ? couple.partnerA.cookie : couple.partnerB.cookie, c.doc);
    });
    await Promise.all(moved.map(synced));
    await converged([...moved, counselor]);
    await Promise.all(moved.map((c) => stored(c)));
    expect((await storedText(doc.id)).text).toBe(counselor.text.toString());
    await one.start();
  }, 60_000);

  it('WORKERS=2 runs two processes on one port: the clients of a document (routed to one of them, see cluster/workers.spec.ts) converge and are stored', async () => {
    const workers = new ApiProcess({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: redis.url, WEB_DIST: '/nonexistent', WORKERS: '2' });
    await workers.start();
    try {
      await until(() => /process 1 of 2/.test(workers.output) && /process 2 of 2/.test(workers.output), 20_000, 'both processes up');
      const alex = Object.assign(new HttpClient(workers.url), { cookie: couple.partnerA.cookie });
      const doc = await createDocument(alex, couple.workspace.id, 'notes');
      const people = [couple.partnerA, couple.partnerB, couple.counselor, couple.partnerA].map((p) => open(workers, doc.id, p.cookie));
      await Promise.all(people.map(synced));
      await typeTogether(people, 30);
      await converged(people);
      await Promise.all(people.map((c) => stored(c)));
      expect((await storedText(doc.id)).text).toBe(people[0]!.text.toString());
    } finally {
      await workers.stop();
    }
  }, 60_000);
});
