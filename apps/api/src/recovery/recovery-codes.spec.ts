import type { AccountView, ApiErrorBody, AuditPage, PasswordReset, RecoveryCodesStatusView, RecoveryCodesView, SecondFactorNeeded, TotpEnrollmentView } from '@kinship/domain/wire';
import { SyncCloseCode } from '@kinship/domain/wire';
import { createHash } from 'node:crypto';
import { createDocument } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { openRawSocket } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { totp } from '../../test/support/totp';
import { AuditService } from '../audit/audit.service';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'a brand new passphrase';
let address = 0;

/** Recovery codes for everyone: a forgotten password is not the end of a person's records. */
describe('recovery codes', () => {
  let app: TestApp;
  // Loopback is a trusted proxy, so each client's X-Forwarded-For is its own address and the per-address limits stay each test's own.
  beforeAll(async () => (app = await startTestApp('postgres', { TRUST_PROXY: 'loopback' })));
  afterAll(() => app.close());

  const client = () => Object.assign(new HttpClient(app.url), { headers: { 'x-forwarded-for': `198.51.100.${++address}` } });

  /** A person signed in on a laptop and a phone, with codes made on the laptop. */
  async function personWithCodes(name: string) {
    const laptop = client();
    const account = await laptop.register(name);
    const { email } = (await laptop.get<AccountView>('/api/me')).body;
    const phone = client();
    expect((await phone.post('/api/auth/login', { email, password: PASSWORD })).status).toBe(200);
    const made = await laptop.post<RecoveryCodesView>('/api/me/recovery-codes', {});
    expect(made.status).toBe(200);
    return { laptop, phone, account, email, codes: made.body.recoveryCodes };
  }

  const recover = (body: unknown, from = client()) => from.post<PasswordReset & ApiErrorBody>('/api/auth/recover', body);

  it('anyone may make ten codes, stored as argon2id hashes only; a login older than minutes gives the password first', async () => {
    const laptop = client();
    const account = await laptop.register('Maker');
    expect((await laptop.get<RecoveryCodesStatusView>('/api/me/recovery-codes')).body).toEqual({ left: 0, madeAt: null });
    const made = await laptop.post<RecoveryCodesView>('/api/me/recovery-codes', {});
    expect(made.status).toBe(200);
    expect(made.body.recoveryCodes).toHaveLength(10);
    expect(new Set(made.body.recoveryCodes).size).toBe(10);
    for (const code of made.body.recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const stored: { code_hash: string; hint: string }[] = await app.dataSource.query('SELECT code_hash, hint FROM recovery_code WHERE account_id = $1', [account.id]);
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(row.code_hash).toMatch(/^\$argon2id\$/);
    const dump = JSON.stringify(stored.map((r) => r.code_hash));
    for (const code of made.body.recoveryCodes) expect(dump).not.toContain(code.replace(/-/g, ''));
    expect((await laptop.get<RecoveryCodesStatusView>('/api/me/recovery-codes')).body).toEqual({ left: 10, madeAt: expect.any(String) });

    // The same login an hour on: a login left open cannot make codes without the password.
    await app.dataSource.query(`UPDATE auth_session SET expires_at = expires_at - interval '1 hour' WHERE account_id = $1`, [account.id]);
    expect(await laptop.post<ApiErrorBody>('/api/me/recovery-codes', {})).toMatchObject({ status: 400, body: { field: 'password' } });
    expect(await laptop.post<ApiErrorBody>('/api/me/recovery-codes', { password: 'not the password' })).toMatchObject({ status: 400, body: { field: 'password' } });
    expect((await laptop.post('/api/me/recovery-codes', { password: PASSWORD })).status).toBe(200);
    await app.app.get(AuditService).settled();
    expect((await laptop.get<AuditPage>('/api/me/audit?kind=recovery-codes-made')).body.entries).toHaveLength(2);
  });

  it('a forgotten password is set again with one code: the code is used up, every login ends and its sockets close, the new password signs in', async () => {
    const { laptop, phone, email, codes } = await personWithCodes('Forgetful');
    const workspace = (await laptop.post<{ id: string }>('/api/workspaces', { name: 'Ours' })).body;
    const doc = await createDocument(laptop, workspace.id, 'notes', 'Notes');
    const phoneSocket = await openRawSocket(app.wsUrl, doc.id, phone.cookie);
    const laptopSocket = await openRawSocket(app.wsUrl, doc.id, laptop.cookie);

    // A refused new password does not use the code up.
    expect(await recover({ email, code: codes[0], newPassword: 'password123' })).toMatchObject({ status: 400, body: { field: 'newPassword', message: expect.stringMatching(/too common/) } });
    expect(await recover({ email, code: codes[0], newPassword: 'short' })).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    expect((await phone.get('/api/me')).status).toBe(200);

    const typed = ` ${codes[0]!.toUpperCase().replace(/-/g, ' ')} `;
    const ok = await recover({ email: email.toUpperCase(), code: typed, newPassword: NEW_PASSWORD });
    expect(ok).toMatchObject({ status: 200, body: { secondFactor: false } });
    const answered = Date.now();
    expect((await phoneSocket.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect((await laptopSocket.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect(Date.now() - answered).toBeLessThan(1000);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(401);

    expect((await client().post('/api/auth/login', { email, password: PASSWORD })).status).toBe(401);
    const back = client();
    expect((await back.post('/api/auth/login', { email, password: NEW_PASSWORD })).status).toBe(200);
    // The code worked once.
    expect(await recover({ email, code: codes[0], newPassword: 'yet another passphrase' })).toMatchObject({ status: 400, body: { field: 'code' } });
    expect((await back.get<RecoveryCodesStatusView>('/api/me/recovery-codes')).body.left).toBe(9);
    await app.app.get(AuditService).settled();
    expect((await back.get<AuditPage>('/api/me/audit?kind=password-reset')).body.entries).toHaveLength(1);
  });

  it('making new codes ends the old ones', async () => {
    const { laptop, email, codes: first } = await personWithCodes('Regenerating');
    const second = (await laptop.post<RecoveryCodesView>('/api/me/recovery-codes', {})).body.recoveryCodes;
    expect(await recover({ email, code: first[1], newPassword: NEW_PASSWORD })).toMatchObject({ status: 400, body: { field: 'code' } });
    expect((await recover({ email, code: second[1], newPassword: NEW_PASSWORD })).status).toBe(200);
  });

  it('gives the same answer for an unknown email, a wrong code and a used one', async () => {
    const { email, codes } = await personWithCodes('Same answer');
    expect((await recover({ email, code: codes[2], newPassword: NEW_PASSWORD })).status).toBe(200);
    const used = await recover({ email, code: codes[2], newPassword: 'yet another passphrase' });
    const wrong = await recover({ email, code: 'aaaa-bbbb-cccc-dddd', newPassword: 'yet another passphrase' });
    const unknown = await recover({ email: `nobody-${Date.now()}@example.org`, code: codes[3], newPassword: 'yet another passphrase' });
    expect(used.status).toBe(400);
    for (const other of [wrong, unknown]) expect({ status: other.status, body: other.body }).toEqual({ status: used.status, body: used.body });
    expect(used.body.message).toMatch(/do not match/);
  });

  it('ten wrong codes for one email, from any addresses, lock it for 15 minutes: the right code too; and one address is limited across emails', async () => {
    const { email, codes } = await personWithCodes('Guessed at');
    for (let i = 0; i < 10; i++) expect((await recover({ email, code: `aaaa-bbbb-cccc-${'abcdefghij'[i]}aaa`, newPassword: NEW_PASSWORD })).status).toBe(400);
    const locked = await recover({ email, code: codes[0], newPassword: NEW_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/15 minutes/);
    // Nothing was changed: the old password still signs in.
    expect((await client().post('/api/auth/login', { email, password: PASSWORD })).status).toBe(200);

    const oneAddress = client();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await recover({ email: `someone-${i}-${Date.now()}@example.org`, code: codes[1], newPassword: NEW_PASSWORD }, oneAddress)).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('with two-step sign-in on, its codes are the same set; after a reset the next sign-in asks the app, not another code', async () => {
    const laptop = client();
    const account = await laptop.register('Two step');
    const { email } = (await laptop.get<AccountView>('/api/me')).body;
    const before = (await laptop.post<RecoveryCodesView>('/api/me/recovery-codes', {})).body.recoveryCodes;
    const { secret } = (await laptop.post<TotpEnrollmentView>('/api/me/totp/enroll')).body;
    const setUpCode = totp(secret);
    const { recoveryCodes } = (await laptop.post<RecoveryCodesView>('/api/me/totp/confirm', { code: setUpCode })).body;
    // Turning it on made a new set: the codes before stopped working.
    expect(await recover({ email, code: before[0], newPassword: NEW_PASSWORD })).toMatchObject({ status: 400, body: { field: 'code' } });

    expect(await recover({ email, code: recoveryCodes[0], newPassword: NEW_PASSWORD })).toMatchObject({ status: 200, body: { secondFactor: true } });
    expect((await laptop.get('/api/me')).status).toBe(401);
    const signIn = client();
    const pending = await signIn.post<SecondFactorNeeded>('/api/auth/login', { email, password: NEW_PASSWORD });
    expect(pending.body.secondFactor).toBe('totp');
    const refused = await signIn.post<ApiErrorBody>('/api/auth/login/second-factor', { pendingLogin: pending.body.pendingLogin, code: recoveryCodes[1] });
    expect(refused).toMatchObject({ status: 400, body: { message: expect.stringMatching(/authenticator app/) } });
    expect(signIn.cookie).toBeNull();
    // The code from the app signs in (the next time-step: the one used to set up is spent).
    const ok = await signIn.post('/api/auth/login/second-factor', { pendingLogin: pending.body.pendingLogin, code: totp(secret, Date.now() + 30_000) });
    expect(ok.status).toBe(200);
    const [{ app_code_required }] = await app.dataSource.query('SELECT app_code_required FROM account_totp WHERE account_id = $1', [account.id]);
    expect(app_code_required).toBe(false);
  });

  it('a code kept the way they were before (SHA-256, no hint) still works once', async () => {
    const laptop = client();
    const account = await laptop.register('From before');
    const { email } = (await laptop.get<AccountView>('/api/me')).body;
    const code = 'abcd-efgh-ijkl-mnop';
    const hash = createHash('sha256').update(`recovery:${code.replace(/-/g, '')}`).digest('hex');
    await app.dataSource.query('INSERT INTO recovery_code (account_id, code_hash) VALUES ($1, $2)', [account.id, hash]);
    expect((await recover({ email, code, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await recover({ email, code, newPassword: 'yet another passphrase' })).status).toBe(400);
  });
});
