import * as Y from 'yjs';
import { createDocument, setUpCouple } from '../../../test/support/couple';
import { stockClient, stored, synced } from '../../../test/support/sync-client';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

/**
 * `document_storage` keeps each document's stored bytes as the quota counts them, by triggers on
 * `document_update`, so a cold load reads one row however many edits a document has had. It must
 * say, at every moment, what summing the rows says.
 */
describe('the stored bytes of a document', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  const counted = async (documentId: string): Promise<number | null> =>
    ((await app.dataSource.query(`SELECT bytes::int AS n FROM document_storage WHERE document_id = $1`, [documentId]))[0]?.n as number | undefined) ?? null;
  const summed = async (documentId: string): Promise<number> =>
    (await app.dataSource.query(`SELECT coalesce(sum(pg_column_size(data)), 0)::int AS n FROM document_update WHERE document_id = $1`, [documentId]))[0].n as number;

  it('match the sum of its rows through edits, rows written together for several documents, rows re-sealed, rows removed, and the document deleted', async () => {
    const couple = await setUpCouple(app.url);
    const [first, second] = await Promise.all([
      createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Letters'),
      createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Plans'),
    ]);
    // Edits through the sync path, as people make them.
    const writer = stockClient(app.wsUrl, first.id, couple.partnerA.cookie);
    await synced(writer);
    for (const words of ['I am sorry.', ' I will listen.', ' I will ask first.']) {
      writer.text.insert(writer.text.length, words);
      await stored(writer);
    }
    writer.destroy();
    expect(await counted(first.id)).toBeGreaterThan(0);
    expect(await counted(first.id)).toBe(await summed(first.id));

    // One statement storing for two documents at once (a batch), in either order.
    const update = (text: string) => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, text);
      return Buffer.from(Y.encodeStateAsUpdate(doc));
    };
    await app.dataSource.query(
      `INSERT INTO document_update (document_id, data) VALUES ($1, $3), ($2, $4), ($1, $5), ($2, $3)`,
      [second.id, first.id, update('one'), update('two, longer'), update('three, the longest of them')],
    );
    for (const doc of [first, second]) expect(await counted(doc.id)).toBe(await summed(doc.id));

    // Re-sealed rows (as a key rotation rewrites them) change size; marking rows merged does not count.
    await app.dataSource.query(`UPDATE document_update SET data = data || '\\x00000000'::bytea WHERE document_id = $1`, [second.id]);
    await app.dataSource.query(`UPDATE document_update SET in_snapshot = true WHERE document_id = $1`, [first.id]);
    for (const doc of [first, second]) expect(await counted(doc.id)).toBe(await summed(doc.id));

    // Rows removed (a piece set aside) and a document deleted with its rows.
    await app.dataSource.query(`DELETE FROM document_update WHERE id = (SELECT min(id) FROM document_update WHERE document_id = $1)`, [first.id]);
    expect(await counted(first.id)).toBe(await summed(first.id));
    await app.dataSource.query(`DELETE FROM document WHERE id = $1`, [second.id]);
    expect(await counted(second.id)).toBeNull();
  });

  it('is what the store reads on load: a document and its workspace, without summing a row', async () => {
    const couple = await setUpCouple(app.url);
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Counted');
    const writer = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
    await synced(writer);
    writer.text.insert(0, 'We keep our phones unlocked at home.');
    await stored(writer);
    writer.destroy();
    const store = app.sync.store;
    expect(await store.usage(doc.id, couple.workspace.id)).toEqual({ document: await summed(doc.id), workspace: await summed(doc.id) });
    // The count is the store's truth: were it wrong, the quota would be wrong with it.
    await app.dataSource.query(`UPDATE document_storage SET bytes = 12345 WHERE document_id = $1`, [doc.id]);
    expect(await store.usage(doc.id, null)).toEqual({ document: 12345, workspace: null });
  });
});
