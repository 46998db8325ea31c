import * as Y from 'yjs';
import { createDocument, setUpCouple } from '../../../test/support/couple';
import { eventually } from '../../../test/support/sync-client';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { AppendOutcome } from '../ports';
import { ContentCipher } from '../../encryption/content-cipher';

/**
 * The store writes two batches at a time, a document in one of them at most: a document whose
 * append waits in PostgreSQL (a seal holding its row) holds up its own later appends, which keep
 * their order, and nobody else's.
 */
describe('appends of different documents, written at the same time', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  const edit = (words: string): Uint8Array => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, words);
    return Y.encodeStateAsUpdate(doc);
  };
  const tracked = (appending: Promise<AppendOutcome>) => {
    const state: { outcome: AppendOutcome | null } = { outcome: null };
    void appending.then((outcome) => (state.outcome = outcome));
    return { state, appending };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const within = <T>(ms: number, promise: Promise<T>): Promise<T | 'still waiting'> =>
    Promise.race([promise, sleep(ms).then(() => 'still waiting' as const)]);

  it('a document held by a seal holds up its own saves, in their order, and not another document’s', async () => {
    const couple = await setUpCouple(app.url);
    const [held, other] = await Promise.all([
      createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Held'),
      createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Other'),
    ]);
    const store = app.sync.store;
    const made = [edit('We agreed to'), edit(' check in weekly.')];
    // What a seal does: hold the document's row for update while it reads the document's state.
    const seal = app.dataSource.createQueryRunner();
    await seal.connect();
    await seal.startTransaction();
    try {
      await seal.query('SELECT id FROM document WHERE id = $1 FOR UPDATE', [held.id]);
      const first = tracked(store.append(held.id, made[0]!, null, { guarded: true }));
      await sleep(100); // its batch is in PostgreSQL, waiting on the row
      const second = tracked(store.append(held.id, made[1]!, null));
      expect(await within(2000, store.append(other.id, edit('Unrelated notes.'), null))).toBe('stored');
      await sleep(100);
      expect([first.state.outcome, second.state.outcome]).toEqual([null, null]);
      await seal.rollbackTransaction();
      expect(await first.appending).toBe('stored');
      expect(await second.appending).toBe('stored');
    } finally {
      if (seal.isTransactionActive) await seal.rollbackTransaction();
      await seal.release();
    }
    // Stored in the order they were made.
    const rows: { data: Buffer }[] = await app.dataSource.query('SELECT data FROM document_update WHERE document_id = $1 ORDER BY id', [held.id]);
    const opened = await app.app.get(ContentCipher).openDocument(held.id, rows.map((r) => r.data));
    expect(opened.map((u) => Buffer.from(u).toString('hex'))).toEqual(made.map((u) => Buffer.from(u).toString('hex')));
  });

  it('an append whose connection is cut while it waits is written again on another, once', async () => {
    const couple = await setUpCouple(app.url);
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Cut');
    const seal = app.dataSource.createQueryRunner();
    await seal.connect();
    await seal.startTransaction();
    let appending: Promise<AppendOutcome>;
    try {
      await seal.query('SELECT id FROM document WHERE id = $1 FOR UPDATE', [doc.id]);
      const [{ pid }] = await seal.query('SELECT pg_backend_pid() AS pid');
      appending = app.sync.store.append(doc.id, edit('Kept through a cut.'), null, { guarded: true });
      let waiting: { pid: number }[] = [];
      await eventually(
        async () => (waiting = await app.dataSource.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).length > 0,
        'the append waiting on the row',
      );
      expect(waiting).toHaveLength(1);
      // PostgreSQL restarting, or an administrator ending the connection: the batch's transaction is gone.
      await app.dataSource.query('SELECT pg_terminate_backend($1)', [waiting[0]!.pid]);
    } finally {
      await seal.rollbackTransaction();
      await seal.release();
    }
    expect(await appending).toBe('stored');
    const [{ n }] = await app.dataSource.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [doc.id]);
    expect(n).toBe(1);
  });
});
