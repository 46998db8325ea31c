import { EventEmitter2 } from '@nestjs/event-emitter';
import { HttpClient } from '../../test/support/http-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import type { AccountView, ApiErrorBody } from '@kinship/domain/wire';
import { hashSecretToken } from '../common/secret-token';
import { LoginsService } from './logins.service';
import { LOGIN_ENDED, LoginEnded } from '../events/events';

describe('accounts and sessions', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  const unique = () => `person-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`;

  it('registers, keeps a session in an httpOnly SameSite=Lax cookie, and says who is logged in', async () => {
    const client = new HttpClient(app.url);
    const email = unique();
    const res = await client.request<AccountView>('POST', '/api/auth/register', { email: email.toUpperCase(), password: 'correct horse battery', displayName: ' Alex ' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email, displayName: 'Alex' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kinship_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const me = await client.get<AccountView>('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
  });

  it('stores only an argon2id hash of the password and a hash of the session token', async () => {
    const client = new HttpClient(app.url);
    const account = await client.register('Hashy');
    const [row] = await app.dataSource.query('SELECT password_hash FROM account WHERE id = $1', [account.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const token = client.cookie!.split('=')[1];
    const sessions = await app.dataSource.query('SELECT token_hash FROM auth_session WHERE account_id = $1', [account.id]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].token_hash).not.toContain(token);
  });

  it('answers bad input with a 400 that names the field, and never a stack trace', async () => {
    const client = new HttpClient(app.url);
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', password: 'long enough pw', displayName: 'A' }, 'email'],
      [{ email: unique(), password: 'short', displayName: 'A' }, 'password'],
      [{ email: unique(), password: 'long enough pw' }, 'displayName'],
      [{ email: unique(), password: 'long enough pw', displayName: 'A', admin: true }, 'admin'],
    ];
    for (const [body, field] of cases) {
      const res = await client.post<ApiErrorBody>('/api/auth/register', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid', field });
      expect(res.body.message).toContain(field);
    }
    const malformed = await client.request<ApiErrorBody>('POST', '/api/auth/register', '{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('The request body is not valid JSON');
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js/);
  });

  it('refuses a second account with the same email', async () => {
    const email = unique();
    const body = { email, password: 'long enough pw', displayName: 'A' };
    expect((await new HttpClient(app.url).post('/api/auth/register', body)).status).toBe(201);
    const again = await new HttpClient(app.url).post<ApiErrorBody>('/api/auth/register', body);
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('email');
  });

  it('logs in with the right password; a wrong password and an unknown email get the same 401', async () => {
    const email = unique();
    await new HttpClient(app.url).post('/api/auth/register', { email, password: 'the right password', displayName: 'A' });
    const wrongPassword = await new HttpClient(app.url).post<ApiErrorBody>('/api/auth/login', { email, password: 'the wrong password' });
    const unknownEmail = await new HttpClient(app.url).post<ApiErrorBody>('/api/auth/login', { email: unique(), password: 'the right password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body.message).toBe(unknownEmail.body.message);
    const client = new HttpClient(app.url);
    const ok = await client.post<AccountView>('/api/auth/login', { email, password: 'the right password' });
    expect(ok.status).toBe(200);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('logs out by revoking the session on the server: the old cookie no longer works', async () => {
    const client = new HttpClient(app.url);
    await client.register('Leaving');
    const oldCookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replay = new HttpClient(app.url);
    replay.cookie = oldCookie;
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('tells the sync server whose session a token is, its hash and deadlines, and announces its end on logout', async () => {
    const client = new HttpClient(app.url);
    const account = await client.register('Syncing');
    const token = client.cookie!.split('=')[1];
    const sessions = app.app.get(LoginsService);
    expect(await sessions.resolve(token)).toEqual({ ...account, tokenHash: hashSecretToken(token) });
    const live = await sessions.resolveLogin(token);
    expect(live).toMatchObject({ account, tokenHash: hashSecretToken(token) });
    expect(live!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // Thirty minutes without an action by default (a clinical record left open on a shared device).
    expect(live!.idleDeadline.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(live!.idleDeadline.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000);

    const ended: LoginEnded[] = [];
    const listener = (event: LoginEnded) => ended.push(event);
    app.app.get(EventEmitter2).on(LOGIN_ENDED, listener);
    try {
      await client.post('/api/auth/logout');
      // A second logout with the same (now dead) cookie ends nothing, so it announces nothing.
      const replay = new HttpClient(app.url);
      replay.cookie = `kinship_session=${token}`;
      await replay.post('/api/auth/logout');
    } finally {
      app.app.get(EventEmitter2).off(LOGIN_ENDED, listener);
    }
    expect(ended).toEqual([{ tokenHash: hashSecretToken(token), accountId: account.id }]);
    expect(await sessions.resolve(token)).toBeNull();
  });

  it('clears an account’s dead sessions when it logs in again', async () => {
    const email = unique();
    const client = new HttpClient(app.url);
    const account = (await client.post<AccountView>('/api/auth/register', { email, password: 'long enough pw', displayName: 'A' })).body;
    await client.post('/api/auth/logout');
    await client.post('/api/auth/login', { email, password: 'long enough pw' });
    const rows = await app.dataSource.query('SELECT revoked_at FROM auth_session WHERE account_id = $1', [account.id]);
    expect(rows).toEqual([{ revoked_at: null }]);
  });

  it('ends a session after idle time', async () => {
    const client = new HttpClient(app.url);
    const account = await client.register('Idle');
    expect((await client.get('/api/me')).status).toBe(200);
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '31 minutes' WHERE account_id = $1`, [account.id]);
    const res = await client.get<ApiErrorBody>('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('session_idle');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await new HttpClient(app.url).get<ApiErrorBody>('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });
});

describe('accounts behind https, and under attack', () => {
  it('marks the session cookie Secure when the app is served over https', async () => {
    const app = await startTestApp('postgres', { PUBLIC_URL: 'https://kinship.example' });
    try {
      const client = new HttpClient(app.url);
      const res = await client.post('/api/auth/register', { email: `secure-${Date.now()}@example.org`, password: 'a long password', displayName: 'S' });
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    } finally {
      await app.close();
    }
  });

  it('slows down password guessing: too many logins in a minute get a 429', async () => {
    const app = await startTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await new HttpClient(app.url).post('/api/auth/login', { email: 'victim@example.org', password: `guess ${i}` })).status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      const last = await new HttpClient(app.url).post<ApiErrorBody>('/api/auth/login', { email: 'victim@example.org', password: 'guess' });
      expect(last.status).toBe(429);
      expect(last.body).toEqual({ statusCode: 429, error: 'Too Many Requests', code: 'too_many', message: 'Too many attempts; please wait a minute and try again' });
    } finally {
      await app.close();
    }
  });

  it('does not let X-Forwarded-For dodge the login limit: thirty wrong passwords from “thirty addresses” are refused after ten', async () => {
    const app = await startTestApp();
    try {
      const email = `target-${Date.now()}@example.org`;
      await new HttpClient(app.url).post('/api/auth/register', { email, password: 'the right password', displayName: 'T' });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await new HttpClient(app.url).request('POST', '/api/auth/login', { email, password: `guess number ${i}` }, { 'x-forwarded-for': `203.0.113.${i + 1}` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    } finally {
      await app.close();
    }
  });

  it('locks an account after ten failed logins from any number of addresses; a success before that starts the count again', async () => {
    // Behind a trusted proxy each guess really comes from another address, so only the per-account limit can stop them.
    const app = await startTestApp('postgres', { TRUST_PROXY: 'loopback' });
    try {
      const stamp = Date.now();
      const email = `locked-${stamp}@example.org`;
      const bystander = `bystander-${stamp}@example.org`;
      for (const address of [email, bystander]) {
        await new HttpClient(app.url).post('/api/auth/register', { email: address, password: 'the right password', displayName: 'T' });
      }
      let n = 0;
      const login = (who: string, password: string) =>
        new HttpClient(app.url).request<ApiErrorBody>('POST', '/api/auth/login', { email: who, password }, { 'x-forwarded-for': `198.51.100.${++n}` });

      for (let i = 0; i < 9; i++) expect((await login(email, `guess ${i} here`)).status).toBe(401);
      expect((await login(email, 'the right password')).status).toBe(200);
      for (let i = 0; i < 10; i++) expect((await login(email, `guess ${i} again`)).status).toBe(401);

      const locked = await login(email, 'the right password');
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ code: 'too_many', message: 'Too many failed log-ins for this account; please wait 15 minutes and try again' });
      expect((await login(email.toUpperCase(), 'the right password')).status).toBe(429);
      expect((await login(bystander, 'the right password')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses common and trivial passwords, saying why, and takes a decent passphrase', async () => {
    // Its own app: these refused registrations would use up the shared app's per-address registration limit.
    const app = await startTestApp();
    try {
      const email = `passwords-${Date.now()}@example.org`;
      const refused: [string, RegExp][] = [
        ['1234567890', /sequence/],
        ['9876543210', /sequence/],
        ['abcdefghijkl', /sequence/],
        ['          ', /only spaces/],
        ['aaaaaaaaaaaa', /one character repeated/],
        [email, /email/],
        [email.split('@')[0], /email/],
        ['Alexandra Quinn', /name/],
        ['password123', /common/],
        ['qwertyuiop', /common|sequence/],
        ['Iloveyou123', /common/],
      ];
      for (const [password, why] of refused) {
        const res = await new HttpClient(app.url).post<ApiErrorBody>('/api/auth/register', { email, password, displayName: 'Alexandra Quinn' });
        expect({ password, status: res.status, field: res.body.field }).toEqual({ password, status: 400, field: 'password' });
        expect(res.body.message).toMatch(/^password /);
        expect(res.body.message).toMatch(why);
      }
      expect(await app.dataSource.query('SELECT id FROM account WHERE email = $1', [email])).toEqual([]);
      const ok = await new HttpClient(app.url).post<AccountView>('/api/auth/register', { email, password: 'a quiet sentence to remember', displayName: 'Alexandra Quinn' });
      expect(ok.status).toBe(201);
    } finally {
      await app.close();
    }
  });
});
