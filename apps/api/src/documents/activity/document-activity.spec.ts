import { createDocument, setUpCouple, Couple } from '../../../test/support/couple';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import type { DocumentActivityView } from '@kinship/domain/wire';

describe('who renamed, archived or restored a document', () => {
  let app: TestApp;
  let couple: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    couple = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  it('records each rename, archive and restore with who and when, for all three to see', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'agreement', 'Phone boundaries');
    const started = Date.now();
    expect((await couple.partnerB.patch(`/api/documents/${doc.id}`, { title: 'Phones at dinner' })).status).toBe(200);
    expect((await couple.partnerB.patch(`/api/documents/${doc.id}`, { title: 'Phones at dinner' })).status).toBe(200);
    expect((await couple.partnerA.patch(`/api/documents/${doc.id}`, { archived: true })).status).toBe(200);
    expect((await couple.counselor.patch(`/api/documents/${doc.id}`, { archived: false })).status).toBe(200);
    for (const viewer of [couple.partnerA, couple.partnerB, couple.counselor]) {
      const res = await viewer.get<DocumentActivityView[]>(`/api/documents/${doc.id}/activity`);
      expect(res.status).toBe(200);
      // Newest first; a rename to the same title is no change and is not recorded.
      expect(res.body.map((a) => [a.action, a.actor?.name, a.oldTitle, a.newTitle])).toEqual([
        ['restored', 'Dr Rivera', null, 'Phones at dinner'],
        ['archived', 'Alex', null, 'Phones at dinner'],
        ['renamed', 'Blake', 'Phone boundaries', 'Phones at dinner'],
      ]);
      for (const a of res.body) expect(new Date(a.at).getTime()).toBeGreaterThanOrEqual(started - 1000);
    }
    const latest = await couple.partnerB.get<DocumentActivityView[]>(`/api/workspaces/${couple.workspace.id}/document-activity`);
    expect(latest.body.find((a) => a.documentId === doc.id)).toMatchObject({ action: 'restored', actor: { name: 'Dr Rivera' } });
    expect((await couple.stranger.get(`/api/documents/${doc.id}/activity`)).status).toBe(404);
    expect((await couple.stranger.get(`/api/workspaces/${couple.workspace.id}/document-activity`)).status).toBe(404);
  });

  it('a refused rename records nothing', async () => {
    const note = await createDocument(couple.counselor, couple.workspace.id, 'counselor-notes', 'Observations');
    const refused = await couple.partnerA.patch(`/api/documents/${note.id}`, { title: 'Peeked' });
    expect(refused.status).toBe(403);
    const [row] = await app.dataSource.query('SELECT count(*)::int AS n FROM document_activity WHERE document_id = $1', [note.id]);
    expect(row.n).toBe(0);
  });
});
