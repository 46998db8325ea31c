import type { ApiErrorBody, InviteAccepted, InviteCreated, InvitePreview, PendingInviteView, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { startTestApp, TestApp } from '../../test/support/test-app';

describe('workspaces and partner invites', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp('postgres', { PUBLIC_URL: 'https://kinship.example' })));
  afterAll(() => app.close());

  async function counselorWithWorkspace() {
    const counselor = new HttpClient(app.url);
    await counselor.register('Dr Rivera');
    const created = await counselor.post<WorkspaceSummary>('/api/workspaces', { name: '  Sam & Jo  ' });
    return { counselor, workspace: created.body, status: created.status };
  }

  async function invite(counselor: HttpClient, workspaceId: string) {
    return counselor.post<InviteCreated & ApiErrorBody>(`/api/workspaces/${workspaceId}/invites`, { role: 'partner' });
  }

  async function partner(name: string) {
    const client = new HttpClient(app.url);
    await client.register(name);
    return client;
  }

  it('makes whoever creates a workspace its counselor, and lists it with the role', async () => {
    const { counselor, workspace, status } = await counselorWithWorkspace();
    expect(status).toBe(201);
    expect(workspace).toEqual({ id: expect.any(String), name: 'Sam & Jo', role: 'counselor' });
    const list = await counselor.get<WorkspaceSummary[]>('/api/workspaces');
    expect(list.body).toContainEqual(workspace);
    const detail = await counselor.get<WorkspaceDetail>(`/api/workspaces/${workspace.id}`);
    expect(detail.body).toMatchObject({ id: workspace.id, role: 'counselor', openPartnerPlaces: 2 });
    expect(detail.body.members).toEqual([expect.objectContaining({ displayName: 'Dr Rivera', role: 'counselor' })]);
  });

  it('brings a partner in through a single-use invite link whose token is stored only as a hash', async () => {
    const { counselor, workspace } = await counselorWithWorkspace();
    const created = await invite(counselor, workspace.id);
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`https://kinship.example/invite/${created.body.token}`);
    expect(new Date(created.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const stored = await app.dataSource.query('SELECT token_hash FROM invite WHERE workspace_id = $1', [workspace.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(created.body.token);

    // Whoever holds the link sees what they are invited to, before they have an account.
    const preview = await new HttpClient(app.url).get<InvitePreview>(`/api/invites/${created.body.token}`);
    const sam = await partner('Sam');
    expect(preview.body).toMatchObject({ workspaceName: 'Sam & Jo', invitedBy: 'Dr Rivera', role: 'partner' });
    const accepted = await sam.post<InviteAccepted>(`/api/invites/${created.body.token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ workspaceId: workspace.id, role: 'partner' });
    expect((await sam.get<WorkspaceSummary[]>('/api/workspaces')).body).toContainEqual({ id: workspace.id, name: 'Sam & Jo', role: 'partner' });

    const jo = await partner('Jo');
    const reused = await jo.post<ApiErrorBody>(`/api/invites/${created.body.token}/accept`);
    expect(reused.status).toBe(410);
    expect(reused.body.message).toMatch(/already been used/);
  });

  it('refuses a bad or expired invite token', async () => {
    const { counselor, workspace } = await counselorWithWorkspace();
    const sam = await partner('Sam');
    expect((await sam.post(`/api/invites/not-a-real-token-at-all-xxxxxxxx/accept`)).status).toBe(404);
    expect((await sam.post(`/api/invites/%00/accept`)).status).toBe(404);
    const created = await invite(counselor, workspace.id);
    await app.dataSource.query(`UPDATE invite SET expires_at = now() - interval '1 minute' WHERE workspace_id = $1`, [workspace.id]);
    const expired = await sam.post<ApiErrorBody>(`/api/invites/${created.body.token}/accept`);
    expect(expired.status).toBe(410);
    expect(expired.body.message).toMatch(/expired/);
  });

  it('needs a logged-in person to accept an invite', async () => {
    const { counselor, workspace } = await counselorWithWorkspace();
    const created = await invite(counselor, workspace.id);
    expect((await new HttpClient(app.url).post(`/api/invites/${created.body.token}/accept`)).status).toBe(401);
  });

  it('holds at most two partners: a third invite is refused, and so is a third acceptance', async () => {
    const { counselor, workspace } = await counselorWithWorkspace();
    const links = [await invite(counselor, workspace.id), await invite(counselor, workspace.id), await invite(counselor, workspace.id)];
    expect(links.map((l) => l.status)).toEqual([201, 201, 201]);
    expect((await (await partner('Sam')).post(`/api/invites/${links[0].body.token}/accept`)).status).toBe(200);
    expect((await (await partner('Jo')).post(`/api/invites/${links[1].body.token}/accept`)).status).toBe(200);
    const third = await (await partner('Kim')).post<ApiErrorBody>(`/api/invites/${links[2].body.token}/accept`);
    expect(third.status).toBe(409);
    expect(third.body.message).toMatch(/two partners/);
    const another = await invite(counselor, workspace.id);
    expect(another.status).toBe(409);
    const detail = await counselor.get<WorkspaceDetail>(`/api/workspaces/${workspace.id}`);
    expect(detail.body.members.filter((m) => m.role === 'partner')).toHaveLength(2);
    expect(detail.body.openPartnerPlaces).toBe(0);
  });

  it('lets two partners race for the last place without both getting it', async () => {
    const { counselor, workspace } = await counselorWithWorkspace();
    const first = await invite(counselor, workspace.id);
    await (await partner('Sam')).post(`/api/invites/${first.body.token}/accept`);
    const [a, b] = [await invite(counselor, workspace.id), await invite(counselor, workspace.id)];
    const [jo, kim] = [await partner('Jo'), await partner('Kim')];
    const results = await Promise.all([jo.post(`/api/invites/${a.body.token}/accept`), kim.post(`/api/invites/${b.body.token}/accept`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('lets only the counselor invite, and shows strangers nothing', async () => {
    const { counselor, workspace } = await counselorWithWorkspace();
    const sam = await partner('Sam');
    await sam.post(`/api/invites/${(await invite(counselor, workspace.id)).body.token}/accept`);
    const byPartner = await invite(sam, workspace.id);
    expect(byPartner.status).toBe(403);
    expect(byPartner.body.message).toMatch(/Only the counselor/);
    const stranger = await partner('Stranger');
    expect((await stranger.get(`/api/workspaces/${workspace.id}`)).status).toBe(404);
    expect((await invite(stranger, workspace.id)).status).toBe(404);
    expect((await stranger.get<WorkspaceSummary[]>('/api/workspaces')).body).toEqual([]);
    expect((await new HttpClient(app.url).get('/api/workspaces')).status).toBe(401);
    const wrongRole = await counselor.post<ApiErrorBody>(`/api/workspaces/${workspace.id}/invites`, { role: 'counselor' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.field).toBe('role');
  });

  it('does not let the counselor use their own invite to become a partner', async () => {
    const { counselor, workspace } = await counselorWithWorkspace();
    const link = await invite(counselor, workspace.id);
    const res = await counselor.post<ApiErrorBody>(`/api/invites/${link.body.token}/accept`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/already in this workspace/);
  });
});

describe('managing invites', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp('postgres', { PUBLIC_URL: 'https://kinship.example' })));
  afterAll(() => app.close());

  async function setUp() {
    const counselor = new HttpClient(app.url);
    await counselor.register('Dr Rivera');
    const workspace = (await counselor.post<WorkspaceSummary>('/api/workspaces', { name: 'Sam & Jo' })).body;
    const invitesPath = `/api/workspaces/${workspace.id}/invites`;
    const invite = async (note?: string | null) => counselor.post<InviteCreated & ApiErrorBody>(invitesPath, note === undefined ? { role: 'partner' } : { role: 'partner', note });
    const person = async (name: string) => {
      const client = new HttpClient(app.url);
      await client.register(name);
      return client;
    };
    return { counselor, workspace, invitesPath, invite, person };
  }

  it('keeps a note of whom each invite is for', async () => {
    const { invite, workspace } = await setUp();
    const forSam = await invite('  Sam  ');
    expect(forSam.status).toBe(201);
    expect(forSam.body).toEqual({ id: expect.any(String), token: expect.any(String), url: expect.any(String), expiresAt: expect.any(String), note: 'Sam' });
    expect((await invite('')).body.note).toBeNull();
    expect((await invite()).body.note).toBeNull();
    expect((await invite('x'.repeat(81))).body.field).toBe('note');
    const rows = await app.dataSource.query('SELECT id, note FROM invite WHERE workspace_id = $1 AND note IS NOT NULL', [workspace.id]);
    expect(rows).toEqual([{ id: forSam.body.id, note: 'Sam' }]);
  });

  it('lists the counselor’s pending invites, newest first: not used, not expired, not withdrawn, and never their links', async () => {
    const { counselor, invitesPath, invite, person, workspace } = await setUp();
    const used = await invite('Used');
    await (await person('Sam')).post(`/api/invites/${used.body.token}/accept`);
    const expired = await invite('Expired');
    await app.dataSource.query(`UPDATE invite SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.body.id]);
    const withdrawn = await invite('Withdrawn');
    expect((await counselor.delete(`${invitesPath}/${withdrawn.body.id}`)).status).toBe(204);
    const older = await invite('Jo');
    const newer = await invite(null);

    const list = await counselor.get<PendingInviteView[]>(invitesPath);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      { id: newer.body.id, note: null, role: 'partner', createdAt: expect.any(String), expiresAt: newer.body.expiresAt, invitedBy: 'Dr Rivera' },
      { id: older.body.id, note: 'Jo', role: 'partner', createdAt: expect.any(String), expiresAt: older.body.expiresAt, invitedBy: 'Dr Rivera' },
    ]);
    expect(new Date(list.body[0].createdAt).getTime()).toBeGreaterThanOrEqual(new Date(list.body[1].createdAt).getTime());
    const raw = JSON.stringify(list.body);
    expect(raw).not.toContain(older.body.token);
    expect(raw).not.toMatch(/token/i);
    // Another workspace's invites are not in this list.
    const other = await setUp();
    await other.invite('Elsewhere');
    expect((await counselor.get<PendingInviteView[]>(invitesPath)).body.map((i) => i.note)).not.toContain('Elsewhere');
    expect(workspace.id).not.toBe(other.workspace.id);
  });

  it('shows and withdraws invites only for the counselor: partners are refused, strangers see nothing', async () => {
    const { invitesPath, invite, person } = await setUp();
    const link = await invite('Sam');
    const sam = await person('Sam');
    await sam.post(`/api/invites/${link.body.token}/accept`);
    const pending = await invite('Jo');
    const stranger = await person('Stranger');

    const partnerList = await sam.get<ApiErrorBody>(invitesPath);
    expect(partnerList.status).toBe(403);
    expect(partnerList.body.message).toMatch(/Only the counselor/);
    expect((await sam.delete(`${invitesPath}/${pending.body.id}`)).status).toBe(403);
    expect((await stranger.get(invitesPath)).status).toBe(404);
    expect((await stranger.delete(`${invitesPath}/${pending.body.id}`)).status).toBe(404);
    expect((await new HttpClient(app.url).get(invitesPath)).status).toBe(401);
    // The refused withdrawals changed nothing: the link still works.
    expect((await (await person('Jo')).post(`/api/invites/${pending.body.token}/accept`)).status).toBe(200);
  });

  it('withdraws an invite: its link then says so, for a preview and for accepting', async () => {
    const { counselor, invitesPath, invite, person } = await setUp();
    const link = await invite('Sam');
    const res = await counselor.delete(`${invitesPath}/${link.body.id}`);
    expect(res.status).toBe(204);
    const withdrawnMessage = 'This invite link was withdrawn; ask your counselor for a new one';
    const preview = await new HttpClient(app.url).get<ApiErrorBody>(`/api/invites/${link.body.token}`);
    expect(preview.status).toBe(410);
    expect(preview.body).toMatchObject({ code: 'gone', message: withdrawnMessage });
    const sam = await person('Sam');
    const accept = await sam.post<ApiErrorBody>(`/api/invites/${link.body.token}/accept`);
    expect(accept.status).toBe(410);
    expect(accept.body.message).toBe(withdrawnMessage);
    expect((await sam.get<WorkspaceSummary[]>('/api/workspaces')).body).toEqual([]);
    // Withdrawing it again changes nothing and is not an error.
    expect((await counselor.delete(`${invitesPath}/${link.body.id}`)).status).toBe(204);
  });

  it('cannot withdraw a used invite (409), nor one that does not exist here (404)', async () => {
    const { counselor, invitesPath, invite, person } = await setUp();
    const link = await invite('Sam');
    await (await person('Sam')).post(`/api/invites/${link.body.token}/accept`);
    const used = await counselor.delete<ApiErrorBody>(`${invitesPath}/${link.body.id}`);
    expect(used.status).toBe(409);
    expect(used.body.message).toMatch(/already been used/);
    expect((await counselor.delete(`${invitesPath}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await counselor.delete(`${invitesPath}/not-a-uuid`)).status).toBe(404);
    const other = await setUp();
    const theirs = await other.invite('Theirs');
    expect((await counselor.delete(`${invitesPath}/${theirs.body.id}`)).status).toBe(404);
    expect((await other.counselor.get<PendingInviteView[]>(other.invitesPath)).body.map((i) => i.id)).toEqual([theirs.body.id]);
  });
});
