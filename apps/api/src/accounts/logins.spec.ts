import type { ApiErrorBody, AuditPage, LoginActivityView, LoginView } from '@kinship/domain/wire';
import { SyncCloseCode } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { createDocument } from '../../test/support/couple';
import { liveClient, LiveClient } from '../../test/support/live-client';
import { eventually, openRawSocket, stockClient, StockClient, synced, until } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { hashSecretToken } from '../common/secret-token';
import { AuditService } from '../audit/audit.service';
import { coarseAddress, deviceName } from './login-device';
import { LoginsService } from './logins.service';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PASSWORD = 'a long enough password';

/** Sessions a person controls: idle logout, the session list, log out one, log out everywhere. */
describe('sessions a person controls', () => {
  let app: TestApp;
  // Two minutes of idle time, and loopback may name the client's address (so each "device" has its own).
  beforeAll(async () => (app = await startTestApp('postgres', { SESSION_IDLE_MINUTES: '2', TRUST_PROXY: 'loopback' })));
  afterAll(() => app.close());

  let n = 0;
  /** Another device of the same person: its own login, user agent and address. */
  async function device(email: string, userAgent: string, address = `198.51.100.${++n}`) {
    const client = new HttpClient(app.url);
    client.headers = { 'user-agent': userAgent, 'x-forwarded-for': address };
    const res = await client.post('/api/auth/login', { email, password: PASSWORD });
    expect(res.status).toBe(200);
    return client;
  }
  async function person(name: string) {
    const client = new HttpClient(app.url);
    client.headers = { 'user-agent': FIREFOX_WINDOWS, 'x-forwarded-for': `203.0.113.${++n}` };
    const account = await client.register(name);
    const email = (await client.get<{ email: string }>('/api/me')).body.email;
    return { client, account, email };
  }
  const tokenHashOf = (client: HttpClient) => hashSecretToken(client.cookie!.split('=')[1]!);

  it('ends a session server-side after the idle time, however often the app only reads', async () => {
    const { client, account } = await person('Idle');
    expect((await client.get('/api/me')).status).toBe(200);
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '90 seconds' WHERE account_id = $1`, [account.id]);
    // Reading (a page polling) is not the person doing something: last seen stays where it was.
    for (let i = 0; i < 3; i++) expect((await client.get('/api/me')).status).toBe(200);
    const [row] = await app.dataSource.query(`SELECT now() - last_seen_at > interval '80 seconds' AS stale FROM auth_session WHERE account_id = $1`, [account.id]);
    expect(row.stale).toBe(true);
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '121 seconds' WHERE account_id = $1`, [account.id]);
    // Ended for lack of activity, and the answer says so (the app tells the person why).
    const res = await client.get<ApiErrorBody>('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('session_idle');
    expect(res.body.message).toMatch(/nothing happened for a while/);
    // And it stays over: an action now cannot bring it back.
    const action = await client.post<ApiErrorBody>('/api/me/activity');
    expect(action.status).toBe(401);
    expect(action.body.code).toBe('session_idle');

    // The sweep records the end once, with the session's device and address; the app still says why.
    const sessions = app.app.get(LoginsService);
    expect(await sessions.recordTimedOut(account.id)).toBe(1);
    expect(await sessions.recordTimedOut(account.id)).toBe(0);
    expect((await client.get<ApiErrorBody>('/api/me')).body.code).toBe('session_idle');
    const again = new HttpClient(app.url);
    expect((await again.post('/api/auth/login', { email: account.email, password: PASSWORD })).status).toBe(200);
    await app.app.get(AuditService).settled();
    const [ended] = (await again.get<AuditPage>('/api/me/audit?kind=session-timed-out')).body.entries;
    expect(ended).toMatchObject({ kind: 'session-timed-out', actor: { accountId: account.id }, ip: expect.stringMatching(/^203\.0\.113\./), device: expect.stringMatching(/Firefox/) });
    // Logging in again cleared the ended session (its end recorded first).
    const rows = await app.dataSource.query(`SELECT count(*)::int AS n FROM auth_session WHERE account_id = $1`, [account.id]);
    expect(rows[0].n).toBe(1);
  });

  it('says a session ended idle only of one that did: a logged-out, expired or unknown session is plainly unauthenticated', async () => {
    const loggedOut = await person('Logged out');
    const cookie = loggedOut.client.cookie;
    expect((await loggedOut.client.post('/api/auth/logout')).status).toBeLessThan(300);
    loggedOut.client.cookie = cookie; // the old cookie, kept by someone who copied it
    // Even once the idle time has passed since it was last seen.
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '1 hour' WHERE account_id = $1`, [loggedOut.account.id]);
    const expired = await person('Expired');
    await app.dataSource.query(`UPDATE auth_session SET expires_at = now() - interval '1 second', last_seen_at = now() - interval '1 hour' WHERE account_id = $1`, [
      expired.account.id,
    ]);
    const stranger = new HttpClient(app.url);
    stranger.cookie = `${cookie!.split('=')[0]}=not-a-session-token`;
    for (const client of [loggedOut.client, expired.client, stranger]) {
      const res = await client.get<ApiErrorBody>('/api/me');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    }
  });

  it('starts the idle clock again when the person acts (the web app’s activity ping), and says when it will end', async () => {
    const { client, account } = await person('Active');
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '100 seconds' WHERE account_id = $1`, [account.id]);
    const before = await client.get<LoginActivityView>('/api/me/activity');
    expect(before.body.idleMs).toBe(120_000);
    expect(new Date(before.body.idleDeadline).getTime() - Date.now()).toBeLessThan(25_000);
    const after = await client.post<LoginActivityView>('/api/me/activity');
    expect(after.status).toBe(200);
    expect(new Date(after.body.idleDeadline).getTime() - Date.now()).toBeGreaterThan(110_000);
    // Well past the old deadline, the session still works.
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = last_seen_at - interval '60 seconds' WHERE account_id = $1`, [account.id]);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('an action read as live just before its session idled out cannot bring the session back', async () => {
    const { client, account } = await person('Late action');
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '100 seconds' WHERE account_id = $1`, [account.id]);
    // Hold the session's row, so the action's write of "last seen" waits after its read found the session live.
    const holder = app.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT 1 FROM auth_session WHERE account_id = $1 FOR UPDATE`, [account.id]);
      const [{ pid }] = await holder.query('SELECT pg_backend_pid() AS pid');
      const action = client.post<ApiErrorBody>('/api/me/activity');
      await eventually(
        async () => (await app.dataSource.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).length > 0,
        'the action waiting to write its last-seen time',
      );
      // Meanwhile the idle time runs out (the sweep marks it ended), and then the write goes on.
      await holder.query(`UPDATE auth_session SET last_seen_at = now() - interval '121 seconds' WHERE account_id = $1`, [account.id]);
      await holder.commitTransaction();
      expect((await app.app.get(LoginsService).recordTimedOut(account.id))).toBe(1);
      const answered = await action;
      expect(answered.status).toBe(401);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const [row] = await app.dataSource.query(`SELECT now() - last_seen_at > interval '120 seconds' AS idle FROM auth_session WHERE account_id = $1`, [account.id]);
    expect(row.idle).toBe(true);
    expect((await client.get<ApiErrorBody>('/api/me')).body.code).toBe('session_idle');
    expect((await client.post<ApiErrorBody>('/api/me/activity')).status).toBe(401);
  });

  it('a session ended for idling stays ended, even once something moved its last-seen time again', async () => {
    const { client, account } = await person('Stays ended');
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '121 seconds' WHERE account_id = $1`, [account.id]);
    expect(await app.app.get(LoginsService).recordTimedOut(account.id)).toBe(1);
    // A write from before this fix, or by hand: the end is recorded, so the session is not live.
    await app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() WHERE account_id = $1`, [account.id]);
    expect((await client.get('/api/me')).status).toBe(401);
    expect((await client.post('/api/me/activity')).status).toBe(401);
  });

  it('lists a person’s own live sessions: device, coarse place, created, last seen, and which is this one; ids are not tokens', async () => {
    const { client: laptop, email } = await person('Lister');
    const phone = await device(email, SAFARI_IPHONE, '192.0.2.77');
    const stranger = await person('Stranger');
    const res = await phone.get<LoginView[]>('/api/me/sessions');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    const [mine, other] = [res.body.find((s) => s.current)!, res.body.find((s) => !s.current)!];
    expect(mine).toMatchObject({ device: 'Safari 17 on iOS', place: '192.0.2.x', current: true });
    expect(other).toMatchObject({ device: 'Firefox 128 on Windows 10', current: false });
    expect(other.place).toMatch(/^203\.0\.113\.x$/);
    for (const s of res.body) {
      expect(new Date(s.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(new Date(s.lastSeenAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
      expect([tokenHashOf(laptop), tokenHashOf(phone), laptop.cookie!.split('=')[1], phone.cookie!.split('=')[1]]).not.toContain(s.id);
    }
    // Nobody else's sessions appear, and nobody else can end them.
    expect((await stranger.client.get<LoginView[]>('/api/me/sessions')).body).toHaveLength(1);
    expect((await stranger.client.delete<ApiErrorBody>(`/api/me/sessions/${other.id}`)).status).toBe(404);
    expect((await stranger.client.delete<ApiErrorBody>(`/api/me/sessions/not-a-uuid`)).status).toBe(404);
    expect((await laptop.get('/api/me')).status).toBe(200);
  });

  it('logs out one session from another device: its cookie stops working, the others keep theirs', async () => {
    const { client: laptop, email } = await person('Careful');
    const lostPhone = await device(email, SAFARI_IPHONE);
    const list = (await laptop.get<LoginView[]>('/api/me/sessions')).body;
    const phoneSession = list.find((s) => !s.current)!;
    expect((await laptop.delete(`/api/me/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await lostPhone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(200);
    expect((await laptop.delete<ApiErrorBody>(`/api/me/sessions/${phoneSession.id}`)).status).toBe(404);
    // Logging out this very session from the list clears its cookie.
    const self = (await laptop.get<LoginView[]>('/api/me/sessions')).body.find((s) => s.current)!;
    const res = await laptop.delete(`/api/me/sessions/${self.id}`);
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^kinship_session=;/);
  });

  it('“log out everywhere” closes every socket of the account within a second: sync and live, on every device', async () => {
    const counselor = await person('Counselor');
    const workspace = (await counselor.client.post<{ id: string }>('/api/workspaces', { name: 'Practice' })).body;
    const doc = await createDocument(counselor.client, workspace.id, 'counselor-notes', 'Private');
    const phone = await device(counselor.email, SAFARI_IPHONE);
    const tablet = await device(counselor.email, FIREFOX_WINDOWS);
    const bystander = await person('Bystander');

    const stock: StockClient[] = [];
    const live: LiveClient[] = [];
    try {
      const raws = [];
      for (const client of [counselor.client, phone, tablet]) {
        const s = stockClient(app.wsUrl, doc.id, client.cookie);
        stock.push(s);
        await synced(s);
        raws.push(await openRawSocket(app.wsUrl, doc.id, client.cookie));
        live.push(await liveClient(app.url, client.cookie));
      }
      const bystanderLive = await liveClient(app.url, bystander.client.cookie);
      live.push(bystanderLive);

      // "Log out all other devices" from the laptop: the phone's and the tablet's sockets close, the laptop's stay.
      let started = Date.now();
      const others = await counselor.client.post<{ ended: number }>('/api/me/sessions/revoke-all', { includeCurrent: false });
      expect(others.body).toEqual({ ended: 2 });
      for (const i of [1, 2]) expect((await raws[i]!.closed).code).toBe(SyncCloseCode.unauthenticated);
      await until(() => !stock[1]!.provider.wsconnected && !stock[2]!.provider.wsconnected && !live[1]!.socket.connected && !live[2]!.socket.connected, 1000, 'the other devices’ sockets closed');
      expect(Date.now() - started).toBeLessThan(1000);
      expect((await phone.get('/api/me')).status).toBe(401);
      expect((await tablet.get('/api/me')).status).toBe(401);
      await new Promise((r) => setTimeout(r, 600)); // a sweep or more
      expect(stock[0]!.provider.wsconnected).toBe(true);
      expect(live[0]!.socket.connected).toBe(true);

      // "Log out everywhere": this device too, and its cookie is cleared.
      started = Date.now();
      const everywhere = await counselor.client.post<{ ended: number }>('/api/me/sessions/revoke-all', { includeCurrent: true });
      expect(everywhere.body).toEqual({ ended: 1 });
      expect((await raws[0]!.closed).code).toBe(SyncCloseCode.unauthenticated);
      await until(() => !stock[0]!.provider.wsconnected && !live[0]!.socket.connected, 1000, 'this device’s sockets closed');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(counselor.client.cookie).toBeNull();
      expect(bystanderLive.socket.connected).toBe(true);
      expect((await bystander.client.get('/api/me')).status).toBe(200);
    } finally {
      stock.forEach((s) => s.destroy());
      live.forEach((l) => l.close());
    }
  });

  it('closes the sockets of a session revoked in the database by another process, within a sweep', async () => {
    const { client, account } = await person('Elsewhere');
    const workspace = (await client.post<{ id: string }>('/api/workspaces', { name: 'Elsewhere' })).body;
    const doc = await createDocument(client, workspace.id, 'counselor-notes', 'Private');
    const raw = await openRawSocket(app.wsUrl, doc.id, client.cookie);
    const started = Date.now();
    await app.dataSource.query(`UPDATE auth_session SET revoked_at = now() WHERE account_id = $1`, [account.id]);
    expect((await raw.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('how a session is described', () => {
  it('names the device from its user agent', () => {
    expect(deviceName(FIREFOX_WINDOWS)).toBe('Firefox 128 on Windows 10');
    expect(deviceName(SAFARI_IPHONE)).toBe('Safari 17 on iOS');
    expect(deviceName(null)).toBe('Unknown device');
    expect(deviceName('curl/8.5.0')).toMatch(/./);
  });

  it('keeps the address coarse', () => {
    expect(coarseAddress('203.0.113.45')).toBe('203.0.113.x');
    expect(coarseAddress('::ffff:198.51.100.7')).toBe('198.51.100.x');
    expect(coarseAddress('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3:…');
    expect(coarseAddress(undefined)).toBeNull();
    expect(coarseAddress('not an address')).toBeNull();
  });
});
