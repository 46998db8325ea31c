import type { ApiErrorBody, DocumentView } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';

describe('documents in a workspace', () => {
  let app: TestApp;
  let couple: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    couple = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  const docsPath = () => `/api/workspaces/${couple.workspace.id}/documents`;

  it('creates, lists, renames and archives shared documents', async () => {
    const agreement = await createDocument(couple.partnerA, couple.workspace.id, 'agreement', 'Phone boundaries');
    expect(agreement).toMatchObject({ kind: 'agreement', title: 'Phone boundaries', archived: false, workspaceId: couple.workspace.id });
    const notes = await createDocument(couple.counselor, couple.workspace.id, 'notes', 'How we listen');
    const listed = await couple.partnerB.get<DocumentView[]>(docsPath());
    expect(listed.body.map((d) => d.id)).toEqual(expect.arrayContaining([agreement.id, notes.id]));
    const renamed = await couple.partnerB.patch<DocumentView>(`/api/documents/${agreement.id}`, { title: 'Phones at dinner' });
    expect(renamed.body.title).toBe('Phones at dinner');
    const archived = await couple.counselor.patch<DocumentView>(`/api/documents/${agreement.id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    expect((await couple.partnerA.get<DocumentView>(`/api/documents/${agreement.id}`)).body).toMatchObject({ title: 'Phones at dinner', archived: true });
    const restored = await couple.partnerA.patch<DocumentView>(`/api/documents/${agreement.id}`, { archived: false });
    expect(restored.body.archived).toBe(false);
  });

  it('names the field at fault for bad input', async () => {
    const badKind = await couple.counselor.post<ApiErrorBody>(docsPath(), { kind: 'diary', title: 'x' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.field).toBe('kind');
    const noTitle = await couple.counselor.post<ApiErrorBody>(docsPath(), { kind: 'notes', title: '   ' });
    expect(noTitle.body.field).toBe('title');
    const doc = await createDocument(couple.counselor, couple.workspace.id, 'notes');
    const empty = await couple.counselor.patch<ApiErrorBody>(`/api/documents/${doc.id}`, {});
    expect(empty.status).toBe(400);
    expect((await couple.counselor.get(`/api/documents/not-a-uuid`)).status).toBe(404);
  });

  it('keeps the counselor’s private notes from partners: they cannot list, create, open or rename them', async () => {
    const privateNotes = await createDocument(couple.counselor, couple.workspace.id, 'counselor-notes', 'Session 1 — private');
    expect((await couple.counselor.get<DocumentView[]>(docsPath())).body.map((d) => d.id)).toContain(privateNotes.id);
    for (const partner of [couple.partnerA, couple.partnerB]) {
      const list = await partner.get<DocumentView[]>(docsPath());
      expect(list.body.some((d) => d.kind === 'counselor-notes')).toBe(false);
      expect(JSON.stringify(list.body)).not.toContain('private');
      const create = await partner.post<ApiErrorBody>(docsPath(), { kind: 'counselor-notes', title: 'mine' });
      expect(create.status).toBe(403);
      const open = await partner.get<ApiErrorBody>(`/api/documents/${privateNotes.id}`);
      expect(open.status).toBe(403);
      expect(JSON.stringify(open.body)).not.toContain('Session 1');
      expect((await partner.patch(`/api/documents/${privateNotes.id}`, { title: 'x' })).status).toBe(403);
      expect((await partner.patch(`/api/documents/${privateNotes.id}`, { archived: true })).status).toBe(403);
    }
  });

  it('shows a stranger nothing, whether the document exists or not', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'agreement');
    const stranger: HttpClient = couple.stranger;
    expect((await stranger.get(`/api/documents/${doc.id}`)).status).toBe(404);
    expect((await stranger.get(docsPath())).status).toBe(404);
    expect((await stranger.post(docsPath(), { kind: 'notes', title: 'x' })).status).toBe(404);
    expect((await stranger.patch(`/api/documents/${doc.id}`, { title: 'x' })).status).toBe(404);
  });
});
