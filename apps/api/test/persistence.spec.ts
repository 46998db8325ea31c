import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SyncCloseCode } from '@kinship/domain/wire';
import { ApiProcess } from './support/api-process';
import { createDocument, setUpCouple } from './support/couple';
import { rawConnect, stockClient, stored, synced, until } from './support/sync-client';
import { Driver, startTestApp, TEST_DATABASE_URL } from './support/test-app';
import { ContentCipher } from '../src/encryption/content-cipher';
import { PostgresDocStore } from '../src/sync/adapters/postgres-doc-store';
import { SEAL_ON_THREAD_FROM } from '../src/sync/adapters/doc-sealer';
import Piscina from 'piscina';

/** The same persistence suite on PostgreSQL and on the embedded PGlite default. */
describe.each<Driver>(['postgres', 'pglite'])('durable documents on %s', (driver) => {
  it('keeps every stored update when the API process is killed with SIGKILL and started again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kinship-kill-'));
    const env: Record<string, string> = {
      PORT: '0',
      WEB_DIST: '/nonexistent',
      ...(driver === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL } : { PGLITE_DATA_DIR: dataDir }),
    };
    const api = new ApiProcess(env);
    try {
      const url = await api.start();
      const couple = await setUpCouple(url);
      const doc = await createDocument(couple.partnerA, couple.workspace.id, 'agreement');
      const wsUrl = url.replace(/^http/, 'ws');
      const alex = stockClient(wsUrl, doc.id, couple.partnerA.cookie);
      const blake = stockClient(wsUrl, doc.id, couple.partnerB.cookie);
      await Promise.all([synced(alex), synced(blake)]).catch((e) => {
        throw new Error(`${e}\n${api.output}`);
      });
      for (let i = 0; i < 30; i++) {
        alex.text.insert(alex.text.length, `A${i};`);
        blake.text.insert(0, `B${i};`);
      }
      await Promise.all([stored(alex), stored(blake)]);
      const expected = alex.text.toString();
      await api.kill();
      alex.destroy();
      blake.destroy();

      const restartedUrl = await api.start();
      const counselor = stockClient(restartedUrl.replace(/^http/, 'ws'), doc.id, couple.counselor.cookie);
      await synced(counselor);
      await until(() => counselor.text.length === expected.length, 5000, 'restored text');
      // Concurrent inserts converge to one order; every piece is there after the restart.
      const restored = counselor.text.toString();
      for (let i = 0; i < 30; i++) {
        expect(restored).toContain(`A${i};`);
        expect(restored).toContain(`B${i};`);
      }
      counselor.destroy();
    } finally {
      await api.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  describe('in one process', () => {
    it('compacts a long update log into a snapshot and loads snapshot + log as the whole document', async () => {
      const app = await startTestApp(driver, { SYNC_COMPACT_THRESHOLD: '10' });
      try {
        const couple = await setUpCouple(app.url);
        const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
        const alex = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
        await synced(alex);
        for (let i = 0; i < 25; i++) {
          alex.text.insert(alex.text.length, `${i},`);
          await stored(alex);
        }
        await app.sync.store.settle();
        // Loads read fewer than 10 rows past the snapshot; every row is kept for history.
        const [{ n, all }] = await app.dataSource.query(
          'SELECT count(*) FILTER (WHERE NOT in_snapshot)::int AS n, count(*)::int AS all FROM document_update WHERE document_id = $1',
          [doc.id],
        );
        const snapshots = await app.dataSource.query('SELECT state FROM document_snapshot WHERE document_id = $1', [doc.id]);
        expect(snapshots).toHaveLength(1);
        expect(n).toBeLessThan(10);
        expect(all).toBe(25);
        expect((await app.sync.store.load(doc.id)).length).toBe(1 + n);
        alex.destroy();
        await until(() => app.sync.server.stats().rooms === 0, 3000, 'unload');
        await app.sync.store.settle();
        const fresh = stockClient(app.wsUrl, doc.id, couple.partnerB.cookie);
        await synced(fresh);
        await until(() => fresh.text.length > 0, 3000, 'content');
        expect(fresh.text.toString()).toBe(Array.from({ length: 25 }, (_, i) => `${i},`).join(''));
        fresh.destroy();
      } finally {
        await app.close();
      }
    });

    it('compaction keeps updates that arrive while it runs', async () => {
      const app = await startTestApp(driver);
      try {
        const couple = await setUpCouple(app.url);
        const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
        const store = new PostgresDocStore(app.dataSource, 1_000_000, app.app.get(ContentCipher));
        const source = new Y.Doc();
        const text = source.getText('t');
        const updates: Uint8Array[] = [];
        source.on('update', (u: Uint8Array) => updates.push(u));
        for (let i = 0; i < 40; i++) text.insert(text.length, `${i};`);
        await Promise.all(updates.slice(0, 20).map((u) => store.append(doc.id, u, null)));
        const appending = Promise.all(updates.slice(20).map((u) => store.append(doc.id, u, null)));
        await Promise.all([store.compact(doc.id), appending]);
        await store.compact(doc.id);
        const check = new Y.Doc();
        for (const piece of await store.load(doc.id)) Y.applyUpdate(check, piece.data);
        expect(check.getText('t').toString()).toBe(text.toString());
      } finally {
        await app.close();
      }
    });

    it('takes many requests at once: a dozen documents made together each come back as asked', async () => {
      // On the embedded default, one PGlite session serves the whole pool: a connection's query
      // must not be split by another's (patches/@electric-sql+pglite-socket, pglite issue 1046).
      const app = await startTestApp(driver);
      try {
        const couple = await setUpCouple(app.url);
        const titles = Array.from({ length: 12 }, (_, i) => `Made together ${i}`);
        const made = await Promise.all(titles.map((title) => couple.partnerA.post<{ title: string }>(`/api/workspaces/${couple.workspace.id}/documents`, { kind: 'notes', title })));
        expect(made.map((r) => r.status)).toEqual(titles.map(() => 201));
        expect(made.map((r) => r.body.title)).toEqual(titles);
      } finally {
        await app.close();
      }
    });

    it('documents that cross the threshold together are compacted one at a time, every one of them', async () => {
      const app = await startTestApp(driver);
      const store = new PostgresDocStore(app.dataSource, 5, app.app.get(ContentCipher));
      try {
        const couple = await setUpCouple(app.url);
        const docs = await Promise.all(Array.from({ length: 8 }, (_, i) => createDocument(couple.partnerA, couple.workspace.id, 'notes', `Typed at the same pace ${i}`)));
        let running = 0;
        let most = 0;
        const compact = store.compact.bind(store);
        jest.spyOn(store, 'compact').mockImplementation(async (documentId) => {
          most = Math.max(most, ++running);
          try {
            return await compact(documentId);
          } finally {
            running--;
          }
        });
        const texts = docs.map(() => new Y.Doc());
        await Promise.all(
          docs.map(async (doc, d) => {
            const updates: Uint8Array[] = [];
            texts[d]!.on('update', (u: Uint8Array) => updates.push(u));
            for (let i = 0; i < 6; i++) texts[d]!.getText('t').insert(0, `${d}.${i} `);
            await Promise.all(updates.map((u) => store.append(doc.id, u, null)));
          }),
        );
        await store.settle();
        expect(most).toBe(1);
        const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM document_snapshot WHERE document_id = ANY($1::uuid[])`, [docs.map((d) => d.id)]);
        expect(n).toBe(docs.length);
        for (const [d, doc] of docs.entries()) {
          const check = new Y.Doc();
          for (const piece of await store.load(doc.id)) Y.applyUpdate(check, piece.data);
          expect(check.getText('t').toString()).toBe(texts[d]!.getText('t').toString());
        }
      } finally {
        await store.close();
        await app.close();
      }
    });

    it('sets a stored update it cannot load aside, opens the document without it, and stores nothing in its place', async () => {
      const app = await startTestApp(driver);
      try {
        const couple = await setUpCouple(app.url);
        const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
        const good = new Y.Doc();
        good.getText('t').insert(0, 'kept');
        // Stored as the store stores them: encrypted. The bad one decrypts, then fails the loader's checks.
        const cipher = app.app.get(ContentCipher);
        const bad = await cipher.sealDocument(doc.id, Buffer.from('ffffffffff', 'hex'));
        await app.dataSource.query(`INSERT INTO document_update (document_id, data) VALUES ($1, $2)`, [doc.id, await cipher.sealDocument(doc.id, Y.encodeStateAsUpdate(good))]);
        await app.dataSource.query(`INSERT INTO document_update (document_id, data) VALUES ($1, $2)`, [doc.id, bad]);
        const alex = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
        await synced(alex);
        await until(() => alex.text.toString() === 'kept', 3000, 'the loadable part');
        alex.destroy();
        await until(() => app.sync.server.stats().rooms === 0, 3000, 'unload');
        await app.sync.store.settle();
        const quarantined = await app.dataSource.query('SELECT source, encode(data, $2) AS hex, reason FROM document_quarantine WHERE document_id = $1', [doc.id, 'hex']);
        expect(quarantined).toEqual([{ source: 'update', hex: bad.toString('hex'), reason: expect.stringMatching(/malformed update/) }]);
        // What remains is exactly the loadable update (compacted or not), never an empty document.
        const check = new Y.Doc();
        const pieces = await app.sync.store.load(doc.id);
        for (const piece of pieces) Y.applyUpdate(check, piece.data);
        expect(check.getText('t').toString()).toBe('kept');
      } finally {
        await app.close();
      }
    });
  });
});

/** A failure path, on a private embedded database (it breaks the update table on purpose). */
describe('a store that fails', () => {
  it('never opens, and never stores, a document whose load failed', async () => {
    const app = await startTestApp('pglite');
    try {
      const couple = await setUpCouple(app.url);
      const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
      await app.dataSource.query(`INSERT INTO document_update (document_id, data) VALUES ($1, $2)`, [doc.id, await app.app.get(ContentCipher).sealDocument(doc.id, Y.encodeStateAsUpdate(new Y.Doc()))]);
      await app.dataSource.query('ALTER TABLE document_snapshot RENAME TO document_snapshot_away');
      const outcome = await rawConnect(app.wsUrl, doc.id, couple.partnerA.cookie);
      expect(outcome.closeCode).toBe(SyncCloseCode.unavailable);
      expect(app.sync.server.stats().rooms).toBe(0);
      await app.dataSource.query('ALTER TABLE document_snapshot_away RENAME TO document_snapshot');
      await app.sync.store.settle();
      expect(await app.dataSource.query('SELECT 1 FROM document_snapshot WHERE document_id = $1', [doc.id])).toHaveLength(0);
      expect(await app.dataSource.query('SELECT 1 FROM document_update WHERE document_id = $1', [doc.id])).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('drops the room when storing fails, and the client’s edits arrive once the database is back', async () => {
    // A private database for this test: it breaks the update table on purpose.
    const app = await startTestApp('pglite');
    try {
      const couple = await setUpCouple(app.url);
      const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
      const alex = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
      await synced(alex);
      alex.text.insert(0, 'before. ');
      await stored(alex);
      const closes: number[] = [];
      alex.provider.on('connection-close', (event) => event && closes.push(event.code));
      await app.dataSource.query('ALTER TABLE document_update RENAME TO document_update_away');
      alex.text.insert(alex.text.length, 'during the outage. ');
      await until(() => closes.includes(SyncCloseCode.unavailable), 5000, 'close 4500');
      await app.dataSource.query('ALTER TABLE document_update_away RENAME TO document_update');
      await until(() => alex.provider.wsconnected && alex.provider.synced, 10_000, 'reconnect');
      await stored(alex);
      alex.destroy();
      const check = stockClient(app.wsUrl, doc.id, couple.partnerB.cookie);
      await synced(check);
      await until(() => check.text.toString() === 'before. during the outage. ', 5000, 'edits after the outage');
      check.destroy();
    } finally {
      await app.close();
    }
  });
});

/** The sealing thread is the same on either database: once, on PostgreSQL. */
describe('the store’s sealing thread', () => {
  it('stores a batch sealed on the sealing thread in order, each row sealed for its own document', async () => {
    const app = await startTestApp('postgres');
    const store = new PostgresDocStore(app.dataSource, 1_000_000, app.app.get(ContentCipher));
    const run = jest.spyOn(Piscina.prototype, 'run');
    try {
      const couple = await setUpCouple(app.url);
      const docs = await Promise.all([0, 1, 2].map((i) => createDocument(couple.partnerA, couple.workspace.id, 'notes', `Sealed together ${i}`)));
      const sources = docs.map(() => new Y.Doc());
      const updates = sources.map((source) => {
        const out: Uint8Array[] = [];
        source.on('update', (u: Uint8Array) => out.push(u));
        for (let i = 0; i < 100; i++) source.getText('t').insert(source.getText('t').length, `${i};`);
        return out;
      });
      // Appended in one turn, interleaved: one batch of 300 rows, far more than are sealed inline.
      const appended: Promise<unknown>[] = [];
      for (let i = 0; i < 100; i++) for (const [d, doc] of docs.entries()) appended.push(store.append(doc.id, updates[d]![i]!, null));
      expect(await Promise.all(appended)).toEqual(appended.map(() => 'stored'));
      const sealingRuns = run.mock.calls.filter(([job]) => Array.isArray((job as { rows?: unknown }).rows));
      expect(sealingRuns.length).toBeGreaterThan(0);
      expect(sealingRuns.every(([job]) => (job as { rows: unknown[] }).rows.length >= SEAL_ON_THREAD_FROM)).toBe(true);
      for (const [d, doc] of docs.entries()) {
        const rows: { data: Buffer }[] = await app.dataSource.query(`SELECT data FROM document_update WHERE document_id = $1 ORDER BY id`, [doc.id]);
        const opened = await app.app.get(ContentCipher).openDocument(doc.id, rows.map((r) => r.data));
        // Row by row, in id order, they are the updates as sent, in the order sent.
        expect(opened.map((u) => Buffer.from(u).toString('base64'))).toEqual(updates[d]!.map((u) => Buffer.from(u).toString('base64')));
        // Sealed for this document: another document's context does not open them.
        await expect(app.app.get(ContentCipher).openDocument(docs[(d + 1) % 3]!.id, [rows[0]!.data])).rejects.toThrow();
        const check = new Y.Doc();
        for (const piece of await store.load(doc.id)) Y.applyUpdate(check, piece.data);
        expect(check.getText('t').toString()).toBe(sources[d]!.getText('t').toString());
      }
    } finally {
      run.mockRestore();
      await store.close();
      await app.close();
    }
  });
});
