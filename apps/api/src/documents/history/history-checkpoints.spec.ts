import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { AuthoredBlock, HistoryEdit, HistoryPage, HistoryPointView } from '@kinship/domain/wire';
import { createDocument, setUpCouple, Couple } from '../../../test/support/couple';
import { ApiProcess } from '../../../test/support/api-process';
import { startTestApp, TestApp, TEST_DATABASE_URL } from '../../../test/support/test-app';
import { HttpClient } from '../../../test/support/http-client';
import { ContentCipher } from '../../encryption/content-cipher';
import { replayEdits } from './document-replay';

/** Issue 21, item 5 (history): a long document's history reads from checkpoints, off the event loop. */

const BURSTS = 100;
const UPDATES_PER_BURST = 200;
const ROWS = BURSTS * UPDATES_PER_BURST;

/** Words typed in burst `k`, one an update: "k.0 k.1 …". */
const word = (k: number, i: number) => `${k}.${i} `;
const burstText = (k: number, upTo = UPDATES_PER_BURST) => Array.from({ length: upTo }, (_, i) => word(k, i)).join('');
/** Blocks as [text, author, change] per run, for comparing. */
const runs = (blocks: AuthoredBlock[]) => blocks.map((b) => b.runs.map((r) => [r.text, r.authorId, ...(r.change ? [r.change] : [])]));
const MiB = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
/** A process's resident memory now and at its peak (Linux: /proc), in bytes. */
function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}
/** The same person, signed in on the same login, asking another API process. */
function askingElsewhere(who: HttpClient, url: string): HttpClient {
  const there = new HttpClient(url);
  there.cookie = who.cookie;
  there.headers = { ...who.headers };
  return there;
}

/**
 * Two people typing into the editor's shape (a paragraph a burst in the 'default' fragment), as
 * the stored updates their clients sent, one word an update; each burst ten minutes after the last.
 */
class Typists {
  readonly docs = [new Y.Doc(), new Y.Doc()];
  constructor() {
    this.docs[0]!.clientID = 1_000_001;
    this.docs[1]!.clientID = 1_000_002;
  }

  /** The updates of one burst by person `who` (0 or 1), in paragraph `k`. */
  burst(who: 0 | 1, k: number, words: number, from = 0): Uint8Array[] {
    const doc = this.docs[who]!;
    const other = this.docs[1 - who]!;
    const out: Uint8Array[] = [];
    const take = (u: Uint8Array) => out.push(u);
    doc.on('update', take);
    const fragment = doc.getXmlFragment('default');
    for (let i = from; i < from + words; i++) {
      doc.transact(() => {
        let text: Y.XmlText;
        if (fragment.length <= k) {
          const paragraph = new Y.XmlElement('paragraph');
          text = new Y.XmlText();
          paragraph.insert(0, [text]);
          fragment.insert(fragment.length, [paragraph]);
        } else {
          text = (fragment.get(k) as Y.XmlElement).get(0) as Y.XmlText;
        }
        text.insert(text.length, word(k, i));
      });
    }
    doc.off('update', take);
    for (const u of out) Y.applyUpdate(other, u);
    return out;
  }
}

describe('history of a long document: read from checkpoints, bounded, off the event loop', () => {
  let app: TestApp;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  const idOf = async (who: HttpClient) => (await who.get<{ id: string }>('/api/me')).body.id;

  /**
   * Stores updates as the sync server does (sealed under the workspace's key), with their authors
   * and times; many to a statement. Their ids come from the table's sequence, or from `firstId` on.
   */
  async function store(documentId: string, rows: { data: Uint8Array; accountId: string; at: Date }[], firstId?: bigint): Promise<void> {
    const cipher = app.app.get(ContentCipher);
    for (let start = 0; start < rows.length; start += 2000) {
      const chunk = rows.slice(start, start + 2000);
      const sealed = await cipher.sealDocuments(chunk.map((r) => ({ documentId, data: r.data })));
      await app.dataSource.query(
        `INSERT INTO document_update (id, document_id, data, account_id, created_at)
         SELECT coalesce($5::bigint + n - 1, nextval(pg_get_serial_sequence('document_update', 'id'))), $1, d, a, t
           FROM unnest($2::bytea[], $3::uuid[], $4::timestamptz[]) WITH ORDINALITY AS s(d, a, t, n) ORDER BY n`,
        [documentId, sealed, chunk.map((r) => r.accountId), chunk.map((r) => r.at.toISOString()), firstId === undefined ? null : String(firstId + BigInt(start))],
      );
    }
  }

  /** The typists' client ids, owned by Alex and Blake (as the sync server records them when they first type). */
  async function ownClients(documentId: string, typists: Typists, alex: string, blake: string): Promise<void> {
    await app.dataSource.query(`INSERT INTO document_client (document_id, client_id, account_id) VALUES ($1, $2, $3), ($1, $4, $5)`, [
      documentId,
      typists.docs[0]!.clientID,
      alex,
      typists.docs[1]!.clientID,
      blake,
    ]);
  }

  /** Someone else's small request, every 10 ms while `during` runs: how long each took to answer. */
  async function pingsDuring<T>(who: HttpClient, during: () => Promise<T>): Promise<{ result: T; pings: number[] }> {
    const pings: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const started = performance.now();
        expect((await who.get('/api/me')).status).toBe(200);
        pings.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      return { result: await during(), pings };
    } finally {
      running = false;
      await loop;
    }
  }

  /**
   * Read through the built API as its own process, as `npm start` runs it: the spec's own work
   * (twenty thousand updates made and kept in memory here, their garbage collected) does not
   * stall the server whose answers are timed, and the server's memory is its own.
   */
  it(`a document of ${ROWS} stored updates: its oldest edit and every page load within a second, while another person's requests answer within 200 ms`, async () => {
    const api = new ApiProcess({ PORT: '0', WEB_DIST: '/nonexistent', DATABASE_URL: TEST_DATABASE_URL });
    const url = await api.start();
    try {
      await readsALongHistory(url, api.pid!);
    } finally {
      await api.stop();
    }
  });

  async function readsALongHistory(url: string, pid: number): Promise<void> {
    const [alexThere, rivera] = [askingElsewhere(c.partnerA, url), askingElsewhere(c.counselor, url)];
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'A long letter');
    const [alex, blake] = [await idOf(c.partnerA), await idOf(c.partnerB)];
    const typists = new Typists();
    const days = Date.now() - 30 * 86_400_000;
    const rows: { data: Uint8Array; accountId: string; at: Date }[] = [];
    for (let k = 0; k < BURSTS; k++) {
      const who = (k % 2) as 0 | 1;
      typists.burst(who, k, UPDATES_PER_BURST).forEach((data, i) => rows.push({ data, accountId: who === 0 ? alex : blake, at: new Date(days + k * 600_000 + i * 1000) }));
    }
    await store(doc.id, rows);
    await ownClients(doc.id, typists, alex, blake);
    // Blake keeps typing while Alex reads the history: a new stored update before each request.
    let typed = 0;
    const blakeTypes = () => store(doc.id, typists.burst(1, BURSTS, 1, typed++).map((data) => ({ data, accountId: blake, at: new Date() })));

    // Someone else's request on this machine as it is now, with no history read: what "within 200 ms" is measured against.
    const quiet = await pingsDuring(rivera, () => new Promise((r) => setTimeout(r, 500)));

    const memoryBefore = residentMemory(pid);
    const timings: Record<string, number> = {};
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        timings[name] = Math.round(performance.now() - started);
      }
    };
    const listPage = (before: string | null) => alexThere.get<HistoryPage>(`/api/documents/${doc.id}/history${before ? `?before=${before}` : ''}`);
    const { result: read, pings } = await pingsDuring(rivera, async () => {
      // The first read of this history ever: every row replayed once, a page of rows at a time, and recorded.
      await blakeTypes();
      const first = await timed('first page, every row replayed once', () => listPage(null));
      expect(first.status).toBe(200);
      const edits: HistoryEdit[] = [...first.body.edits];
      let before = first.body.nextBefore;
      // Then to the end of the list and the oldest edit, while Blake keeps typing (each read sees a new row).
      for (let page = 2; before; page++) {
        await blakeTypes();
        const res = await timed(`page ${page}`, () => listPage(before));
        expect(res.status).toBe(200);
        edits.push(...res.body.edits);
        before = res.body.nextBefore;
      }
      await blakeTypes();
      const oldest = await timed('oldest edit', () => alexThere.get<HistoryPointView>(`/api/documents/${doc.id}/history/${edits[edits.length - 1]!.id}`));
      await blakeTypes();
      const middle = await timed('edit 50', () => alexThere.get<HistoryPointView>(`/api/documents/${doc.id}/history/${edits[edits.length - 50]!.id}`));
      const afterFirst = Object.entries(timings).reduce((sum, [name, ms]) => (name.startsWith('first') ? sum : sum + ms), 0);
      return { edits, oldest, middle, afterFirst };
    });
    const memoryAfter = residentMemory(pid);
    const slowest = Math.max(...pings);
    const quietSlowest = Math.max(...quiet.pings);
    // The figures, for the record (issue 21 asks for them).
    console.log(
      JSON.stringify({
        rows: ROWS,
        afterFirstMs: Math.round(read.afterFirst),
        timings,
        pings: { count: pings.length, maxMs: Math.round(slowest), quietMaxMs: Math.round(quietSlowest) },
        apiRssMiB: { before: MiB(memoryBefore.rss), peak: MiB(memoryAfter.peak), after: MiB(memoryAfter.rss) },
      }),
    );

    // Every burst is one edit (200 updates, each a word), newest first, and Blake's new typing on top.
    const { edits } = read;
    expect(edits).toHaveLength(BURSTS + 1);
    expect(edits[0]).toMatchObject({ authorId: blake, updates: 1, snippet: word(BURSTS, 0).trim() });
    const old = edits.slice(1).reverse();
    expect(old.map((e) => e.authorId)).toEqual(Array.from({ length: BURSTS }, (_, k) => (k % 2 === 0 ? alex : blake)));
    expect(old.every((e) => e.updates === UPDATES_PER_BURST && e.wordsAdded === UPDATES_PER_BURST && e.wordsRemoved === 0)).toBe(true);
    expect(old[0]!.snippet).toBe(burstText(0).trim().slice(0, 80));
    expect(new Set(edits.map((e) => e.id)).size).toBe(edits.length);

    // The oldest edit: Alex's first paragraph, all of it added; the 50th: the 49 before it, then Blake's, added.
    expect(read.oldest.status).toBe(200);
    expect(runs(read.oldest.body.blocks)).toEqual([[[burstText(0), alex, 'added']]]);
    expect(read.middle.status).toBe(200);
    const middle = runs(read.middle.body.blocks);
    expect(middle).toHaveLength(50);
    expect(middle[48]).toEqual([[burstText(48), alex]]);
    expect(middle[49]).toEqual([[burstText(49), blake, 'added']]);

    // Paging to the end and the oldest edit: within a second, all of it. The first read replays every
    // row once (a one-time cost, off the event loop): bounded generously, for a loaded machine.
    expect(read.afterFirst).toBeLessThan(1000);
    expect(timings['first page, every row replayed once']).toBeLessThan(5000);
    // Nobody else waited more than 200 ms meanwhile (or, on a machine too busy for that even when
    // nobody reads history, more than twice what they waited then).
    expect(slowest).toBeLessThan(Math.max(200, 2 * quietSlowest));
  }

  it('row ids that cross a power of ten (…9999 to …10000) are replayed in order: every edit listed, none torn', async () => {
    // Ids far past any the sequence gives (the document's rows go with it when the spec's database is reused).
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Across a power of ten');
    const [alex, blake] = [await idOf(c.partnerA), await idOf(c.partnerB)];
    const typists = new Typists();
    const day = Date.now() - 86_400_000;
    const rows: { data: Uint8Array; accountId: string; at: Date }[] = [];
    for (let k = 0; k < 4; k++) {
      const who = (k % 2) as 0 | 1;
      typists.burst(who, k, 150).forEach((data, i) => rows.push({ data, accountId: who === 0 ? alex : blake, at: new Date(day + k * 600_000 + i * 1000) }));
    }
    const firstId = 10n ** 15n - 350n;
    await store(doc.id, rows, firstId);
    await ownClients(doc.id, typists, alex, blake);
    try {
      const edits = (await c.partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`)).body.edits;
      expect(edits.map((e) => [e.id, e.authorId, e.updates, e.wordsAdded, e.snippet])).toEqual(
        [3, 2, 1, 0].map((k) => [String(firstId + BigInt(k * 150 + 149)), k % 2 === 0 ? alex : blake, 150, 150, burstText(k, 150).trim().slice(0, 80)]),
      );
      // The edit whose rows cross the boundary, shown: the first two paragraphs as typed, the third added.
      const point = await c.partnerA.get<HistoryPointView>(`/api/documents/${doc.id}/history/${edits[1]!.id}`);
      expect(runs(point.body.blocks)).toEqual([[[burstText(0, 150), alex]], [[burstText(1, 150), blake]], [[burstText(2, 150), alex, 'added']]]);
    } finally {
      await app.dataSource.query(`DELETE FROM document WHERE id = $1`, [doc.id]);
    }
  });

  it('an edit id past the largest a stored update can have is refused (400), in the path and as `before`, never a server error', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Short');
    for (const path of ['history/9223372036854775808', 'history/9999999999999999999', 'history?before=9999999999999999999']) {
      const res = await c.partnerA.get<{ message: string }>(`/api/documents/${doc.id}/${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.message).toMatch(/must be an edit id/);
    }
    expect((await c.partnerA.get(`/api/documents/${doc.id}/history/9223372036854775807`)).status).toBe(404);
    expect((await c.partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history?before=9223372036854775807`)).body.edits).toEqual([]);
  });

  it('what it recorded follows the stored updates: a row moved to quarantine takes the edits and checkpoints from it on with it', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Quarantined');
    const [alex, blake] = [await idOf(c.partnerA), await idOf(c.partnerB)];
    const typists = new Typists();
    const day = Date.now() - 86_400_000;
    const rows: { data: Uint8Array; accountId: string; at: Date }[] = [];
    for (let k = 0; k < 6; k++) {
      const who = (k % 2) as 0 | 1;
      typists.burst(who, k, 300).forEach((data, i) => rows.push({ data, accountId: who === 0 ? alex : blake, at: new Date(day + k * 600_000 + i * 1000) }));
    }
    await store(doc.id, rows);
    const list = async () => (await c.partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`)).body.edits;
    expect((await list()).map((e) => e.updates)).toEqual([300, 300, 300, 300, 300, 300]);
    const recorded = async () =>
      (await app.dataSource.query(
        `SELECT (SELECT count(*)::int FROM document_history_edit WHERE document_id = $1) AS edits,
                (SELECT count(*)::int FROM document_history_checkpoint WHERE document_id = $1) AS checkpoints`,
        [doc.id],
      ))[0] as { edits: number; checkpoints: number };
    expect(await recorded()).toEqual({ edits: 6, checkpoints: 1 });
    const checkpoint = ((await app.dataSource.query(`SELECT through_id::text AS id FROM document_history_checkpoint WHERE document_id = $1`, [doc.id])) as { id: string }[])[0]!.id;

    // One of the second edit's rows is quarantined (as the loader does with a piece it cannot load).
    const ids = ((await app.dataSource.query(`SELECT id::text FROM document_update WHERE document_id = $1 ORDER BY id`, [doc.id])) as { id: string }[]).map((r) => r.id);
    expect(BigInt(ids[450]!)).toBeLessThan(BigInt(checkpoint));
    await app.sync.store.quarantine(doc.id, ids[450]!, 'a test');
    expect(await recorded()).toEqual({ edits: 1, checkpoints: 0 });
    // A new row (someone typing) and the history reads again from the rows as they are.
    await store(doc.id, typists.burst(0, 6, 1).map((data) => ({ data, accountId: alex, at: new Date() })));
    const edits = await list();
    expect(edits.map((e) => e.updates)).toEqual([1, 300, 300, 300, 300, 299, 300]);
    // As one replay of the rows left gives them (the words typed after the missing one build on it: Yjs holds them back).
    const left = rows.flatMap((r, i) => (i === 450 ? [] : [{ id: ids[i]!, data: r.data, accountId: r.accountId, at: r.at }]));
    const summary = (e: HistoryEdit) => [e.id, e.authorId, e.updates, e.wordsAdded, e.wordsRemoved, e.snippet];
    expect(edits.slice(1).reverse().map(summary)).toEqual(replayEdits(null, left).map(summary));
    expect(edits[5]!.wordsAdded).toBe(150);
  });
});
