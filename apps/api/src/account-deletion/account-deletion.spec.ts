import type { AuditPage, AuthorshipView, InviteCreated, SecondFactorNeeded, TotpEnrollmentView, WorkspaceDetail } from '@kinship/domain/wire';
import { totp } from '../../test/support/totp';
import { AuditService } from '../audit/audit.service';
import { liveTestBed } from '../../test/support/live-test-bed';
import { createDocument } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { openRawSocket, stored, synced, until } from '../../test/support/sync-client';
import { LiveSessionsGateway } from '../live-sessions/live-sessions.gateway';

describe('deleting an account', () => {
  const bed = liveTestBed();

  it('needs the password; then every session and socket ends, login fails, personal data is gone, and what they wrote stays with "A former member"', async () => {
    const c = await bed.couple();
    const blakeEmail = (await c.partnerB.get<{ email: string }>('/api/me')).body.email;
    const note = await createDocument(c.partnerB, c.workspace.id, 'notes', 'Evenings');
    const writer = bed.open(note.id, c.partnerB.cookie);
    await synced(writer);
    writer.text.insert(0, 'I will call when late');
    await stored(writer);
    writer.destroy();
    // A second login session (another device), with a sync socket open on it.
    const otherDevice = new HttpClient(bed.app.url);
    otherDevice.headers = { ...c.partnerB.headers };
    expect((await otherDevice.post('/api/auth/login', { email: blakeEmail, password: 'a long enough password' })).status).toBe(200);
    const socket = await openRawSocket(bed.app.wsUrl, note.id, otherDevice.cookie);
    // Two-step sign-in on, a login waiting for its code (it keeps an address and a device), and a failed login.
    const { secret } = (await c.partnerB.post<TotpEnrollmentView>('/api/me/totp/enroll')).body;
    expect((await c.partnerB.post('/api/me/totp/confirm', { code: totp(secret) })).status).toBe(200);
    expect((await new HttpClient(bed.app.url).post<SecondFactorNeeded>('/api/auth/login', { email: blakeEmail, password: 'a long enough password' })).body.secondFactor).toBe('totp');
    expect((await new HttpClient(bed.app.url).post('/api/auth/login', { email: blakeEmail, password: 'a wrong password' })).status).toBe(401);
    const secondFactorRows = async () =>
      (
        await bed.app.dataSource.query(
          `SELECT (SELECT count(*) FROM account_totp WHERE account_id = $1)::int + (SELECT count(*) FROM recovery_code WHERE account_id = $1)::int
                + (SELECT count(*) FROM pending_login WHERE account_id = $1)::int AS n`,
          [c.ids.partnerB],
        )
      )[0].n;
    expect(await secondFactorRows()).toBe(12);

    const wrong = await c.partnerB.request('DELETE', '/api/me', { password: 'not my password' });
    expect(wrong.status).toBe(403);
    expect((await c.partnerB.get('/api/me')).status).toBe(200);

    // The sweeps would close the sockets too, later: stopped, so only the deletion's own events can.
    const gateway = bed.app.app.get(LiveSessionsGateway);
    const sweeps = { sync: bed.app.sync.sweep, live: gateway.sweep };
    bed.app.sync.sweep = async () => undefined;
    gateway.sweep = async () => undefined;
    try {
      const deleted = await c.partnerB.request('DELETE', '/api/me', { password: 'a long enough password' });
      expect(deleted.status).toBe(204);
      // Every session is over: this one and the other device's, and every socket closed at once.
      expect((await socket.closed).code).toBe(4401);
      await until(() => !c.live.partnerB.socket.connected, 1000, 'the live socket to close');
    } finally {
      bed.app.sync.sweep = sweeps.sync;
      gateway.sweep = sweeps.live;
    }
    expect((await c.partnerB.request('GET', '/api/me', undefined, { cookie: otherDevice.cookie! })).status).toBe(401);
    expect((await otherDevice.get('/api/me')).status).toBe(401);
    const rows = await bed.app.dataSource.query(`SELECT count(*)::int AS n FROM auth_session WHERE account_id = $1`, [c.ids.partnerB]);
    expect(rows[0].n).toBe(0);
    // Login no longer works.
    const login = await new HttpClient(bed.app.url).post('/api/auth/login', { email: blakeEmail, password: 'a long enough password' });
    expect(login.status).toBe(401);
    // Personal data is gone from the row that remains.
    const [account] = await bed.app.dataSource.query(`SELECT email, display_name, password_hash, deleted_at FROM account WHERE id = $1`, [c.ids.partnerB]);
    expect(account.email).not.toBe(blakeEmail);
    expect(account.display_name).toBe('A former member');
    expect(account.password_hash).toBe('');
    expect(account.deleted_at).not.toBeNull();
    // The second factor went with it: the secret, the recovery codes, the login waiting for a code.
    expect(await secondFactorRows()).toBe(0);
    // The counselor keeps the record: the note and its authorship, now "A former member".
    const authorship = await c.counselor.get<AuthorshipView>(`/api/documents/${note.id}/authorship`);
    expect(authorship.body.blocks.flatMap((b) => b.runs)).toEqual([{ text: 'I will call when late', authorId: c.ids.partnerB }]);
    expect(authorship.body.people).toEqual([{ id: c.ids.partnerB, name: 'A former member' }]);
    const detail = await c.counselor.get<WorkspaceDetail>(`/api/workspaces/${c.workspace.id}`);
    expect(detail.body.members.map((m) => m.displayName).sort()).toEqual(['Alex', 'Dr Rivera']);
    // The email is free for a new account.
    const again = new HttpClient(bed.app.url);
    expect((await again.post('/api/auth/register', { email: blakeEmail, password: 'another long password', displayName: 'Blake' })).status).toBe(201);
    // Its new owner's activity holds no failed logins from before the address was theirs.
    await bed.app.app.get(AuditService).settled();
    const activity = (await again.get<AuditPage>('/api/me/audit')).body.entries;
    expect(activity.map((e) => e.kind)).toEqual(['login']);
  });

  it('a counselor deleting their account while a partner accepts an invite: one of the two wins, whichever comes first, never both', async () => {
    const db = bed.app.dataSource;
    /** Backends waiting, directly or down a queue, on the one holding the row. */
    const waitingOn = async (holderPid: number) => {
      const rows: { pid: number; blockers: number[] }[] = await db.query(
        `SELECT pid, pg_blocking_pids(pid) AS blockers FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0`,
      );
      const queued = new Set<number>([holderPid]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const r of rows) if (!queued.has(r.pid) && r.blockers.some((b) => queued.has(b))) grew = !!queued.add(r.pid);
      }
      return queued.size - 1;
    };
    const queuedUp = async (holderPid: number, n: number) => {
      const started = Date.now();
      while ((await waitingOn(holderPid)) < n) {
        if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${n} requests to queue on the workspace`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    let address = 0;
    for (const deletionFirst of [true, false]) {
      const [counselor, partner] = [new HttpClient(bed.app.url), new HttpClient(bed.app.url)];
      for (const client of [counselor, partner]) client.headers = { 'x-forwarded-for': `10.200.${++address}.1` };
      await counselor.register('Counseling alone');
      const partnerId = (await partner.register('Joining')).id;
      const workspace = (await counselor.post<WorkspaceDetail>('/api/workspaces', { name: 'Not yet a couple' })).body;
      const invite = (await counselor.post<InviteCreated>(`/api/workspaces/${workspace.id}/invites`, { role: 'partner' })).body;

      // The workspace's row is held while both requests arrive, so they queue on it in a chosen order.
      const holder = db.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      let deleting: Promise<{ status: number }>;
      let accepting: Promise<{ status: number }>;
      try {
        await holder.query('SELECT 1 FROM workspace WHERE id = $1 FOR UPDATE', [workspace.id]);
        const [{ pid }] = await holder.query('SELECT pg_backend_pid() AS pid');
        const deleteAccount = () => counselor.request('DELETE', '/api/me', { password: 'a long enough password' });
        const acceptInvite = () => partner.post(`/api/invites/${invite.token}/accept`);
        if (deletionFirst) {
          deleting = deleteAccount();
          await queuedUp(pid, 1);
          accepting = acceptInvite();
        } else {
          accepting = acceptInvite();
          await queuedUp(pid, 1);
          deleting = deleteAccount();
        }
        await queuedUp(pid, 2);
      } finally {
        await holder.commitTransaction();
        await holder.release();
      }
      const [deleted, accepted] = await Promise.all([deleting!, accepting!]);
      const [{ n: memberships }] = await db.query('SELECT count(*)::int AS n FROM membership WHERE account_id = $1', [partnerId]);
      const [{ n: workspaces }] = await db.query('SELECT count(*)::int AS n FROM workspace WHERE id = $1', [workspace.id]);
      if (deletionFirst) {
        // The deletion went first: the workspace went with it, and the invite is gone (never a 500, never a membership in nothing).
        expect({ deleted: deleted.status, accepted: accepted.status, memberships, workspaces }).toEqual({ deleted: 204, accepted: 410, memberships: 0, workspaces: 0 });
      } else {
        // The partner joined first: the counselor is refused, and keeps their account and workspace.
        expect({ deleted: deleted.status, accepted: accepted.status, memberships, workspaces }).toEqual({ deleted: 409, accepted: 200, memberships: 1, workspaces: 1 });
        expect((await counselor.get('/api/me')).status).toBe(200);
      }
    }
  });

  it('a counselor whose workspace still has partners is refused, in words, and keeps their account', async () => {
    const c = await bed.couple();
    const res = await c.counselor.request<{ message: string }>('DELETE', '/api/me', { password: 'a long enough password' });
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toContain('Remove them from the workspace first');
    expect((await c.counselor.get('/api/me')).status).toBe(200);
  });
});
