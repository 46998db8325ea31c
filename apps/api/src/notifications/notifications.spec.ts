import { NotificationKind, NotificationMessage, NotificationsPage, NotificationsReadResult, ReceiptStatus } from '@kinship/domain/wire';
import { ProposalView } from '@kinship/domain/agreements';
import { liveTestBed, LiveCouple } from '../../test/support/live-test-bed';
import { createDocument } from '../../test/support/couple';
import { item, retitle, writeItems } from '../../test/support/agreement-client';
import { HttpClient } from '../../test/support/http-client';
import { NotificationsService } from './notifications.service';

/** Notifications of agreement and proposal activity: who is told, who is not, and each person's own reading. */
describe('notifications', () => {
  const bed = liveTestBed();
  const page = async (who: HttpClient, query = '') => {
    const res = await who.get<NotificationsPage>(`/api/notifications${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const kinds = async (who: HttpClient, proposalId?: string) =>
    (await page(who, '?limit=100')).notifications.filter((n) => !proposalId || n.proposalId === proposalId).map((n) => n.kind).sort();

  async function agreementWithItems(c: LiveCouple, title = 'Evenings') {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', title);
    const items = [item('Phones at dinner', 'Phones stay in the hall.'), item('Late', 'Text if later than 7.')];
    await writeItems(bed.app.wsUrl, agreement.id, c.partnerA, items);
    return { agreement, items };
  }
  const propose = async (who: HttpClient, agreementId: string) => {
    const res = await who.post<ProposalView>(`/api/agreements/${agreementId}/proposals`, {});
    expect(res.status).toBe(201);
    return res.body;
  };
  const at = (p: ProposalView, action: string) => `/api/agreements/${p.agreementId}/proposals/${p.id}/${action}`;

  it('a proposal, a comment, an acceptance, a decline and a withdrawal each notify the other members, never the one who acted', async () => {
    const c = await bed.couple();
    const { agreement, items } = await agreementWithItems(c);

    const first = await propose(c.partnerA, agreement.id);
    expect(await kinds(c.partnerB, first.id)).toEqual(['proposal.opened']);
    expect(await kinds(c.counselor, first.id)).toEqual(['proposal.opened']);
    expect(await kinds(c.partnerA, first.id)).toEqual([]);
    const [opened] = (await page(c.partnerB)).notifications;
    expect(opened).toMatchObject({
      workspaceId: c.workspace.id,
      actor: { accountId: c.ids.partnerA, name: 'Alex' },
      agreementId: agreement.id,
      proposalId: first.id,
      text: 'Alex proposed a change to “Evenings”',
      readAt: null,
    });

    expect((await c.counselor.post(at(first, 'comments'), { itemId: items[0]!.id, text: 'What about weekends?' })).status).toBe(201);
    expect((await c.partnerB.post(at(first, 'accept'), {})).status).toBe(200);
    expect((await c.partnerA.post(at(first, 'decline'), { reason: 'Not yet' })).status).toBe(200);
    expect(await kinds(c.partnerA, first.id)).toEqual(['proposal.accepted', 'proposal.commented']);
    expect(await kinds(c.partnerB, first.id)).toEqual(['proposal.commented', 'proposal.declined', 'proposal.opened']);
    expect(await kinds(c.counselor, first.id)).toEqual(['proposal.accepted', 'proposal.declined', 'proposal.opened']);

    const second = await propose(c.partnerB, agreement.id);
    expect((await c.partnerB.post(at(second, 'withdraw'), {})).status).toBe(200);
    expect(await kinds(c.partnerA, second.id)).toEqual(['proposal.opened', 'proposal.withdrawn']);
    expect(await kinds(c.counselor, second.id)).toEqual(['proposal.opened', 'proposal.withdrawn']);
    expect(await kinds(c.partnerB, second.id)).toEqual([]);
    expect((await page(c.partnerA)).notifications[0]!.text).toBe('Blake withdrew a proposal for “Evenings”');

    // The stranger, no member, hears of nothing.
    expect((await page(c.stranger)).notifications).toEqual([]);
  });

  it('an edit that withdraws an acceptance tells the others whose it was; a version in force tells everyone but the last to accept', async () => {
    const c = await bed.couple();
    const { agreement, items } = await agreementWithItems(c, 'Money');
    const p = await propose(c.partnerA, agreement.id);
    expect((await c.partnerA.post(at(p, 'accept'), {})).status).toBe(200);
    expect(await retitle(bed.app.wsUrl, p.id, c.partnerB, items[1]!.id, 'Late, by 8')).toBe(ReceiptStatus.stored);
    // The edit's review runs after the edit is stored: wait for it.
    let seen: NotificationKind[] = [];
    for (const started = Date.now(); !seen.includes('proposal.withdrawn') && Date.now() - started < 5000; ) {
      seen = await kinds(c.partnerA, p.id);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toContain('proposal.withdrawn');
    const withdrawal = (await page(c.partnerA)).notifications.find((n) => n.kind === 'proposal.withdrawn')!;
    expect(withdrawal).toMatchObject({ actor: { name: 'Blake' }, text: 'Blake edited a proposal for “Money”, which withdrew Alex’s acceptance' });
    expect(await kinds(c.counselor, p.id)).toContain('proposal.withdrawn');
    expect(await kinds(c.partnerB, p.id)).not.toContain('proposal.withdrawn');

    expect((await c.partnerA.post(at(p, 'accept'), {})).status).toBe(200);
    expect(((await c.partnerB.post<ProposalView>(at(p, 'accept'), {})).body).state).toBe('in-force');
    expect(await kinds(c.partnerA, p.id)).toContain('version.in-force');
    expect(await kinds(c.counselor, p.id)).toContain('version.in-force');
    expect(await kinds(c.partnerB, p.id)).not.toContain('version.in-force');
  });

  it('bringing a stale proposal up to date withdraws an acceptance and tells the others whose it was', async () => {
    const c = await bed.couple();
    const { agreement, items } = await agreementWithItems(c, 'Weekends');
    const first = await propose(c.partnerA, agreement.id);
    expect((await c.partnerA.post(at(first, 'accept'), {})).status).toBe(200);
    expect(((await c.partnerB.post<ProposalView>(at(first, 'accept'), {})).body).state).toBe('in-force');
    const mine = await propose(c.partnerA, agreement.id);
    const theirs = await propose(c.partnerB, agreement.id);
    expect(await retitle(bed.app.wsUrl, mine.id, c.partnerA, items[0]!.id, 'Phones away at dinner')).toBe(ReceiptStatus.stored);
    expect((await c.partnerB.post(at(mine, 'accept'), {})).status).toBe(200);
    expect(await retitle(bed.app.wsUrl, theirs.id, c.partnerB, items[1]!.id, 'Late, by 8')).toBe(ReceiptStatus.stored);
    expect((await c.partnerA.post(at(theirs, 'accept'), {})).status).toBe(200);
    expect(((await c.partnerB.post<ProposalView>(at(theirs, 'accept'), {})).body).state).toBe('in-force');

    expect((await c.partnerA.post(at(mine, 'rebase'), {})).status).toBe(200);
    const told = (await page(c.partnerB)).notifications.filter((n) => n.proposalId === mine.id && n.kind === 'proposal.withdrawn');
    expect(told).toEqual([expect.objectContaining({ actor: expect.objectContaining({ name: 'Alex' }), text: expect.stringContaining('withdrew Blake’s acceptance') })]);
    expect(await kinds(c.counselor, mine.id)).toContain('proposal.withdrawn');
    expect(await kinds(c.partnerA, mine.id)).not.toContain('proposal.withdrawn');
  });

  it('marking read is per person: nobody reads or marks another’s', async () => {
    const c = await bed.couple();
    const { agreement } = await agreementWithItems(c);
    for (let i = 0; i < 3; i++) await propose(c.partnerA, agreement.id);
    const blake = await page(c.partnerB);
    expect(blake.unread).toBe(3);
    const counselorBefore = await page(c.counselor);
    expect(counselorBefore.unread).toBe(3);

    // Paged, newest first.
    const first = await page(c.partnerB, '?limit=2');
    expect(first.notifications.map((n) => n.id)).toEqual(blake.notifications.slice(0, 2).map((n) => n.id));
    const rest = await page(c.partnerB, `?limit=2&before=${first.nextBefore}`);
    expect(rest.notifications.map((n) => n.id)).toEqual([blake.notifications[2]!.id]);
    expect(rest.nextBefore).toBeNull();

    // Another account's ids mark nothing, and their notifications are never listed for anyone else.
    const theirs = blake.notifications.map((n) => n.id);
    for (const other of [c.counselor, c.partnerA, c.stranger]) {
      const tried = await other.post<NotificationsReadResult>('/api/notifications/read', { ids: theirs });
      expect(tried.status).toBe(200);
      expect(tried.body.marked).toBe(0);
      expect((await page(other)).notifications.map((n) => n.id).filter((id) => theirs.includes(id))).toEqual([]);
      expect((await page(other, `?before=${theirs[0]}`)).notifications).toEqual([]);
    }
    expect((await page(c.partnerB)).unread).toBe(3);

    const one = await c.partnerB.post<NotificationsReadResult>('/api/notifications/read', { ids: [theirs[0]] });
    expect(one.body).toEqual({ marked: 1, unread: 2 });
    expect((await page(c.partnerB)).notifications[0]!.readAt).not.toBeNull();
    const all = await c.partnerB.post<NotificationsReadResult>('/api/notifications/read', { all: true });
    expect(all.body).toEqual({ marked: 2, unread: 0 });
    // The counselor's own stay unread.
    expect((await page(c.counselor)).unread).toBe(3);

    expect((await c.partnerB.post('/api/notifications/read', { ids: ['not-an-id'] })).status).toBe(400);
    expect((await c.partnerB.post('/api/notifications/read', {})).status).toBe(400);
    expect((await c.partnerB.get('/api/notifications?limit=0')).status).toBe(400);
  });

  it('someone no longer a member of the workspace no longer sees or counts its notifications', async () => {
    const c = await bed.couple();
    const { agreement } = await agreementWithItems(c);
    await propose(c.partnerA, agreement.id);
    expect((await page(c.partnerB)).unread).toBe(1);
    await bed.app.dataSource.query(`DELETE FROM membership WHERE workspace_id = $1 AND account_id = $2`, [c.workspace.id, c.ids.partnerB]);
    expect(await page(c.partnerB)).toEqual({ notifications: [], unread: 0, nextBefore: null });
  });

  it('refuses someone who is not logged in', async () => {
    const anonymous = new HttpClient(bed.app.url);
    expect((await anonymous.get('/api/notifications')).status).toBe(401);
    expect((await anonymous.post('/api/notifications/read', { all: true })).status).toBe(401);
  });

  it('a notification reaches an online partner’s socket at once, whichever workspace it watches, and not the actor’s', async () => {
    const c = await bed.couple();
    const { agreement } = await agreementWithItems(c);
    // A second tab of Blake's that watches no workspace at all (the app shell's socket).
    const shell = await bed.connect(c.partnerB.cookie);
    const from = { watching: c.live.partnerB.received.length, shell: shell.received.length, alex: c.live.partnerA.received.length };
    const p = await propose(c.partnerA, agreement.id);
    const isIt = (m: NotificationMessage) => m.notification.proposalId === p.id && m.notification.kind === 'proposal.opened';
    const onShell = await shell.next<NotificationMessage>('notification:new', isIt, 1000, from.shell);
    expect(onShell).toMatchObject({ unread: 1, notification: { text: 'Alex proposed a change to “Evenings”', agreementId: agreement.id } });
    await c.live.partnerB.next<NotificationMessage>('notification:new', isIt, 1000, from.watching);
    await c.live.counselor.next<NotificationMessage>('notification:new', isIt, 1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.live.partnerA.received.slice(from.alex).filter((r) => r.event === 'notification:new')).toEqual([]);
  });

  it('a partner is never told anything about a counselor’s private notes', async () => {
    const c = await bed.couple();
    const note = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', 'Private: session 3');
    const { agreement } = await agreementWithItems(c);
    const service = bed.app.app.get(NotificationsService);
    const before = c.live.partnerA.received.length;
    // Whatever an emitter might claim, a counselor note is never what a notification is about.
    expect(await service.record({ kind: 'proposal.commented', actorId: c.ids.counselor, agreementId: note.id, proposalId: null })).toEqual([]);
    expect(await service.record({ kind: 'proposal.commented', actorId: c.ids.counselor, agreementId: agreement.id, proposalId: note.id })).toEqual([]);
    const [row] = await bed.app.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE agreement_id = $1 OR proposal_id = $1`, [note.id]);
    expect(row.n).toBe(0);
    // The same call about the agreement does tell both partners: the refusal above is the rule, not a broken path.
    const made = await service.record({ kind: 'proposal.commented', actorId: c.ids.counselor, agreementId: agreement.id, proposalId: null });
    expect(made.map((m) => m.recipientId).sort()).toEqual([c.ids.partnerA, c.ids.partnerB].sort());
    const told = await c.live.partnerA.next<NotificationMessage>('notification:new', () => true, 1000, before);
    expect(told.notification.agreementId).toBe(agreement.id);
    expect(c.live.partnerA.raw.join('\n')).not.toContain('Private: session 3');
    expect(c.live.partnerA.raw.join('\n')).not.toContain(note.id);
  });
});

describe('notifications on the embedded PGlite', () => {
  const bed = liveTestBed({}, 'pglite');

  it('a proposal is told to the other partner and the counselor, and each marks their own read', async () => {
    const c = await bed.couple();
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Chores');
    await writeItems(bed.app.wsUrl, agreement.id, c.partnerA, [item('Dishes', 'Whoever cooks does not wash up.')]);
    expect((await c.partnerA.post(`/api/agreements/${agreement.id}/proposals`, {})).status).toBe(201);
    for (const who of [c.partnerB, c.counselor]) {
      const res = await who.get<NotificationsPage>('/api/notifications');
      expect(res.body.unread).toBe(1);
      expect(res.body.notifications[0]!.text).toBe('Alex proposed a change to “Chores”');
    }
    expect((await c.partnerA.get<NotificationsPage>('/api/notifications')).body.unread).toBe(0);
    expect((await c.partnerB.post<NotificationsReadResult>('/api/notifications/read', { all: true })).body).toEqual({ marked: 1, unread: 0 });
    expect((await c.counselor.get<NotificationsPage>('/api/notifications')).body.unread).toBe(1);
  });
});
