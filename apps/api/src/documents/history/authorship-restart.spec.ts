import { Client } from 'pg';
import * as Y from 'yjs';
import { ApiProcess } from '../../../test/support/api-process';
import { createDocument, setUpCouple } from '../../../test/support/couple';
import { stockClient, StockClient, stored, synced, until } from '../../../test/support/sync-client';
import { TEST_DATABASE_URL } from '../../../test/support/test-app';
import type { AuthorshipView, HistoryPage } from '@kinship/domain/wire';

function addParagraph(c: StockClient, text: string): void {
  const fragment = c.doc.getXmlFragment('default');
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  paragraph.insert(0, [content]);
  fragment.insert(fragment.length, [paragraph]);
  content.insert(0, text);
}
const plain = (c: StockClient) => c.doc.getXmlFragment('default').toString();

describe('authorship and history after compaction and an API restart', () => {
  it('attributes each line to its writer after the room unloaded (compacted) and the API started again', async () => {
    const api = new ApiProcess({ PORT: '0', WEB_DIST: '/nonexistent', DATABASE_URL: TEST_DATABASE_URL, SYNC_UNLOAD_DELAY_MS: '50' });
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      const url = await api.start();
      const wsUrl = url.replace(/^http/, 'ws');
      const couple = await setUpCouple(url);
      const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
      const people = [couple.partnerA, couple.partnerB, couple.counselor];
      const clients = people.map((p) => stockClient(wsUrl, doc.id, p.cookie));
      await Promise.all(clients.map(synced));
      const lines = ['Alex: phones stay open.', 'Blake: we check in when late.', 'Rivera: time-outs last twenty minutes.'];
      for (const [i, c] of clients.entries()) {
        addParagraph(c, lines[i]!);
        await stored(c);
        await until(() => clients.every((o) => plain(o) === plain(c)), 5000, 'everyone sees it');
      }
      for (const c of clients) c.destroy();
      // The room unloads and its log is merged into a snapshot; the rows stay for history.
      const merged = async () => (await db.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1 AND in_snapshot', [doc.id])).rows[0].n;
      const started = Date.now();
      while ((await merged()) === 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50));
      expect(await merged()).toBe((await db.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [doc.id])).rows[0].n);
      expect((await db.query('SELECT 1 FROM document_snapshot WHERE document_id = $1', [doc.id])).rows).toHaveLength(1);

      const ids = await Promise.all(people.map(async (p) => (await p.get<{ id: string }>('/api/me')).body.id));
      const expected = lines.map((line, i) => [[line, ids[i]]]);
      const read = async () => (await couple.partnerB.get<AuthorshipView>(`/api/documents/${doc.id}/authorship`)).body.blocks.map((b) => b.runs.map((r) => [r.text, r.authorId]));
      expect(await read()).toEqual(expected);
      const historyBefore = (await couple.partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`)).body.edits;
      expect(historyBefore.map((e) => e.authorId)).toEqual([...ids].reverse());

      await api.stop();
      const restarted = await api.start();
      for (const p of people) (p as { baseUrl: string }).baseUrl = restarted;
      expect(await read()).toEqual(expected);
      expect((await couple.partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`)).body.edits).toEqual(historyBefore);
      // A stock client opening it now loads the same text, and nobody can write as Alex.
      const late = stockClient(restarted.replace(/^http/, 'ws'), doc.id, couple.counselor.cookie);
      await synced(late);
      await until(() => plain(late).includes('Rivera'), 5000, 'the document after the restart');
      late.destroy();
    } finally {
      await db.end();
      await api.kill();
    }
  }, 60_000);
});
