import type { AuditEntryView, AuditKind, AuditPage, InviteCreated, TotpEnrollmentView } from '@kinship/domain/wire';
import { totp } from '../../test/support/totp';
import { HttpClient } from '../../test/support/http-client';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { stockClient, stored, synced } from '../../test/support/sync-client';
import { item, writeItems } from '../../test/support/agreement-client';
import { AuditService } from './audit.service';

/** The audit trail: what is recorded and who may read it (the chain that shows tampering: audit-chain.spec.ts). */
describe('audit trail', () => {
  let app: TestApp;
  let audit: AuditService;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    audit = app.app.get(AuditService);
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());
  afterEach(() => {
    audit.readWindowMs = 5 * 60_000;
    audit.editGapMs = 2 * 60_000;
  });

  const trail = async (who: HttpClient, query = ''): Promise<AuditEntryView[]> => {
    await audit.settled();
    const res = await who.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?limit=200${query}`);
    expect(res.status).toBe(200);
    return res.body.entries;
  };
  const mine = async (who: HttpClient, query = ''): Promise<AuditEntryView[]> => {
    await audit.settled();
    const res = await who.get<AuditPage>(`/api/me/audit?limit=200${query}`);
    expect(res.status).toBe(200);
    return res.body.entries;
  };
  const kinds = (entries: AuditEntryView[]) => entries.map((e) => e.kind);

  it('records an invite made, withdrawn and accepted, and the membership it brings, for the counselor to see', async () => {
    const entries = await trail(c.counselor);
    const ids = await Promise.all([c.counselor, c.partnerA, c.partnerB].map(async (p) => (await p.get<{ id: string }>('/api/me')).body.id));
    const [counselorId, alexId, blakeId] = ids;
    expect(entries.filter((e) => e.kind === 'invite-accepted').map((e) => e.subject?.name).sort()).toEqual(['Alex', 'Blake']);
    const accepted = entries.find((e) => e.kind === 'invite-accepted' && e.actor?.accountId === alexId)!;
    expect(accepted).toMatchObject({ workspaceId: c.workspace.id, subject: { accountId: alexId, name: 'Alex' } });
    expect(accepted.inviteId).toEqual(expect.any(String));
    expect(accepted.ip).toMatch(/127\.0\.0\.1/);
    expect(kinds(entries.filter((e) => e.actor?.accountId === counselorId)).sort()).toEqual(['invite-created', 'invite-created', 'membership-added']);
    expect(entries.some((e) => e.actor?.accountId === blakeId && e.kind === 'invite-accepted')).toBe(true);

    // A second workspace, still waiting for its partners: an invite made and withdrawn there.
    const other = (await c.counselor.post<{ id: string }>('/api/workspaces', { name: 'Sam & Jo' })).body;
    const invite = (await c.counselor.post<InviteCreated>(`/api/workspaces/${other.id}/invites`, { role: 'partner' })).body;
    expect((await c.counselor.delete(`/api/workspaces/${other.id}/invites/${invite.id}`)).status).toBe(204);
    await audit.settled();
    const otherTrail = (await c.counselor.get<AuditPage>(`/api/workspaces/${other.id}/audit`)).body.entries;
    expect(otherTrail.map((e) => [e.kind, e.inviteId])).toEqual([
      ['invite-withdrawn', invite.id],
      ['invite-created', invite.id],
      ['membership-added', null],
    ]);
    // Each workspace's trail holds its own entries only.
    expect(await trail(c.counselor, '&kind=invite-withdrawn')).toEqual([]);
  });

  it('records a failed login with the email typed, the address and the device, and the person whose email it was sees it', async () => {
    const me = (await c.partnerA.get<{ id: string; email: string }>('/api/me')).body;
    const attempt = await new HttpClient(app.url).request('POST', '/api/auth/login', { email: me.email, password: 'not the password at all' }, { 'user-agent': 'Guessing/1.0' });
    expect(attempt.status).toBe(401);
    const failed = await mine(c.partnerA, '&kind=login-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'login-failed', actor: null, email: me.email, device: 'Guessing/1.0' });
    expect(failed[0]!.ip).toMatch(/127\.0\.0\.1/);
    // Nobody else sees it, and it is no workspace's business.
    expect(await mine(c.partnerB, '&kind=login-failed')).toEqual([]);
    expect(await trail(c.counselor, '&kind=login-failed')).toEqual([]);

    const again = new HttpClient(app.url);
    const ok = await again.request('POST', '/api/auth/login', { email: me.email, password: 'a long enough password' }, { 'user-agent': 'Phone/2.0' });
    expect(ok.status).toBe(200);
    expect((await again.post('/api/auth/logout')).status).toBe(204);
    const own = await mine(c.partnerA);
    expect(own.slice(0, 2).map((e) => [e.kind, e.actor?.accountId])).toEqual([
      ['logout', me.id],
      ['login', me.id],
    ]);
    expect(own[1]!.device).toBe('Phone/2.0');
  });

  it('records a read once per person and document within a few minutes, through REST and sync alike', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'How we listen');
    for (let i = 0; i < 3; i++) expect((await c.partnerB.get(`/api/documents/${doc.id}`)).status).toBe(200);
    const reader = stockClient(app.wsUrl, doc.id, c.partnerB.cookie);
    await synced(reader);
    reader.destroy();
    const reads = await trail(c.counselor, `&document=${doc.id}&kind=document-read`);
    expect(reads.map((e) => e.actor?.name)).toEqual(['Blake']);
    expect(reads[0]!.document).toEqual({ id: doc.id, title: 'How we listen' });

    // Past the window, opening it again is a new read: here through a sync connection.
    audit.readWindowMs = 0;
    const later = stockClient(app.wsUrl, doc.id, c.partnerB.cookie);
    await synced(later);
    later.destroy();
    expect((await trail(c.counselor, `&document=${doc.id}&kind=document-read`)).map((e) => e.actor?.name)).toEqual(['Blake', 'Blake']);
  });

  it('records an edit once per editing burst, not per keystroke', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Evenings');
    const writer = stockClient(app.wsUrl, doc.id, c.partnerA.cookie);
    try {
      await synced(writer);
      for (const ch of 'We talk after dinner') {
        writer.text.insert(writer.text.length, ch);
        await new Promise((r) => setTimeout(r, 5));
      }
      await stored(writer);
      const edits = await trail(c.counselor, `&document=${doc.id}&kind=document-edited`);
      expect(edits.map((e) => e.actor?.name)).toEqual(['Alex']);
      expect(edits[0]!.ip).toMatch(/127\.0\.0\.1/);

      // A pause longer than the gap ends the burst: the next edit starts another.
      audit.editGapMs = 150;
      await new Promise((r) => setTimeout(r, 250));
      writer.text.insert(writer.text.length, '!');
      writer.text.insert(writer.text.length, '!');
      await stored(writer);
      expect(await trail(c.counselor, `&document=${doc.id}&kind=document-edited`)).toHaveLength(2);
    } finally {
      writer.destroy();
    }
  });

  it('records a document made, renamed, archived and restored', async () => {
    const doc = await createDocument(c.partnerB, c.workspace.id, 'agreement', 'Money');
    await c.partnerB.patch(`/api/documents/${doc.id}`, { title: 'Money talks' });
    await c.partnerA.patch(`/api/documents/${doc.id}`, { archived: true });
    await c.partnerA.patch(`/api/documents/${doc.id}`, { archived: false });
    const entries = await trail(c.counselor, `&document=${doc.id}`);
    expect(entries.map((e) => [e.kind, e.actor?.name])).toEqual([
      ['document-restored', 'Alex'],
      ['document-archived', 'Alex'],
      ['document-renamed', 'Blake'],
      ['document-created', 'Blake'],
    ]);
    expect(entries[0]!.document?.title).toBe('Money talks');
  });

  it('every way of reading a document counts as a read (here its history), and an archive both partners agreed to is recorded for the one who confirmed', async () => {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Holidays');
    await writeItems(app.wsUrl, agreement.id, c.partnerA, [item('Turns', 'We take turns choosing.')]);
    expect((await c.counselor.get(`/api/documents/${agreement.id}/history`)).status).toBe(200);
    expect((await trail(c.counselor, `&document=${agreement.id}&kind=document-read`)).map((e) => e.actor?.name).sort()).toEqual(['Alex', 'Dr Rivera']);

    const proposal = (await c.partnerA.post<{ id: string }>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    for (const partner of [c.partnerA, c.partnerB]) expect((await partner.post(`/api/agreements/${agreement.id}/proposals/${proposal.id}/accept`, {})).status).toBe(200);
    expect((await c.partnerA.post(`/api/agreements/${agreement.id}/archive-request`, {})).status).toBe(201);
    expect((await c.partnerB.post(`/api/agreements/${agreement.id}/archive-request/confirm`, {})).status).toBe(204);
    expect((await trail(c.counselor, `&document=${agreement.id}&kind=document-archived`)).map((e) => e.actor?.name)).toEqual(['Blake']);
  });

  it('the workspace trail is the counselor’s: partners get 403, strangers 404; a partner never sees a private note’s title', async () => {
    const note = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', 'Secret: watch for stonewalling');
    expect((await c.counselor.get(`/api/documents/${note.id}`)).status).toBe(200);
    const counselorSees = await trail(c.counselor, `&document=${note.id}`);
    expect(counselorSees.map((e) => e.kind)).toEqual(['document-read', 'document-created']);
    // The title is encrypted at rest; the counselor's trail shows it as written.
    expect(counselorSees.map((e) => e.document?.title)).toEqual(['Secret: watch for stonewalling', 'Secret: watch for stonewalling']);

    for (const partner of [c.partnerA, c.partnerB]) {
      expect((await partner.get(`/api/workspaces/${c.workspace.id}/audit`)).status).toBe(403);
      expect((await partner.get(`/api/workspaces/${c.workspace.id}/audit.csv`)).status).toBe(403);
      const own = await partner.get<AuditPage>('/api/me/audit?limit=200');
      expect(JSON.stringify(own.body)).not.toContain('stonewalling');
    }
    expect((await c.stranger.get(`/api/workspaces/${c.workspace.id}/audit`)).status).toBe(404);
    expect((await new HttpClient(app.url).get('/api/me/audit')).status).toBe(401);
    // Filters are checked: an unknown kind is refused with the field named.
    expect((await c.counselor.get(`/api/workspaces/${c.workspace.id}/audit?kind=everything`)).status).toBe(400);
  });

  it('filters by person and pages newest first', async () => {
    const alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    const byAlex = await trail(c.counselor, `&person=${alexId}`);
    expect(byAlex.length).toBeGreaterThan(3);
    expect(byAlex.every((e) => e.actor?.accountId === alexId || e.subject?.accountId === alexId)).toBe(true);
    const first = (await c.counselor.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?person=${alexId}&limit=2`)).body;
    expect(first.entries).toHaveLength(2);
    const second = (await c.counselor.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?person=${alexId}&limit=2&before=${first.nextBefore}`)).body;
    expect(second.entries.map((e) => e.id)).toEqual(byAlex.slice(2, 4).map((e) => e.id));
  });

  it('exports the trail as CSV, with cells a spreadsheet would run as a formula made harmless', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', '=HYPERLINK("http://evil.example","click")');
    // A device name is whatever the client says: here one that would start a formula too.
    expect((await c.partnerB.request('PATCH', `/api/documents/${doc.id}`, { archived: true }, { 'user-agent': '@SUM(1+1)' })).status).toBe(200);
    await audit.settled();
    const res = await fetch(`${app.url}/api/workspaces/${c.workspace.id}/audit.csv?document=${doc.id}`, { headers: { cookie: c.counselor.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('Entry,When (UTC),What,Who,Account id,Email typed,Document,Document id,Invite id,Member,Address,Device');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/,Archived a document,Blake,.*,'@SUM\(1\+1\)$/);
    expect(lines[2]).toContain(`Created a document,Alex,`);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });

  it('records what a person does to their account’s safety: two-step sign-in on and off, in their own activity only', async () => {
    const person = new HttpClient(app.url);
    await person.register('Careful');
    const { secret } = (await person.post<TotpEnrollmentView>('/api/me/totp/enroll')).body;
    expect((await person.post('/api/me/totp/confirm', { code: totp(secret) })).status).toBe(200);
    expect((await person.post('/api/me/totp/disable', { password: 'a long enough password', code: totp(secret, Date.now() + 30_000) })).status).toBe(204);
    expect(kinds(await mine(person))).toEqual(['two-step-off', 'two-step-on', 'login']);
    expect(kinds(await trail(c.counselor))).not.toContain('two-step-on');
  });

  it.each<AuditKind>(['login', 'logout'])('lists %s in the person’s own activity only', async (kind) => {
    const entries = await mine(c.partnerA, `&kind=${kind}`);
    expect(entries.length).toBeGreaterThan(0);
    const alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    expect(entries.every((e) => e.actor?.accountId === alexId)).toBe(true);
  });
});
