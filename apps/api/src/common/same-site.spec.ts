import type { ApiErrorBody, InviteCreated, WorkspaceSummary } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { isSameSite } from './same-site';

describe('the same-site rule', () => {
  const publicUrl = 'https://kinship.example';

  it('accepts an Origin naming the request’s own host or the public address, and nothing else', () => {
    expect(isSameSite({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, publicUrl)).toBe(true);
    expect(isSameSite({ origin: 'https://kinship.example', host: '10.0.0.5:3000' }, publicUrl)).toBe(true);
    expect(isSameSite({ origin: 'https://evil.example', host: '127.0.0.1:3000' }, publicUrl)).toBe(false);
    expect(isSameSite({ origin: 'https://kinship.example.evil.example', host: 'x' }, publicUrl)).toBe(false);
    expect(isSameSite({ origin: 'http://127.0.0.1:3001', host: '127.0.0.1:3000' }, publicUrl)).toBe(false);
    expect(isSameSite({ origin: 'null', host: '127.0.0.1:3000' }, publicUrl)).toBe(false);
    expect(isSameSite({ origin: 'not a url', host: '127.0.0.1:3000' }, publicUrl)).toBe(false);
  });

  it('reads Sec-Fetch-Site only when there is no Origin', () => {
    expect(isSameSite({ 'sec-fetch-site': 'same-origin' }, publicUrl)).toBe(true);
    expect(isSameSite({ 'sec-fetch-site': 'none' }, publicUrl)).toBe(true);
    expect(isSameSite({ 'sec-fetch-site': 'cross-site' }, publicUrl)).toBe(false);
    expect(isSameSite({ 'sec-fetch-site': 'same-site' }, publicUrl)).toBe(false);
    expect(isSameSite({ origin: 'https://kinship.example', 'sec-fetch-site': 'cross-site' }, publicUrl)).toBe(true);
  });

  it('lets through a request with neither header (curl, another server)', () => {
    expect(isSameSite({ host: '127.0.0.1:3000' }, publicUrl)).toBe(true);
  });
});

describe('cross-site requests', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp('postgres', { PUBLIC_URL: 'https://kinship.example' })));
  afterAll(() => app.close());

  const evil = { origin: 'https://evil.example' };

  async function counselorAndInvite() {
    const counselor = new HttpClient(app.url);
    await counselor.register('Dr Rivera');
    const workspace = (await counselor.post<WorkspaceSummary>('/api/workspaces', { name: 'Sam & Jo' })).body;
    const invite = (await counselor.post<InviteCreated>(`/api/workspaces/${workspace.id}/invites`, { role: 'partner' })).body;
    return { counselor, workspace, invite };
  }

  it('refuses a logout from another site, and the session lives on', async () => {
    const victim = new HttpClient(app.url);
    await victim.register('Victim');
    const res = await victim.request<ApiErrorBody>('POST', '/api/auth/logout', undefined, evil);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', code: 'forbidden', message: 'This request came from another site and was refused' });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await victim.get('/api/me')).status).toBe(200);
  });

  it('refuses accepting an invite from another site, and the invite stays unused', async () => {
    const { workspace, invite } = await counselorAndInvite();
    const victim = new HttpClient(app.url);
    await victim.register('Victim');
    const res = await victim.request<ApiErrorBody>('POST', `/api/invites/${invite.token}/accept`, undefined, evil);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await victim.get<WorkspaceSummary[]>('/api/workspaces')).body).toEqual([]);
    expect(await app.dataSource.query('SELECT accepted_at FROM invite WHERE workspace_id = $1', [workspace.id])).toEqual([{ accepted_at: null }]);
  });

  it('refuses every state-changing method from another site, by Origin or by Sec-Fetch-Site', async () => {
    const { counselor, workspace } = await counselorAndInvite();
    const doc = (await counselor.post<{ id: string }>(`/api/workspaces/${workspace.id}/documents`, { kind: 'notes', title: 'Ours' })).body;
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    for (const headers of [evil, crossSite]) {
      expect((await counselor.request('POST', '/api/workspaces', { name: 'Theirs' }, headers)).status).toBe(403);
      expect((await counselor.request('PATCH', `/api/documents/${doc.id}`, { title: 'Theirs' }, headers)).status).toBe(403);
      expect((await counselor.request('PUT', `/api/documents/${doc.id}`, { title: 'Theirs' }, headers)).status).toBe(403);
      expect((await counselor.request('DELETE', `/api/documents/${doc.id}`, undefined, headers)).status).toBe(403);
      expect((await counselor.request('POST', '/api/auth/login', { email: 'a@example.org', password: 'whatever it is' }, headers)).status).toBe(403);
    }
    expect((await counselor.get<{ title: string }>(`/api/documents/${doc.id}`)).body.title).toBe('Ours');
    expect((await counselor.get<WorkspaceSummary[]>('/api/workspaces')).body).toHaveLength(1);
    // Reading is not changing anything: a GET from anywhere is answered as usual.
    expect((await counselor.request('GET', '/api/workspaces', undefined, evil)).status).toBe(200);
  });

  it('serves the same site: its own host, the public address, or a browser saying same-origin', async () => {
    const { invite } = await counselorAndInvite();
    const partner = new HttpClient(app.url);
    await partner.register('Sam');
    const accepted = await partner.request('POST', `/api/invites/${invite.token}/accept`, undefined, { origin: app.url });
    expect(accepted.status).toBe(200);
    expect((await partner.request('POST', '/api/workspaces', { name: 'Public' }, { origin: 'https://kinship.example' })).status).toBe(201);
    expect((await partner.request('POST', '/api/workspaces', { name: 'Fetch' }, { 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await partner.request('POST', '/api/auth/logout', undefined, { origin: app.url, 'sec-fetch-site': 'same-origin' })).status).toBe(204);
    expect((await partner.get('/api/me')).status).toBe(401);
  });
});
