import type { ApiErrorBody, AuditPage, PasswordChanged, RecoveryCodesView, SecondFactorNeeded, TotpEnrollmentView } from '@kinship/domain/wire';
import { SyncCloseCode } from '@kinship/domain/wire';
import { createDocument } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { eventually, openRawSocket } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { totp } from '../../test/support/totp';
import { AuditService } from '../audit/audit.service';

const PASSWORD = 'a long enough password';

/** Changing one's password: the way out when someone else may know it. */
describe('changing the password', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  /** A person signed in on two devices. */
  async function personOnTwoDevices(name: string) {
    const laptop = new HttpClient(app.url);
    await laptop.register(name);
    const { email } = (await laptop.get<{ email: string }>('/api/me')).body;
    const phone = new HttpClient(app.url);
    expect((await phone.post('/api/auth/login', { email, password: PASSWORD })).status).toBe(200);
    return { laptop, phone, email };
  }

  it('takes the password now and a new one; the other devices are logged out and their sockets close, this one stays', async () => {
    const { laptop, phone, email } = await personOnTwoDevices('Robin');
    const workspace = (await laptop.post<{ id: string }>('/api/workspaces', { name: 'Ours' })).body;
    const doc = await createDocument(laptop, workspace.id, 'notes', 'Notes');
    const phoneSocket = await openRawSocket(app.wsUrl, doc.id, phone.cookie);
    const laptopSocket = await openRawSocket(app.wsUrl, doc.id, laptop.cookie);

    const change = (body: unknown) => laptop.post<ApiErrorBody & PasswordChanged>('/api/me/password', body);
    expect(await change({ currentPassword: 'not it at all', newPassword: 'a brand new passphrase' })).toMatchObject({ status: 400, body: { field: 'currentPassword' } });
    expect(await change({ currentPassword: PASSWORD, newPassword: PASSWORD })).toMatchObject({ status: 400, body: { field: 'newPassword', message: expect.stringMatching(/different/) } });
    expect(await change({ currentPassword: PASSWORD, newPassword: 'short' })).toMatchObject({ status: 400, body: { field: 'newPassword', message: expect.stringMatching(/at least 10/) } });
    expect(await change({ currentPassword: PASSWORD, newPassword: 'password123' })).toMatchObject({ status: 400, body: { field: 'newPassword', message: expect.stringMatching(/too common/) } });
    expect(await change({ currentPassword: PASSWORD, newPassword: email })).toMatchObject({ status: 400, body: { field: 'newPassword', message: expect.stringMatching(/email/) } });
    expect(await change({ currentPassword: PASSWORD, newPassword: 12345678901 })).toMatchObject({ status: 400, body: { field: 'newPassword', message: 'newPassword must be text' } });
    expect(await change({ currentPassword: PASSWORD, newPassword: 'x'.repeat(201) })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/at most 200/) } });
    expect((await phone.get('/api/me')).status).toBe(200);

    const ok = await change({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(ok).toMatchObject({ status: 200, body: { otherSessionsEnded: 1 } });
    // The other device's socket is closed at once, within a second of the answer.
    const answered = Date.now();
    expect((await phoneSocket.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect(Date.now() - answered).toBeLessThan(1000);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(200);
    expect(laptopSocket.ws.readyState).toBe(laptopSocket.ws.OPEN);
    laptopSocket.ws.close();

    expect((await new HttpClient(app.url).post('/api/auth/login', { email, password: PASSWORD })).status).toBe(401);
    expect((await new HttpClient(app.url).post('/api/auth/login', { email, password: 'a brand new passphrase' })).status).toBe(200);
    await app.app.get(AuditService).settled();
    const activity = (await laptop.get<AuditPage>('/api/me/audit?kind=password-changed')).body.entries;
    expect(activity).toHaveLength(1);
  });

  it('counts a wrong password given to confirm a step as a failed log-in: a stolen session cannot guess it faster than the login form', async () => {
    const { laptop, email } = await personOnTwoDevices('Quinn');
    // Ten wrong passwords spread over three routes (each under its per-address limit, which the test before used some of)...
    for (let i = 0; i < 4; i++) expect((await laptop.request('DELETE', '/api/me', { password: `guess number ${i}` })).status).toBe(403);
    for (let i = 0; i < 4; i++) expect((await laptop.post('/api/me/totp/disable', { password: `guess number ${i}`, code: '123456' })).status).toBe(400);
    for (let i = 0; i < 2; i++) expect((await laptop.post('/api/me/password', { currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' })).status).toBe(400);
    // ...lock the account: the right password is refused too, here and at the login form.
    const locked = await laptop.request<ApiErrorBody>('DELETE', '/api/me', { password: PASSWORD });
    expect(locked.status).toBe(429);
    expect((await new HttpClient(app.url).post<ApiErrorBody>('/api/auth/login', { email, password: PASSWORD })).status).toBe(429);
    expect((await laptop.get('/api/me')).status).toBe(200);
  });
});

/** A password change and the log-ins under way: none outlives it. Its own API, so the per-address limits above are its own. */
describe('changing the password, with log-ins under way', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it('a log-in whose password was checked before the change gets no session after it', async () => {
    const laptop = new HttpClient(app.url);
    const { id } = await laptop.register('Sasha');
    const { email } = (await laptop.get<{ email: string }>('/api/me')).body;
    const audit = app.app.get(AuditService);
    await audit.settled();
    // The audit trail's lock is held, so a log-in stops right after its password is checked (it records the log-in before its session begins).
    const holder = app.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let login: Promise<{ status: number }>;
    let change: Promise<{ status: number }>;
    const thief = new HttpClient(app.url);
    try {
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('kinship:audit-chain'))`);
      const [{ pid }] = await holder.query('SELECT pg_backend_pid() AS pid');
      const [{ password_hash: before }] = await app.dataSource.query('SELECT password_hash FROM account WHERE id = $1', [id]);
      login = thief.post('/api/auth/login', { email, password: PASSWORD });
      await eventually(async () => (await app.dataSource.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).length > 0, 'the log-in checked and waiting');
      change = laptop.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
      await eventually(async () => (await app.dataSource.query('SELECT password_hash FROM account WHERE id = $1', [id]))[0].password_hash !== before, 'the new password committed');
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    expect((await change!).status).toBe(200);
    expect((await login!).status).toBe(401);
    expect(thief.cookie).toBeNull();
    const [{ n }] = await app.dataSource.query('SELECT count(*)::int AS n FROM auth_session WHERE account_id = $1 AND revoked_at IS NULL', [id]);
    expect(n).toBe(1);
    expect((await laptop.get('/api/me')).status).toBe(200);
    await audit.settled();
  });

  it('ends the log-ins waiting for their two-step code: the old password is not enough to finish one', async () => {
    const laptop = new HttpClient(app.url);
    const { id } = await laptop.register('Morgan');
    const { email } = (await laptop.get<{ email: string }>('/api/me')).body;
    const { secret } = (await laptop.post<TotpEnrollmentView>('/api/me/totp/enroll')).body;
    const { recoveryCodes } = (await laptop.post<RecoveryCodesView>('/api/me/totp/confirm', { code: totp(secret) })).body;
    const thief = new HttpClient(app.url);
    const pending = await thief.post<SecondFactorNeeded>('/api/auth/login', { email, password: PASSWORD });
    expect(pending.body.secondFactor).toBe('totp');

    expect((await laptop.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' })).status).toBe(200);
    const [{ n }] = await app.dataSource.query('SELECT count(*)::int AS n FROM pending_login WHERE account_id = $1', [id]);
    expect(n).toBe(0);
    const finish = await thief.post<ApiErrorBody>('/api/auth/login/second-factor', { pendingLogin: pending.body.pendingLogin, code: recoveryCodes[0] });
    expect(finish.status).toBe(401);
    expect(thief.cookie).toBeNull();
  });
});
