import type { AccountView, ApiErrorBody, AuditPage, ClientConfigView, PasswordReset, PasswordResetLinkPreview, PasswordResetRequested, RecoveryCodesView, SecondFactorNeeded, TotpEnrollmentView } from '@kinship/domain/wire';
import { SyncCloseCode } from '@kinship/domain/wire';
import { createDocument } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { linkIn, SmtpInbox } from '../../test/support/smtp-inbox';
import { openRawSocket } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { totp } from '../../test/support/totp';
import { AuditService } from '../audit/audit.service';
import { MAILER, Mailer } from '../mail/mailer';
import { RESET_MAILS_PER_ADDRESS } from './password-reset-mail.service';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'a brand new passphrase';
let address = 0;

/** "Forgot password?" by email, against a real SMTP server: a one-time link to the account's address, and nothing to learn for anyone else. */
describe('a password reset by email', () => {
  let inbox: SmtpInbox;
  let app: TestApp;
  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    // Loopback is a trusted proxy, so each client's X-Forwarded-For is its own address and the per-address limits stay each test's own.
    app = await startTestApp('postgres', { TRUST_PROXY: 'loopback', SMTP_URL: inbox.url, MAIL_FROM: 'Kinship test <kinship@practice.example>', PUBLIC_URL: 'https://kinship.example' });
  });
  afterAll(async () => {
    await app?.close();
    await inbox?.close();
  });

  const client = () => Object.assign(new HttpClient(app.url), { headers: { 'x-forwarded-for': `198.51.100.${++address}` } });
  const ask = (email: string, from = client()) => from.post<PasswordResetRequested & ApiErrorBody>('/api/auth/password-reset', { email });
  const mailSettled = () => app.app.get<Mailer>(MAILER).settled();
  /** The token of the newest reset mail to `email`, waiting for the `count`th. */
  async function mailedToken(email: string, count = 1): Promise<string> {
    const url = linkIn(await inbox.next(email, count));
    expect(url.origin).toBe('https://kinship.example');
    expect(url.pathname).toMatch(/^\/reset-password\/[A-Za-z0-9_-]{43}$/);
    return url.pathname.split('/').pop()!;
  }

  async function person(name: string) {
    const laptop = client();
    const account = await laptop.register(name);
    const { email } = (await laptop.get<AccountView>('/api/me')).body;
    const phone = client();
    expect((await phone.post('/api/auth/login', { email, password: PASSWORD })).status).toBe(200);
    return { laptop, phone, account, email };
  }

  it('the web app learns that email is set up', async () => {
    expect((await client().get<ClientConfigView>('/api/config')).body.mail).toBe(true);
  });

  it('mails a one-time link that sets a new password: every login ends and its sockets close, the link then works no more, and the trail records both', async () => {
    const { laptop, phone, email, account } = await person('Wren Mailed');
    const workspace = (await laptop.post<{ id: string }>('/api/workspaces', { name: 'Ours' })).body;
    const doc = await createDocument(laptop, workspace.id, 'notes', 'Notes');
    const phoneSocket = await openRawSocket(app.wsUrl, doc.id, phone.cookie);

    const asked = await ask(email.toUpperCase());
    expect(asked.status).toBe(202);
    const mail = await inbox.next(email);
    expect(mail.from).toBe('kinship@practice.example');
    expect(mail.subject).toBe('Set a new Kinship password');
    expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toMatch(/Wren|Mailed|Ours|Notes/);
    const token = await mailedToken(email);
    const [stored] = await app.dataSource.query('SELECT token_hash, expires_at FROM password_reset_link WHERE account_id = $1', [account.id]);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
    expect(new Date(stored.expires_at).getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(new Date(stored.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);

    const opener = client();
    expect(await opener.get<PasswordResetLinkPreview>(`/api/password-resets/${token}`)).toMatchObject({ status: 200, body: { email, expiresAt: expect.any(String) } });
    // A refused password leaves the link working.
    expect(await opener.post<ApiErrorBody>(`/api/password-resets/${token}`, { newPassword: 'password123' })).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    expect((await phone.get('/api/me')).status).toBe(200);

    expect(await opener.post<PasswordReset>(`/api/password-resets/${token}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 200, body: { secondFactor: false } });
    const answered = Date.now();
    expect((await phoneSocket.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect(Date.now() - answered).toBeLessThan(1000);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect(opener.cookie).toBeNull();
    expect((await client().post('/api/auth/login', { email, password: PASSWORD })).status).toBe(401);
    const back = client();
    expect((await back.post('/api/auth/login', { email, password: NEW_PASSWORD })).status).toBe(200);

    // Single use.
    expect(await opener.post<ApiErrorBody>(`/api/password-resets/${token}`, { newPassword: 'yet another passphrase' })).toMatchObject({ status: 410, body: { message: expect.stringMatching(/already been used/) } });
    expect((await opener.get(`/api/password-resets/${token}`)).status).toBe(410);

    await mailSettled();
    await app.app.get(AuditService).settled();
    const kinds = (await back.get<AuditPage>('/api/me/audit')).body.entries.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['password-reset-requested', 'password-reset-link-used']));
  });

  it('answers an unknown address with the same status and words, and mails nothing; the trail keeps the request without an actor', async () => {
    const { email } = await person('Known');
    const unknown = `nobody-${Date.now()}@example.org`;
    const known = await ask(email);
    const stranger = await ask(unknown);
    expect({ status: stranger.status, body: stranger.body }).toEqual({ status: known.status, body: { message: known.body.message.replace(email, unknown) } });
    expect(known.body.message).toMatch(/If an account uses/);
    await inbox.next(email);
    await mailSettled();
    expect(inbox.to(unknown)).toEqual([]);
    await app.app.get(AuditService).settled();
    const [entry] = await app.dataSource.query(`SELECT account_id, email FROM audit_entry WHERE kind = 'password-reset-requested' AND email = $1`, [unknown]);
    expect(entry).toEqual({ account_id: null, email: unknown });
  });

  it('refuses an expired link, a mistyped one and one that was never made; a newer link used up the older ones', async () => {
    const { email, account } = await person('Late');
    await ask(email);
    const first = await mailedToken(email, 1);
    await ask(email);
    const second = await mailedToken(email, 2);
    await app.dataSource.query(`UPDATE password_reset_link SET expires_at = now() - interval '1 second' WHERE account_id = $1 AND token_hash = encode(sha256($2::bytea), 'hex')`, [account.id, first]);
    expect(await client().post<ApiErrorBody>(`/api/password-resets/${first}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 410, body: { message: expect.stringMatching(/expired/) } });
    expect(await client().get<ApiErrorBody>(`/api/password-resets/${second.slice(0, -1)}`)).toMatchObject({ status: 404, body: { message: expect.stringMatching(/not valid/) } });
    expect((await client().get('/api/password-resets/not-a-link')).status).toBe(404);
    expect((await client().post(`/api/password-resets/${'A'.repeat(43)}`, { newPassword: NEW_PASSWORD })).status).toBe(404);

    await ask(email);
    const third = await mailedToken(email, 3);
    // Opened twice at once: it works once.
    const both = await Promise.all([NEW_PASSWORD, 'a second new passphrase'].map((newPassword) => client().post(`/api/password-resets/${third}`, { newPassword })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 410]);
    expect((await client().post<ApiErrorBody>(`/api/password-resets/${second}`, { newPassword: 'yet another passphrase' })).status).toBe(410);
  });

  it('a mailed link made before the password was changed while signed in no longer works', async () => {
    const { email, laptop } = await person('Changed');
    await ask(email);
    const token = await mailedToken(email, 1);
    expect((await laptop.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'changed while signed in' })).status).toBeLessThan(300);
    expect(await client().get<ApiErrorBody>(`/api/password-resets/${token}`)).toMatchObject({ status: 410, body: { message: expect.stringMatching(/new password was set after/) } });
    expect((await client().post(`/api/password-resets/${token}`, { newPassword: NEW_PASSWORD })).status).toBe(410);
    expect((await client().post('/api/auth/login', { email, password: 'changed while signed in' })).status).toBe(200);
  });

  it(`mails one address at most ${RESET_MAILS_PER_ADDRESS} times an hour, whoever asks (a known address and an unknown alike); one client is limited across addresses`, async () => {
    const { email } = await person('Flooded');
    const unknown = `nobody-else-${Date.now()}@example.org`;
    for (const target of [email, unknown]) {
      for (let i = 0; i < RESET_MAILS_PER_ADDRESS; i++) expect((await ask(target)).status).toBe(202);
      const refused = await ask(target);
      expect(refused).toMatchObject({ status: 429, body: { message: expect.stringMatching(/wait an hour/) } });
    }
    await mailSettled();
    expect(inbox.to(email)).toHaveLength(RESET_MAILS_PER_ADDRESS);

    const oneClient = client();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await ask(`someone-${i}-${Date.now()}@example.org`, oneClient)).status);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('with two-step sign-in on, it is still asked at the next sign-in, with a code from the app (a mailbox is not a second factor)', async () => {
    const laptop = client();
    await laptop.register('Two step mailed');
    const { email } = (await laptop.get<AccountView>('/api/me')).body;
    const { secret } = (await laptop.post<TotpEnrollmentView>('/api/me/totp/enroll')).body;
    const { recoveryCodes } = (await laptop.post<RecoveryCodesView>('/api/me/totp/confirm', { code: totp(secret) })).body;
    await ask(email);
    const token = await mailedToken(email);
    expect(await client().post<PasswordReset>(`/api/password-resets/${token}`, { newPassword: NEW_PASSWORD })).toMatchObject({ status: 200, body: { secondFactor: true } });
    const signIn = client();
    const pending = await signIn.post<SecondFactorNeeded>('/api/auth/login', { email, password: NEW_PASSWORD });
    expect(pending.body.secondFactor).toBe('totp');
    expect((await signIn.post('/api/auth/login/second-factor', { pendingLogin: pending.body.pendingLogin, code: recoveryCodes[0] })).status).toBe(400);
    expect((await signIn.post('/api/auth/login/second-factor', { pendingLogin: pending.body.pendingLogin, code: totp(secret, Date.now() + 30_000) })).status).toBe(200);
  });
});

describe('without SMTP_URL', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp('postgres')));
  afterAll(() => app.close());

  it('the web app hears there is no email, and nothing is mailed: the page says to ask the counselor or use a code', async () => {
    const client = new HttpClient(app.url);
    expect((await client.get<ClientConfigView>('/api/config')).body.mail).toBe(false);
    expect(await client.post<ApiErrorBody>('/api/auth/password-reset', { email: 'someone@example.org' })).toMatchObject({ status: 404, body: { message: expect.stringMatching(/counselor/) } });
    expect((await client.get(`/api/password-resets/${'A'.repeat(43)}`)).status).toBe(404);
  });
});
