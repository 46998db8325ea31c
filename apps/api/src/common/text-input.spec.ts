import type { ApiErrorBody, DocumentView, InviteCreated, WorkspaceSummary } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { startTestApp, TestApp } from '../../test/support/test-app';

/** Control characters a form never sends: NUL (which PostgreSQL cannot store), bell, escape, delete. */
const CONTROL = ['\u0000', '\u0007', '\u001b', '\u007f'];

describe('text fields refuse control characters with a 400 naming the field', () => {
  let app: TestApp;
  let counselor: HttpClient;
  let workspace: WorkspaceSummary;
  let document: DocumentView;
  beforeAll(async () => {
    app = await startTestApp();
    counselor = new HttpClient(app.url);
    await counselor.register('Dr Rivera');
    workspace = (await counselor.post<WorkspaceSummary>('/api/workspaces', { name: 'Sam & Jo' })).body;
    document = (await counselor.post<DocumentView>(`/api/workspaces/${workspace.id}/documents`, { kind: 'notes', title: 'Ours' })).body;
  });
  afterAll(() => app.close());

  let n = 0;
  const email = () => `text-${Date.now()}-${++n}@example.org`;

  const cases: { route: string; field: string; send: (c: string) => Promise<{ status: number; body: ApiErrorBody }> }[] = [
    { route: 'register', field: 'displayName', send: (c) => new HttpClient(app.url).post('/api/auth/register', { email: email(), password: 'a fine long passphrase', displayName: `Al${c}ex` }) },
    { route: 'register', field: 'email', send: (c) => new HttpClient(app.url).post('/api/auth/register', { email: `al${c}ex@example.org`, password: 'a fine long passphrase', displayName: 'Alex' }) },
    { route: 'register', field: 'password', send: (c) => new HttpClient(app.url).post('/api/auth/register', { email: email(), password: `a fine long${c} passphrase`, displayName: 'Alex' }) },
    { route: 'login', field: 'email', send: (c) => new HttpClient(app.url).post('/api/auth/login', { email: `al${c}ex@example.org`, password: 'a fine long passphrase' }) },
    { route: 'login', field: 'password', send: (c) => new HttpClient(app.url).post('/api/auth/login', { email: email(), password: `a fine long${c} passphrase` }) },
    { route: 'create workspace', field: 'name', send: (c) => counselor.post('/api/workspaces', { name: `Sam${c} & Jo` }) },
    { route: 'create invite', field: 'note', send: (c) => counselor.post(`/api/workspaces/${workspace.id}/invites`, { role: 'partner', note: `For Sam${c}` }) },
    { route: 'create document', field: 'title', send: (c) => counselor.post(`/api/workspaces/${workspace.id}/documents`, { kind: 'notes', title: `Our${c} notes` }) },
    { route: 'rename document', field: 'title', send: (c) => counselor.patch(`/api/documents/${document.id}`, { title: `Our${c} notes` }) },
  ];

  for (const { route, field, send } of cases) {
    it(`${route}: ${field}`, async () => {
      for (const c of CONTROL) {
        const res = await send(c);
        expect({ char: c.charCodeAt(0), status: res.status, field: res.body.field }).toEqual({ char: c.charCodeAt(0), status: 400, field });
        expect(res.body.code).toBe('invalid');
        expect(res.body.message).toContain(field);
      }
    });
  }

  it('stores nothing from those requests', async () => {
    expect((await counselor.get<WorkspaceSummary[]>('/api/workspaces')).body).toHaveLength(1);
    expect((await counselor.get<DocumentView>(`/api/documents/${document.id}`)).body.title).toBe('Ours');
    expect((await counselor.get<DocumentView[]>(`/api/workspaces/${workspace.id}/documents`)).body).toHaveLength(1);
    const invites = await app.dataSource.query('SELECT count(*)::int AS n FROM invite WHERE workspace_id = $1', [workspace.id]);
    expect(invites).toEqual([{ n: 0 }]);
  });

  it('still takes ordinary text, accents and emoji included', async () => {
    const res = await counselor.post<WorkspaceSummary>('/api/workspaces', { name: 'Zoë & José 💬' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Zoë & José 💬');
    const invite = await counselor.post<InviteCreated>(`/api/workspaces/${res.body.id}/invites`, { role: 'partner', note: 'For Zoë' });
    expect(invite.status).toBe(201);
  });
});
