import type { AccountView, ApiErrorBody, RecoveryCodesView, SecondFactorNeeded, TotpEnrollmentView, TotpStatusView } from '@kinship/domain/wire';
import { SyncCloseCode } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { openRawSocket, rawConnect, until } from '../../test/support/sync-client';
import { liveClient } from '../../test/support/live-client';
import { createDocument } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { totp } from '../../test/support/totp';

const PASSWORD = 'a long enough password';

/** A person with two-step sign-in on: their secret and recovery codes. */
async function enroll(app: TestApp, name: string) {
  const client = new HttpClient(app.url);
  const account = await client.register(name);
  const email = (await client.get<AccountView>('/api/me')).body.email;
  const enrollment = await client.post<TotpEnrollmentView>('/api/me/totp/enroll');
  expect(enrollment.status).toBe(200);
  const usedCode = totp(enrollment.body.secret);
  const confirmed = await client.post<RecoveryCodesView>('/api/me/totp/confirm', { code: usedCode });
  expect(confirmed.status).toBe(200);
  return { client, account, email, secret: enrollment.body.secret, usedCode, recoveryCodes: confirmed.body.recoveryCodes };
}

/** The password step of a login: a client without a session yet, and the pending login. */
async function signIn(app: TestApp, email: string, headers: Record<string, string> = {}) {
  const client = new HttpClient(app.url);
  client.headers = headers;
  const res = await client.post<SecondFactorNeeded>('/api/auth/login', { email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { client, res };
}

describe('two-step sign-in (TOTP)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  const enrolled = (name: string) => enroll(app, name);
  const passwordStep = (email: string) => signIn(app, email);

  it('enrolls: a secret, its otpauth URL and a QR code; a wrong code does not turn it on; the right one does, with ten recovery codes stored hashed', async () => {
    const client = new HttpClient(app.url);
    const account = await client.register('Enrolling');
    expect((await client.get<TotpStatusView>('/api/me/totp')).body).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    const { body } = await client.post<TotpEnrollmentView>('/api/me/totp/enroll');
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUrl).toMatch(new RegExp(`^otpauth://totp/Kinship:.*secret=${body.secret}.*`));
    expect(body.otpauthUrl).toContain('issuer=Kinship');
    expect(body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(body.qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');

    const wrong = await client.post<ApiErrorBody>('/api/me/totp/confirm', { code: totp(body.secret, Date.now() + 10 * 60_000) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('code');
    expect((await client.get<TotpStatusView>('/api/me/totp')).body.enabled).toBe(false);
    expect((await client.post<ApiErrorBody>('/api/me/totp/confirm', { code: 'abc' })).status).toBe(400);

    const ok = await client.post<RecoveryCodesView>('/api/me/totp/confirm', { code: totp(body.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);
    for (const code of ok.body.recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const stored: { code_hash: string }[] = await app.dataSource.query('SELECT code_hash FROM recovery_code WHERE account_id = $1', [account.id]);
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored);
    for (const code of ok.body.recoveryCodes) expect(dump).not.toContain(code.replace(/-/g, ''));
    // The secret is kept wrapped under the key-encryption key: a database backup alone cannot make codes.
    const [kept]: { secret: string }[] = await app.dataSource.query('SELECT secret FROM account_totp WHERE account_id = $1', [account.id]);
    expect(kept.secret).toMatch(/^kwrapped1:[0-9a-f]{16}:/);
    expect(kept.secret).not.toContain(body.secret);
    expect((await client.get<TotpStatusView>('/api/me/totp')).body).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });
    // Once on, another enrolment is refused until it is turned off.
    expect((await client.post('/api/me/totp/enroll')).status).toBe(409);
  });

  it('asks for the code after the password (a pending login, not a session); a code computed here logs in; the same code again is refused', async () => {
    const { email, secret, usedCode } = await enrolled('Two step');
    const { client, res } = await passwordStep(email);
    expect(res.body).toEqual({ secondFactor: 'totp', pendingLogin: expect.any(String), expiresAt: expect.any(String) });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(client.cookie).toBeNull();
    // The pending login is no session: it opens nothing.
    const sneaky = new HttpClient(app.url);
    sneaky.cookie = `kinship_session=${res.body.pendingLogin}`;
    expect((await sneaky.get('/api/me')).status).toBe(401);

    // The code the enrolment used was used already; the next time-step's code is fresh.
    const used = await client.post<ApiErrorBody>('/api/auth/login/second-factor', { pendingLogin: res.body.pendingLogin, code: usedCode });
    expect(used.status).toBe(400);
    expect(used.body.message).toMatch(/used already/);
    const code = totp(secret, Date.now() + 30_000);
    const ok = await client.post<AccountView>('/api/auth/login/second-factor', { pendingLogin: res.body.pendingLogin, code: code.replace(/(\d{3})/, '$1 ') });
    expect(ok.status).toBe(200);
    expect(ok.body.email).toBe(email);
    expect((await client.get('/api/me')).status).toBe(200);

    // The same code on another login, even at once, is refused: a code works once.
    const again = await passwordStep(email);
    const reused = await again.client.post<ApiErrorBody>('/api/auth/login/second-factor', { pendingLogin: again.res.body.pendingLogin, code });
    expect(reused.status).toBe(400);
    expect(reused.body.message).toMatch(/used already/);
    expect(again.client.cookie).toBeNull();
    // The pending login was used up by the success: it cannot be replayed.
    const replay = await client.post<ApiErrorBody>('/api/auth/login/second-factor', { pendingLogin: res.body.pendingLogin, code: totp(secret, Date.now() + 60_000) });
    expect(replay.status).toBe(401);
  });

  it('takes a recovery code once, in any case and spacing', async () => {
    const { email, recoveryCodes } = await enrolled('Lost phone');
    const first = await passwordStep(email);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace(/-/g, ' ')} `;
    expect((await first.client.post('/api/auth/login/second-factor', { pendingLogin: first.res.body.pendingLogin, code: typed })).status).toBe(200);
    const second = await passwordStep(email);
    const again = await second.client.post<ApiErrorBody>('/api/auth/login/second-factor', { pendingLogin: second.res.body.pendingLogin, code: recoveryCodes[3] });
    expect(again.status).toBe(400);
    expect(second.client.cookie).toBeNull();
    expect((await second.client.post('/api/auth/login/second-factor', { pendingLogin: second.res.body.pendingLogin, code: recoveryCodes[4] })).status).toBe(200);
    expect((await second.client.get<TotpStatusView>('/api/me/totp')).body.recoveryCodesLeft).toBe(8);
  });

  it('turns off with the password and a code, not with either alone', async () => {
    const { client, email, secret, recoveryCodes } = await enrolled('Turning off');
    expect((await client.post<ApiErrorBody>('/api/me/totp/disable', { password: 'not the password', code: totp(secret, Date.now() + 30_000) })).body.field).toBe('password');
    expect((await client.post<ApiErrorBody>('/api/me/totp/disable', { password: PASSWORD, code: '000000' })).status).toBe(400);
    expect((await client.get<TotpStatusView>('/api/me/totp')).body.enabled).toBe(true);
    expect((await client.post('/api/me/totp/disable', { password: PASSWORD, code: recoveryCodes[0] })).status).toBe(204);
    expect((await client.get<TotpStatusView>('/api/me/totp')).body).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    const plain = new HttpClient(app.url);
    const res = await plain.post<AccountView>('/api/auth/login', { email, password: PASSWORD });
    expect(res.body.email).toBe(email);
    expect(plain.cookie).not.toBeNull();
  });
});

describe('two-step sign-in under attack', () => {
  it('limits code attempts: five per pending login, ten per account in 15 minutes, from however many addresses', async () => {
    // Behind a trusted proxy each try comes from another address, so only the per-account limits can stop them.
    const app = await startTestApp('postgres', { TRUST_PROXY: 'loopback' });
    try {
    let n = 0;
    const from = () => ({ 'x-forwarded-for': `198.51.100.${++n}` });
    const passwordStep = (email: string) => signIn(app, email, from());
    const { email, secret } = await enroll(app, 'Guessed at');
    const first = await passwordStep(email);
    for (let i = 0; i < 5; i++) {
      expect((await first.client.request('POST', '/api/auth/login/second-factor', { pendingLogin: first.res.body.pendingLogin, code: String(100000 + i) }, from())).status).toBe(400);
    }
    const spent = await first.client.request<ApiErrorBody>('POST', '/api/auth/login/second-factor', { pendingLogin: first.res.body.pendingLogin, code: totp(secret, Date.now() + 30_000) }, from());
    expect(spent.status).toBe(401);
    const second = await passwordStep(email);
    for (let i = 0; i < 5; i++) {
      expect((await second.client.request('POST', '/api/auth/login/second-factor', { pendingLogin: second.res.body.pendingLogin, code: String(200000 + i) }, from())).status).toBe(400);
    }
    const third = await passwordStep(email);
    const locked = await third.client.request<ApiErrorBody>('POST', '/api/auth/login/second-factor', { pendingLogin: third.res.body.pendingLogin, code: totp(secret, Date.now() + 30_000) }, from());
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/Too many codes/);
    } finally {
      await app.close();
    }
  });

});

describe('two-step sign-in required for counselors (REQUIRE_TOTP_FOR_COUNSELORS=true)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp('postgres', { REQUIRE_TOTP_FOR_COUNSELORS: 'true' })));
  afterAll(() => app.close());

  it('refuses a counselor’s other calls and sockets with a clear error until they enroll; partners are not asked', async () => {
    const counselor = new HttpClient(app.url);
    await counselor.register('Dr Rivera');
    const workspace = (await counselor.post<{ id: string }>('/api/workspaces', { name: 'Practice' })).body;
    const refused = await counselor.get<ApiErrorBody>('/api/workspaces');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('second_factor_required');
    expect(refused.body.message).toMatch(/two-step sign-in/);
    expect((await counselor.get('/api/me')).status).toBe(200);
    expect((await counselor.get<TotpStatusView>('/api/me/totp')).body).toEqual({ enabled: false, recoveryCodesLeft: 0, required: true });
    const doc = await app.dataSource.query(`INSERT INTO document (workspace_id, kind, title, created_by, updated_at) SELECT $1, 'notes', 'N', created_by, now() FROM workspace WHERE id = $1 RETURNING id`, [workspace.id]);
    const socket = await rawConnect(app.wsUrl, doc[0].id, counselor.cookie);
    expect(socket.closeCode).toBe(SyncCloseCode.unauthenticated);

    const partner = new HttpClient(app.url);
    await partner.register('Alex');
    expect((await partner.get('/api/workspaces')).status).toBe(200);

    const { body } = await counselor.post<TotpEnrollmentView>('/api/me/totp/enroll');
    expect((await counselor.post('/api/me/totp/confirm', { code: totp(body.secret) })).status).toBe(200);
    expect((await counselor.get('/api/workspaces')).status).toBe(200);
    expect((await counselor.get<TotpStatusView>('/api/me/totp')).body).toMatchObject({ enabled: true, required: true });
  });

  it('closes sockets opened before the requirement applied (a partner who becomes a counselor), within a sweep; a required second factor cannot be turned off', async () => {
    const { client: counselor, secret } = await enroll(app, 'Dr Ames');
    const workspace = (await counselor.post<{ id: string }>('/api/workspaces', { name: 'Practice' })).body;
    const doc = await createDocument(counselor, workspace.id, 'notes', 'Shared');
    // A partner (no second factor, none needed) with the document open, live and in sync.
    const partner = new HttpClient(app.url);
    const account = await partner.register('Sam');
    await app.dataSource.query(`INSERT INTO membership (workspace_id, account_id, role) VALUES ($1, $2, 'partner')`, [workspace.id, account.id]);
    const sync = await openRawSocket(app.wsUrl, doc.id, partner.cookie);
    const live = await liveClient(app.url, partner.cookie);
    try {
      await new Promise((r) => setTimeout(r, 700)); // a sweep: a partner's sockets stay
      expect(live.socket.connected).toBe(true);
      // Sam makes a workspace of his own: now a counselor without a second factor, refused over REST...
      expect((await partner.post('/api/workspaces', { name: 'Mine' })).status).toBe(201);
      expect((await partner.get<ApiErrorBody>('/api/workspaces')).body.code).toBe('second_factor_required');
      // ...and his open sockets close within a sweep.
      expect((await sync.closed).code).toBe(SyncCloseCode.unauthenticated);
      await until(() => !live.socket.connected, 3000, 'the live socket closed');
    } finally {
      live.close();
    }

    // The counselor cannot turn a required second factor off, even with the password and a code.
    const off = await counselor.post<ApiErrorBody>('/api/me/totp/disable', { password: PASSWORD, code: totp(secret, Date.now() + 30_000) });
    expect(off.status).toBe(403);
    expect(off.body.message).toMatch(/requires two-step sign-in/);
    expect((await counselor.get<TotpStatusView>('/api/me/totp')).body.enabled).toBe(true);
  });
});

describe('sessions and two-step sign-in on the embedded PGlite', () => {
  let app: TestApp;
  // PGlite starts and migrates in this process: slow on a busy machine.
  beforeAll(async () => (app = await startTestApp('pglite')), 90_000);
  afterAll(() => app?.close());

  it('enrolls, signs in with a code, lists both sessions and logs out everywhere', async () => {
    const { client, email, secret } = await enroll(app, 'Embedded');
    const { client: second, res } = await signIn(app, email);
    expect((await second.post('/api/auth/login/second-factor', { pendingLogin: res.body.pendingLogin, code: totp(secret, Date.now() + 30_000) })).status).toBe(200);
    const sessions = await client.get<{ current: boolean }[]>('/api/me/sessions');
    expect(sessions.body.map((s) => s.current).sort()).toEqual([false, true]);
    expect((await client.post('/api/me/sessions/revoke-all', { includeCurrent: true })).body).toEqual({ ended: 2 });
    expect((await second.get('/api/me')).status).toBe(401);
  }, 60_000);
});
