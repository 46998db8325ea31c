import type { AccountView, ApiErrorBody, AuditPage, PasswordReset, RecoveryCodesView, RecoveryLinkCreated, RecoveryLinkPreview, RecoveryLinkView, SecondFactorNeeded, TotpEnrollmentView } from '@kinship/domain/wire';
import { SyncCloseCode } from '@kinship/domain/wire';
import { createDocument, setUpCouple, type Couple } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { openRawSocket } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { totp } from '../../test/support/totp';
import { AuditService } from '../audit/audit.service';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'a brand new passphrase';
let address = 0;

const tokenOf = (link: RecoveryLinkCreated) => link.url.split('/recover/')[1]!;

/** Recovery through the counselor: a one-time link, never a way in for the other partner. */
describe('recovery links', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp('postgres', { TRUST_PROXY: 'loopback' })));
  afterAll(() => app.close());

  const couple = () => setUpCouple(app.url, { 'x-forwarded-for': `203.0.113.${++address}` });
  const anonymous = () => Object.assign(new HttpClient(app.url), { headers: { 'x-forwarded-for': `203.0.113.${++address}` } });
  const me = async (c: HttpClient) => (await c.get<AccountView>('/api/me')).body;
  const issue = (c: Couple, by: HttpClient, accountId: string, workspaceId = c.workspace.id) =>
    by.post<RecoveryLinkCreated & ApiErrorBody>(`/api/workspaces/${workspaceId}/recovery-links`, { accountId });

  it('the counselor issues a partner a link; it is listed; opening it sets a new password once, ends every login of the partner and closes their sockets; the audit trail shows both', async () => {
    const c = await couple();
    const alex = await me(c.partnerA);
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Notes');
    const alexSocket = await openRawSocket(app.wsUrl, doc.id, c.partnerA.cookie);
    const blakeSocket = await openRawSocket(app.wsUrl, doc.id, c.partnerB.cookie);

    const issued = await issue(c, c.counselor, alex.id);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ accountId: alex.id, partnerName: 'Alex', issuedBy: 'Dr Rivera', url: expect.stringMatching(/\/recover\/[A-Za-z0-9_-]{43}$/) });
    const hours = (Date.parse(issued.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
    const listed = await c.counselor.get<RecoveryLinkView[]>(`/api/workspaces/${c.workspace.id}/recovery-links`);
    expect(listed.body.map((l) => l.id)).toEqual([issued.body.id]);
    // Only the token's hash is kept.
    const [row] = await app.dataSource.query('SELECT token_hash FROM recovery_link WHERE id = $1', [issued.body.id]);
    expect(row.token_hash).not.toContain(tokenOf(issued.body));

    const opener = anonymous();
    const token = tokenOf(issued.body);
    expect(await opener.get<RecoveryLinkPreview>(`/api/recovery-links/${token}`)).toMatchObject({ status: 200, body: { displayName: 'Alex', email: alex.email } });
    expect(await opener.post<ApiErrorBody>(`/api/recovery-links/${token}`, { newPassword: 'password123' })).toMatchObject({ status: 400, body: { field: 'newPassword', message: expect.stringMatching(/too common/) } });
    expect(await opener.post<ApiErrorBody>(`/api/recovery-links/${token}`, { newPassword: 'short' })).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    const used = await opener.post<PasswordReset>(`/api/recovery-links/${token}`, { newPassword: NEW_PASSWORD });
    expect(used).toMatchObject({ status: 200, body: { secondFactor: false } });
    expect(opener.cookie).toBeNull();
    expect((await alexSocket.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect((await c.partnerA.get('/api/me')).status).toBe(401);
    // The other partner is untouched.
    expect((await c.partnerB.get('/api/me')).status).toBe(200);
    expect(blakeSocket.ws.readyState).toBe(blakeSocket.ws.OPEN);
    blakeSocket.ws.close();

    expect((await anonymous().post('/api/auth/login', { email: alex.email, password: PASSWORD })).status).toBe(401);
    expect((await anonymous().post('/api/auth/login', { email: alex.email, password: NEW_PASSWORD })).status).toBe(200);
    // Once only.
    expect(await opener.post<ApiErrorBody>(`/api/recovery-links/${token}`, { newPassword: 'yet another passphrase' })).toMatchObject({ status: 410, body: { message: expect.stringMatching(/already been used/) } });
    expect(await opener.get<ApiErrorBody>(`/api/recovery-links/${token}`)).toMatchObject({ status: 410 });
    expect((await c.counselor.get<RecoveryLinkView[]>(`/api/workspaces/${c.workspace.id}/recovery-links`)).body).toEqual([]);

    await app.app.get(AuditService).settled();
    const trail = (await c.counselor.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?person=${alex.id}`)).body.entries;
    const kinds = trail.map((e) => [e.kind, e.actor?.name, e.subject?.name]);
    expect(kinds).toContainEqual(['recovery-link-issued', 'Dr Rivera', 'Alex']);
    expect(kinds).toContainEqual(['recovery-link-used', 'Alex', 'Alex']);
  });

  it('a partner can never issue one, for the other partner, themselves or the counselor (403); a counselor only for partners of their own workspaces', async () => {
    const c = await couple();
    const [alex, blake, rivera] = [await me(c.partnerA), await me(c.partnerB), await me(c.counselor)];
    for (const target of [blake.id, alex.id, rivera.id]) expect((await issue(c, c.partnerA, target)).status).toBe(403);
    expect((await c.partnerA.get(`/api/workspaces/${c.workspace.id}/recovery-links`)).status).toBe(403);
    // The counselor, not for themselves.
    expect((await issue(c, c.counselor, rivera.id)).status).toBe(403);
    // A counselor of another workspace learns nothing about this one.
    const other = await couple();
    expect((await issue(c, other.counselor, alex.id)).status).toBe(404);
    expect((await other.counselor.get(`/api/workspaces/${c.workspace.id}/recovery-links`)).status).toBe(404);
    // ...and cannot name this workspace's partner in their own.
    expect((await issue(c, other.counselor, alex.id, other.workspace.id)).status).toBe(404);
    // A stranger neither.
    expect((await issue(c, c.stranger, alex.id)).status).toBe(404);
    const [{ n }] = await app.dataSource.query('SELECT count(*)::int AS n FROM recovery_link WHERE account_id = ANY($1)', [[alex.id, blake.id, rivera.id]]);
    expect(n).toBe(0);
  });

  it('a withdrawn, an expired, a mistyped link, and one for a partner who left: each refused with words that say so', async () => {
    const c = await couple();
    const [alex, blake] = [await me(c.partnerA), await me(c.partnerB)];
    const withdrawn = (await issue(c, c.counselor, alex.id)).body;
    expect((await c.counselor.delete(`/api/workspaces/${c.workspace.id}/recovery-links/${withdrawn.id}`)).status).toBe(204);
    expect(await anonymous().post<ApiErrorBody>(`/api/recovery-links/${tokenOf(withdrawn)}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 410, body: { message: expect.stringMatching(/withdrawn/) } });
    expect((await c.partnerA.delete(`/api/workspaces/${c.workspace.id}/recovery-links/${withdrawn.id}`)).status).toBe(403);

    const expired = (await issue(c, c.counselor, alex.id)).body;
    await app.dataSource.query(`UPDATE recovery_link SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
    expect(await anonymous().get<ApiErrorBody>(`/api/recovery-links/${tokenOf(expired)}`)).toMatchObject({ status: 410, body: { message: expect.stringMatching(/expired/) } });
    expect(await anonymous().post<ApiErrorBody>(`/api/recovery-links/${tokenOf(expired)}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 410 });
    expect((await c.counselor.get<RecoveryLinkView[]>(`/api/workspaces/${c.workspace.id}/recovery-links`)).body).toEqual([]);

    expect(await anonymous().get<ApiErrorBody>(`/api/recovery-links/${tokenOf(expired).slice(0, -2)}xx`)).toMatchObject({ status: 404, body: { message: expect.stringMatching(/not valid/) } });

    const left = (await issue(c, c.counselor, blake.id)).body;
    expect((await c.partnerB.post(`/api/workspaces/${c.workspace.id}/leave`)).status).toBeLessThan(300);
    expect(await anonymous().post<ApiErrorBody>(`/api/recovery-links/${tokenOf(left)}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 410 });
    expect((await anonymous().post('/api/auth/login', { email: alex.email, password: PASSWORD })).status).toBe(200);

    await app.app.get(AuditService).settled();
    const trail = (await c.counselor.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?kind=recovery-link-withdrawn`)).body.entries;
    expect(trail).toHaveLength(1);
  });

  it('a new link for a partner withdraws the one before it; a link made before the partner set a new password (signed in) no longer works', async () => {
    const c = await couple();
    const alex = await me(c.partnerA);
    const lost = (await issue(c, c.counselor, alex.id)).body;
    const newer = (await issue(c, c.counselor, alex.id)).body;
    expect((await c.counselor.get<RecoveryLinkView[]>(`/api/workspaces/${c.workspace.id}/recovery-links`)).body.map((l) => l.id)).toEqual([newer.id]);
    expect(await anonymous().post<ApiErrorBody>(`/api/recovery-links/${tokenOf(lost)}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 410, body: { message: expect.stringMatching(/withdrawn/) } });
    await app.app.get(AuditService).settled();
    expect((await c.counselor.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?kind=recovery-link-withdrawn`)).body.entries).toHaveLength(1);

    // Alex remembers the password after all and changes it while signed in: the link the counselor made before that stops working.
    expect((await c.partnerA.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'remembered after all, changed' })).status).toBeLessThan(300);
    expect(await anonymous().get<ApiErrorBody>(`/api/recovery-links/${tokenOf(newer)}`)).toMatchObject({ status: 410, body: { message: expect.stringMatching(/new password was set after/) } });
    expect(await anonymous().post<ApiErrorBody>(`/api/recovery-links/${tokenOf(newer)}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 410 });
    expect((await anonymous().post('/api/auth/login', { email: alex.email, password: 'remembered after all, changed' })).status).toBe(200);
    // A link made after the change works.
    const after = (await issue(c, c.counselor, alex.id)).body;
    expect((await anonymous().post(`/api/recovery-links/${tokenOf(after)}`, { newPassword: NEW_PASSWORD })).status).toBe(200);
  });

  it('the partner’s two-step sign-in is still asked at the next sign-in (a recovery code may stand in for the app)', async () => {
    const c = await couple();
    const alex = await me(c.partnerA);
    const { secret } = (await c.partnerA.post<TotpEnrollmentView>('/api/me/totp/enroll')).body;
    const { recoveryCodes } = (await c.partnerA.post<RecoveryCodesView>('/api/me/totp/confirm', { code: totp(secret) })).body;
    const link = (await issue(c, c.counselor, alex.id)).body;
    expect(await anonymous().post<PasswordReset>(`/api/recovery-links/${tokenOf(link)}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 200, body: { secondFactor: true } });
    expect((await c.partnerA.get('/api/me')).status).toBe(401);
    const signIn = anonymous();
    const pending = await signIn.post<SecondFactorNeeded>('/api/auth/login', { email: alex.email, password: NEW_PASSWORD });
    expect(pending.body).toMatchObject({ secondFactor: 'totp' });
    expect(signIn.cookie).toBeNull();
    expect((await signIn.get('/api/me')).status).toBe(401);
    expect((await signIn.post('/api/auth/login/second-factor', { pendingLogin: pending.body.pendingLogin, code: recoveryCodes[0] })).status).toBe(200);
    expect((await signIn.get('/api/me')).status).toBe(200);
  });
});
