import type { ApiErrorBody, InviteAccepted, InviteCreated, InvitePreview, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain';
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
