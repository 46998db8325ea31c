import WebSocket from 'ws';
import * as Y from 'yjs';
import { SyncCloseCode } from '@kinship/domain/wire';
import { createDocument } from '../../../test/support/couple';
import { rawConnect, StockClient, stored, synced, until } from '../../../test/support/sync-client';
import { syncTestBed } from '../../../test/support/sync-test-bed';
import { updateFrame } from '../../sync/protocol';
import type { AuthoredBlock, AuthorshipView, HistoryPage, HistoryPointView } from '@kinship/domain/wire';
import { ContentCipher } from '../../encryption/content-cipher';

/** The editor's shape: paragraphs of text in the 'default' XML fragment. */
const fragment = (c: StockClient) => c.doc.getXmlFragment('default');
function addParagraph(c: StockClient, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  paragraph.insert(0, [content]);
  fragment(c).insert(fragment(c).length, [paragraph]);
  content.insert(0, text);
}
const paragraphText = (c: StockClient, index: number) => (fragment(c).get(index) as Y.XmlElement).get(0) as Y.XmlText;
const plain = (c: StockClient) => fragment(c).toArray().map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText).toString()).join('\n');
/** Blocks as [text, author] pairs per run, for comparing. */
const runs = (blocks: AuthoredBlock[]) => blocks.map((b) => b.runs.map((r) => [r.text, r.authorId, ...(r.change ? [r.change] : [])]));

describe('history and authorship of a document', () => {
  const bed = syncTestBed();

  /** Alex writes a paragraph, Blake one and a word inside Alex's, the counselor one; all stored. */
  async function threeWriters(kind: 'agreement' | 'notes' = 'agreement') {
    const { partnerA, partnerB, counselor, workspace } = bed.couple;
    const doc = await createDocument(partnerA, workspace.id, kind);
    const alex = bed.open(doc.id, partnerA.cookie);
    const blake = bed.open(doc.id, partnerB.cookie);
    const rivera = bed.open(doc.id, counselor.cookie);
    await Promise.all([synced(alex), synced(blake), synced(rivera)]);
    const settle = async (writer: StockClient) => {
      await stored(writer);
      await until(() => [alex, blake, rivera].every((c) => plain(c) === plain(writer)), 5000, 'everyone sees it');
    };
    addParagraph(alex, 'Phones stay open to each other.');
    await settle(alex);
    addParagraph(blake, 'We check in when late.');
    paragraphText(blake, 0).insert('Phones stay open'.length, ' and accounts');
    await settle(blake);
    addParagraph(rivera, 'Time-outs last twenty minutes.');
    await settle(rivera);
    const ids = { alex: await accountId(partnerA), blake: await accountId(partnerB), rivera: await accountId(counselor) };
    return { doc, alex, blake, rivera, ids };
  }

  async function accountId(client: typeof bed.couple.partnerA): Promise<string> {
    return (await client.get<{ id: string }>('/api/me')).body.id;
  }

  const expectedAuthorship = (ids: { alex: string; blake: string; rivera: string }) => [
    [
      ['Phones stay open', ids.alex],
      [' and accounts', ids.blake],
      [' to each other.', ids.alex],
    ],
    [['We check in when late.', ids.blake]],
    [['Time-outs last twenty minutes.', ids.rivera]],
  ];

  it('attributes each span to the person who typed it, before and after compaction, and keeps every update', async () => {
    const { doc, ids } = await threeWriters();
    const before = await bed.couple.partnerB.get<AuthorshipView>(`/api/documents/${doc.id}/authorship`);
    expect(before.status).toBe(200);
    expect(runs(before.body.blocks)).toEqual(expectedAuthorship(ids));
    expect(before.body.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    expect(before.body.people.map((p) => p.name).sort()).toEqual(['Alex', 'Blake', 'Dr Rivera']);

    const rows = await bed.rowsOf(doc.id);
    const { merged } = await bed.app.sync.store.compact(doc.id);
    expect(merged).toBe(rows);
    // Every update is kept, with its author, for history; loads read the snapshot instead.
    const kept = await bed.app.dataSource.query('SELECT account_id, in_snapshot FROM document_update WHERE document_id = $1', [doc.id]);
    expect(kept).toHaveLength(rows);
    expect(kept.every((r: { in_snapshot: boolean }) => r.in_snapshot)).toBe(true);
    expect(new Set(kept.map((r: { account_id: string }) => r.account_id))).toEqual(new Set([ids.alex, ids.blake, ids.rivera]));
    expect((await bed.app.sync.store.load(doc.id)).map((p) => p.ref)).toEqual(['snapshot']);

    const after = await bed.couple.counselor.get<AuthorshipView>(`/api/documents/${doc.id}/authorship`);
    expect(runs(after.body.blocks)).toEqual(expectedAuthorship(ids));
  });

  it('lists the edits as bursts with their authors, and shows the document as it was after one', async () => {
    const { doc, blake, alex, ids } = await threeWriters();
    // A fourth edit: Blake removes "late" from his own line and Alex's "to each other".
    paragraphText(blake, 1).delete('We check in when '.length, 'late'.length);
    paragraphText(blake, 1).insert('We check in when '.length, 'away');
    await stored(blake);
    await until(() => plain(alex).includes('away'), 5000, 'Alex sees the fourth edit');

    const list = await bed.couple.partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`);
    expect(list.status).toBe(200);
    expect(list.body.beginsAt).toBeNull();
    expect(list.body.nextBefore).toBeNull();
    const edits = list.body.edits;
    expect(edits.map((e) => e.authorId)).toEqual([ids.blake, ids.rivera, ids.blake, ids.alex]);
    expect(edits[3]).toMatchObject({ wordsAdded: 6, wordsRemoved: 0, snippet: 'Phones stay open to each other.' });
    expect(edits[2]).toMatchObject({ wordsAdded: 7, wordsRemoved: 0 });
    expect(edits[0]).toMatchObject({ wordsAdded: 1, wordsRemoved: 1, snippet: 'away' });
    for (const e of edits) expect(new Date(e.to).getTime()).toBeGreaterThanOrEqual(new Date(e.from).getTime());
    expect(list.body.people.map((p) => p.name).sort()).toEqual(['Alex', 'Blake', 'Dr Rivera']);

    // Right after Blake's first edit: no counselor line yet, and what Blake added is marked.
    const blakes = await bed.couple.partnerA.get<HistoryPointView>(`/api/documents/${doc.id}/history/${edits[2]!.id}`);
    expect(blakes.status).toBe(200);
    expect(runs(blakes.body.blocks)).toEqual([
      [
        ['Phones stay open', ids.alex],
        [' and accounts', ids.blake, 'added'],
        [' to each other.', ids.alex],
      ],
      [['We check in when late.', ids.blake, 'added']],
    ]);
    // Right after the last: "late" is shown removed, "away" added.
    const last = await bed.couple.partnerA.get<HistoryPointView>(`/api/documents/${doc.id}/history/${edits[0]!.id}`);
    expect(runs(last.body.blocks)[1]).toEqual([
      ['We check in when ', ids.blake],
      ['late', ids.blake, 'removed'],
      ['away', ids.blake, 'added'],
      ['.', ids.blake],
    ]);
    expect((await bed.couple.partnerA.get(`/api/documents/${doc.id}/history/999999999`)).status).toBe(404);
    expect((await bed.couple.partnerA.get(`/api/documents/${doc.id}/history/abc`)).status).toBe(400);
  });

  it('groups one author\'s updates less than two minutes apart into one edit, and pages the list', async () => {
    const { partnerA, workspace } = bed.couple;
    const doc = await createDocument(partnerA, workspace.id, 'notes');
    const alex = bed.open(doc.id, partnerA.cookie);
    await synced(alex);
    addParagraph(alex, 'one');
    addParagraph(alex, 'two');
    await stored(alex);
    // The first two minutes ago and more: a third update now starts a new edit.
    await bed.app.dataSource.query(`UPDATE document_update SET created_at = created_at - interval '3 minutes' WHERE document_id = $1`, [doc.id]);
    addParagraph(alex, 'three');
    await stored(alex);
    const list = await partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`);
    expect(list.body.edits.map((e) => e.snippet)).toEqual(['three', 'onetwo']);
    expect(list.body.edits.map((e) => e.updates)).toEqual([2, 4]);

    // 35 alternating edits: a page holds 30, the next page the rest.
    const blake = bed.open(doc.id, bed.couple.partnerB.cookie);
    await synced(blake);
    for (let i = 0; i < 35; i++) {
      const writer = i % 2 === 0 ? blake : alex;
      addParagraph(writer, `line ${i}`);
      await stored(writer);
      await until(() => plain(alex) === plain(blake), 5000, 'both see it');
    }
    const first = await partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`);
    expect(first.body.edits).toHaveLength(30);
    expect(first.body.nextBefore).toBe(first.body.edits[29]!.id);
    const second = await partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history?before=${first.body.nextBefore}`);
    // Both pages together, newest first, with how many updates each edit holds: should it fail, the diff shows what merged or went missing.
    expect([...first.body.edits, ...second.body.edits].map((e) => `${e.snippet} ×${e.updates}`)).toEqual([
      ...Array.from({ length: 35 }, (_, i) => `line ${34 - i} ×2`),
      'three ×2',
      'onetwo ×4',
    ]);
    expect(second.body.edits.map((e) => e.snippet)).toEqual(['line 4', 'line 3', 'line 2', 'line 1', 'line 0', 'three', 'onetwo']);
    expect(second.body.nextBefore).toBeNull();
  });

  it('refuses an update that writes under another person\'s client id, and stores nothing of it', async () => {
    const { doc, alex } = await threeWriters('notes');
    const rowsBefore = await bed.rowsOf(doc.id);
    // Blake's socket sends an edit made as Alex's client: the next structs under Alex's id.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(alex.doc));
    forged.clientID = alex.doc.clientID;
    const updates: Uint8Array[] = [];
    forged.on('update', (u: Uint8Array) => updates.push(u));
    ((forged.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'NOT ');
    expect(updates).toHaveLength(1);
    const outcome = await rawConnect(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie, (ws: WebSocket) => ws.send(updateFrame(updates[0]!)));
    expect(outcome.closeCode).toBe(SyncCloseCode.updateRefused);
    expect(outcome.closeReason).toMatch(/own edits/);
    expect(await bed.rowsOf(doc.id)).toBe(rowsBefore);
    expect(plain(alex)).not.toContain('NOT');
    // The same edit from Alex's own account is taken (Alex's client steps aside: it would take
    // its own id coming back from elsewhere for a clash and change it).
    alex.provider.disconnect();
    const own = await rawConnect(bed.app.wsUrl, doc.id, bed.couple.partnerA.cookie, (ws: WebSocket) => {
      ws.send(updateFrame(updates[0]!));
      setTimeout(() => ws.close(1000), 300);
    });
    expect(own.closeCode).toBe(1000);
    expect(await bed.rowsOf(doc.id)).toBe(rowsBefore + 1);
    const authorship = await bed.couple.partnerB.get<AuthorshipView>(`/api/documents/${doc.id}/authorship`);
    expect(authorship.body.blocks[0]!.runs[0]).toEqual({ text: 'NOT Phones stay open', authorId: await accountId(bed.couple.partnerA) });
  });

  it('a document compacted before history was kept: its history begins at that snapshot, and its old text has no author', async () => {
    const { partnerA, workspace } = bed.couple;
    const doc = await createDocument(partnerA, workspace.id, 'notes');
    // As the migration leaves such a document: a snapshot, no rows, no owners; the base kept.
    const old = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const content = new Y.XmlText();
    paragraph.insert(0, [content]);
    old.getXmlFragment('default').insert(0, [paragraph]);
    content.insert(0, 'Written long ago.');
    const state = await bed.app.app.get(ContentCipher).sealDocument(doc.id, Y.encodeStateAsUpdate(old));
    await bed.app.dataSource.query(`INSERT INTO document_snapshot (document_id, state, updated_at) VALUES ($1, $2, now() - interval '1 day')`, [doc.id, state]);
    await bed.app.dataSource.query(`INSERT INTO document_history_base (document_id, state, taken_at) VALUES ($1, $2, now() - interval '1 day')`, [doc.id, state]);
    const alex = bed.open(doc.id, partnerA.cookie);
    await synced(alex);
    await until(() => plain(alex) === 'Written long ago.', 5000, 'the old text');
    addParagraph(alex, 'Written today.');
    await stored(alex);
    const id = await accountId(partnerA);
    const authorship = await partnerA.get<AuthorshipView>(`/api/documents/${doc.id}/authorship`);
    expect(runs(authorship.body.blocks)).toEqual([[['Written long ago.', null]], [['Written today.', id]]]);
    const list = await partnerA.get<HistoryPage>(`/api/documents/${doc.id}/history`);
    expect(new Date(list.body.beginsAt!).getTime()).toBeLessThan(Date.now() - 3_600_000);
    expect(list.body.edits.map((e) => [e.authorId, e.snippet])).toEqual([[id, 'Written today.']]);
    const point = await partnerA.get<HistoryPointView>(`/api/documents/${doc.id}/history/${list.body.edits[0]!.id}`);
    expect(runs(point.body.blocks)).toEqual([[['Written long ago.', null]], [['Written today.', id, 'added']]]);
    // Nobody may claim the old text's client id now: it has no owner to match.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(alex.doc));
    forged.clientID = old.clientID;
    const updates: Uint8Array[] = [];
    forged.on('update', (u: Uint8Array) => updates.push(u));
    ((forged.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Claimed: ');
    const outcome = await rawConnect(bed.app.wsUrl, doc.id, partnerA.cookie, (ws: WebSocket) => ws.send(updateFrame(updates[0]!)));
    expect(outcome.closeCode).toBe(SyncCloseCode.updateRefused);
  });

  it('a partner can read neither the history, the authorship nor the activity of a counselor note', async () => {
    const { counselor, partnerA, workspace } = bed.couple;
    const note = await createDocument(counselor, workspace.id, 'counselor-notes', 'Private observations');
    const rivera = bed.open(note.id, counselor.cookie);
    await synced(rivera);
    addParagraph(rivera, 'Secret line');
    await stored(rivera);
    expect((await counselor.patch(`/api/documents/${note.id}`, { title: 'Still private' })).status).toBe(200);
    const list = await counselor.get<HistoryPage>(`/api/documents/${note.id}/history`);
    expect(list.body.edits).toHaveLength(1);
    for (const path of ['authorship', 'history', `history/${list.body.edits[0]!.id}`, 'activity']) {
      const res = await partnerA.get(`/api/documents/${note.id}/${path}`);
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toMatch(/Secret|private/i);
      expect((await bed.couple.stranger.get(`/api/documents/${note.id}/${path}`)).status).toBe(404);
    }
    const partnerView = await partnerA.get<unknown[]>(`/api/workspaces/${workspace.id}/document-activity`);
    expect(partnerView.status).toBe(200);
    expect(JSON.stringify(partnerView.body)).not.toMatch(/private/i);
    const counselorView = await counselor.get<{ documentId: string }[]>(`/api/workspaces/${workspace.id}/document-activity`);
    expect(counselorView.body.map((a) => a.documentId)).toContain(note.id);
  });
});
