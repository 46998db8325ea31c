import { ApiErrorBody, CommitmentsView, RepairChangedMessage, RepairsView, RepairView } from '@kinship/domain/wire';
import { ProposalView } from '@kinship/domain/agreements';
import { REPAIR_BREAK_MS } from '@kinship/domain/rules';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { item, writeItems } from '../../test/support/agreement-client';
import { liveClient, LiveClient } from '../../test/support/live-client';
import type { HttpClient } from '../../test/support/http-client';
import { RepairsService } from './repairs.service';

/**
 * Guided repair over REST and /live, on the real database. Breaks are measured on the service's
 * clock (`RepairsService.now`), which this spec moves forward: the 20-minute floor is a constant
 * of the step machine, never configurable and never something a client sends.
 */
describe('guided repair: a repair to its end, each step gated, breaks, the counselor’s pause', () => {
  let app: TestApp;
  let c: Couple;
  let alexId: string;
  let blakeId: string;
  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
    alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    blakeId = (await c.partnerB.get<{ id: string }>('/api/me')).body.id;
  });
  afterAll(() => app.close());

  const repairs = () => `/api/workspaces/${c.workspace.id}/repairs`;
  const start = (who: HttpClient, kind: string) => who.post<RepairView & ApiErrorBody>(repairs(), { kind });
  const move = (who: HttpClient, id: string, body: Record<string, unknown>) => who.post<RepairView & ApiErrorBody>(`/api/repairs/${id}/moves`, body);
  const get = async (who: HttpClient, id: string) => (await who.get<RepairView>(`/api/repairs/${id}`)).body;
  async function ok(res: Promise<{ status: number; body: RepairView & ApiErrorBody }>): Promise<RepairView> {
    const r = await res;
    if (r.status !== 200 && r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  async function refused(res: Promise<{ status: number; body: unknown }>, status: number, words: RegExp): Promise<void> {
    const r = await res;
    expect({ status: r.status, message: (r.body as ApiErrorBody).message }).toEqual({ status, message: expect.stringMatching(words) });
  }
  const changed = (live: LiveClient, repairId: string, version: number) => live.next<RepairChangedMessage>('repair:changed', (m) => m.repairId === repairId && m.version === version);

  it('betrayal repair is refused until the counselor unlocks it; only the counselor unlocks; a stranger learns nothing', async () => {
    await refused(start(c.partnerA, 'betrayal'), 403, /counselor unlocks it/);
    await refused(start(c.counselor, 'betrayal'), 403, /counselor unlocks it/);
    expect((await c.partnerA.request('PUT', `${repairs()}/betrayal`, { unlocked: true })).status).toBe(403);
    expect((await c.stranger.get(repairs())).status).toBe(404);
    expect((await start(c.stranger, 'incident')).status).toBe(404);
    expect((await start(c.partnerA, 'other')).status).toBe(400);
    const unlocked = await c.counselor.request<RepairsView>('PUT', `${repairs()}/betrayal`, { unlocked: true });
    expect(unlocked.body.betrayalUnlocked).toBe(true);
    const betrayal = await ok(start(c.partnerB, 'betrayal'));
    expect(betrayal).toMatchObject({ kind: 'betrayal', step: 'calm', status: 'open' });
    expect((await get(c.partnerA, betrayal.id)).partners.map((p) => p.name)).toEqual(['Blake', 'Alex']); // the starter tells first
    await refused(start(c.partnerA, 'incident'), 409, /already under way/);
    expect((await c.stranger.get(`/api/repairs/${betrayal.id}`)).status).toBe(404);
    await refused(move(c.stranger, betrayal.id, { type: 'close' }), 404, /not found/);
    expect((await ok(move(c.counselor, betrayal.id, { type: 'close' }))).status).toBe('closed');
    expect((await c.counselor.request<RepairsView>('PUT', `${repairs()}/betrayal`, { unlocked: false })).body.betrayalUnlocked).toBe(false);
    await refused(start(c.partnerA, 'betrayal'), 403, /counselor unlocks it/);
  });

  it('goes to its end over REST and /live: turns, a “not quite”, a break refused before 20 minutes, the counselor’s pause, an apology, and the one thing as a proposal and a commitment', async () => {
    const alexLive = await liveClient(app.url, c.partnerA.cookie, { origin: app.url });
    const blakeLive = await liveClient(app.url, c.partnerB.cookie, { origin: app.url });
    const counselorLive = await liveClient(app.url, c.counselor.cookie, { origin: app.url });
    const strangerLive = await liveClient(app.url, c.stranger.cookie, { origin: app.url });
    const service = app.app.get(RepairsService);
    const realNow = service.now;
    let clock = Date.now();
    service.now = () => new Date(clock);
    try {
      const r = await ok(start(c.partnerA, 'incident'));
      await Promise.all([alexLive, blakeLive, counselorLive].map((l) => changed(l, r.id, 1)));
      expect(r.partners.map((p) => p.accountId)).toEqual([alexId, blakeId]);

      // 1. Calm: each for themselves; nobody can move ahead; the counselor takes no step.
      await refused(move(c.partnerA, r.id, { type: 'feelings', feelings: ['hurt'] }), 409, /another step/);
      await refused(move(c.counselor, r.id, { type: 'calm' }), 403, /partners do the repair’s steps/);
      await refused(move(c.partnerA, r.id, { type: 'calm', for: blakeId }), 400, /./); // a partner never acts for the other
      let v = await ok(move(c.partnerA, r.id, { type: 'calm' }));
      expect(v.progress.calm).toEqual({ [alexId]: true, [blakeId]: false });
      expect((await get(c.partnerB, r.id)).turn).toBe('Your turn.');
      v = await ok(move(c.partnerB, r.id, { type: 'calm' }));
      expect(v.step).toBe('feelings');
      await changed(alexLive, r.id, v.version);

      // 2. Feelings: the other's picks show only once both have picked.
      await refused(move(c.partnerA, r.id, { type: 'feelings', feelings: ['furious-at-you'] }), 400, /./);
      await ok(move(c.partnerA, r.id, { type: 'feelings', feelings: ['hurt', 'lonely'] }));
      expect((await get(c.partnerB, r.id)).feelings).toEqual({});
      expect((await get(c.counselor, r.id)).feelings).toEqual({ [alexId]: ['hurt', 'lonely'] });
      v = await ok(move(c.partnerB, r.id, { type: 'feelings', feelings: ['scared'] }));
      expect(v).toMatchObject({ step: 'views', feelings: { [alexId]: ['hurt', 'lonely'], [blakeId]: ['scared'] } });

      // 3. Views: Alex tells, Blake restates, "not quite", again, heard; then Blake.
      await refused(move(c.partnerB, r.id, { type: 'tell', text: 'Mine first' }), 403, /Alex’s turn to tell/);
      await ok(move(c.partnerA, r.id, { type: 'tell', text: 'I waited an hour at the station' }));
      await refused(move(c.partnerA, r.id, { type: 'heard' }), 409, /no restatement/);
      await ok(move(c.partnerB, r.id, { type: 'restate', text: 'You were annoyed I was late' }));
      await refused(move(c.partnerB, r.id, { type: 'heard' }), 403, /Only Alex/);
      await ok(move(c.partnerA, r.id, { type: 'not-quite' }));

      // A break, called by Blake: nothing is written until 20 minutes have passed and someone resumes.
      v = await ok(move(c.partnerB, r.id, { type: 'break' }));
      expect(Date.parse(v.breakUntil!) - clock).toBe(REPAIR_BREAK_MS);
      await changed(alexLive, r.id, v.version);
      await refused(move(c.partnerB, r.id, { type: 'break', minutes: 1 }), 400, /./); // no client sets its length
      await refused(move(c.partnerB, r.id, { type: 'restate', text: 'Sneaking in' }), 409, /on a break until/);
      clock += REPAIR_BREAK_MS - 60_000;
      await refused(move(c.partnerA, r.id, { type: 'resume' }), 409, /at least 20 minutes/);
      await refused(c.partnerA.request('PUT', `/api/repairs/${r.id}/apology`, { did: 'a', impact: 'b', will: 'c', see: 'd', send: false }), 409, /break/);
      clock += 60_000;
      await refused(move(c.partnerB, r.id, { type: 'restate', text: 'Still not resumed' }), 409, /resume the repair first/);
      await ok(move(c.partnerA, r.id, { type: 'resume' }));

      // The counselor pauses: no partner moves until they resume it; a partner cannot resume it.
      v = await ok(move(c.counselor, r.id, { type: 'pause' }));
      expect(v.paused?.by).toBeDefined();
      await changed(blakeLive, r.id, v.version);
      await refused(move(c.partnerB, r.id, { type: 'restate', text: 'While paused' }), 409, /paused/);
      await refused(move(c.partnerB, r.id, { type: 'unpause' }), 403, /Only the counselor/);
      await ok(move(c.counselor, r.id, { type: 'unpause' }));

      await ok(move(c.partnerB, r.id, { type: 'restate', text: 'You waited an hour and felt alone' }));
      v = await ok(move(c.partnerA, r.id, { type: 'heard' }));
      expect(v.views.rounds[0]).toMatchObject({ heard: true, restatements: ['You were annoyed I was late', 'You waited an hour and felt alone'] });
      expect(v.views).toMatchObject({ round: 1, phase: 'tell', teller: blakeId });
      await ok(move(c.partnerB, r.id, { type: 'tell', text: 'My phone died and I panicked' }));
      await ok(move(c.partnerA, r.id, { type: 'restate', text: 'Your phone died and you panicked' }));
      v = await ok(move(c.partnerB, r.id, { type: 'heard' }));
      expect(v.step).toBe('triggers');

      // 4–6: what set each off, what each owns, one thing each will do differently.
      for (const [type, a, b] of [
        ['trigger', 'Silence', 'Being blamed'],
        ['own', 'I did not ask what happened', 'I did not charge my phone'],
        ['differently', 'I will ask before I assume', 'I will carry a charger'],
      ] as const) {
        await ok(move(c.partnerA, r.id, { type, text: a }));
        v = await ok(move(c.partnerB, r.id, { type, text: b }));
      }
      expect(v).toMatchObject({ step: 'done', status: 'done', differently: { [alexId]: 'I will ask before I assume', [blakeId]: 'I will carry a charger' } });
      await changed(counselorLive, r.id, v.version);
      expect((await get(c.counselor, r.id)).progress.differently).toEqual({ [alexId]: true, [blakeId]: true });

      // Sealed at rest: no partner's words in the row.
      const [row] = await app.dataSource.query(`SELECT state FROM repair WHERE id = $1`, [r.id]);
      expect(row.state).not.toMatch(/station|charger|lonely/);

      // The one thing as a proposed agreement item: only on an agreement in force, and said so.
      const draft = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Evenings');
      await writeItems(app.wsUrl, draft.id, c.partnerA, [item('Late', 'Say when late, before it happens.')]);
      await refused(c.partnerA.post(`/api/repairs/${r.id}/proposal`, { agreementId: draft.id }), 409, /no version in force yet/);
      const first = (await c.partnerA.post<ProposalView>(`/api/agreements/${draft.id}/proposals`, {})).body;
      for (const p of [c.partnerA, c.partnerB]) expect((await p.post(`/api/agreements/${draft.id}/proposals/${first.id}/accept`, {})).status).toBe(200);
      await refused(c.counselor.post(`/api/repairs/${r.id}/proposal`, { agreementId: draft.id }), 403, /Only a partner/);
      const other = await c.stranger.post<{ id: string }>('/api/workspaces', { name: 'Elsewhere' });
      const elsewhere = await createDocument(c.stranger, other.body.id, 'agreement', 'Not yours');
      await refused(c.partnerA.post(`/api/repairs/${r.id}/proposal`, { agreementId: elsewhere.id }), 404, /not found/);
      v = await ok(c.partnerA.post<RepairView & ApiErrorBody>(`/api/repairs/${r.id}/proposal`, { agreementId: draft.id }));
      const proposalId = v.outcomes[alexId]!.proposalId!;
      const proposal = (await c.partnerB.get<ProposalView>(`/api/agreements/${draft.id}/proposals/${proposalId}`)).body;
      expect(proposal.items.map((i) => ({ text: i.text, binds: i.binds }))).toContainEqual({ text: 'I will ask before I assume', binds: alexId });
      await refused(c.partnerA.post(`/api/repairs/${r.id}/proposal`, { agreementId: draft.id }), 409, /already a proposed/);

      // …and as Blake's commitment on an item of the agreement in force that binds them.
      const late = (await c.partnerB.get<{ inForce: { items: { id: string }[] } }>(`/api/agreements/${draft.id}`)).body.inForce.items[0]!.id;
      v = await ok(c.partnerB.post<RepairView & ApiErrorBody>(`/api/repairs/${r.id}/commitment`, { agreementId: draft.id, itemId: late }));
      expect(v.outcomes[blakeId]!.commitmentId).toBeDefined();
      expect((await c.counselor.get<CommitmentsView>(`${repairs().replace('repairs', 'commitments')}`)).body.commitments.map((x) => x.text)).toContain('I will carry a charger');

      // Finished: nothing more is written into it, and the stranger's socket heard none of it.
      await refused(move(c.partnerA, r.id, { type: 'calm' }), 409, /finished/);
      expect(strangerLive.received.filter((e) => e.event === 'repair:changed')).toEqual([]);
      const list = (await c.partnerB.get<RepairsView>(repairs())).body;
      expect(list.current).toMatchObject({ id: r.id, status: 'done' }); // still there to read, until the next one starts
    } finally {
      service.now = realNow;
      for (const l of [alexLive, blakeLive, counselorLive, strangerLive]) l.close();
    }
  });

  it('an apology draft is its author’s alone: the other partner’s every response and socket are the same before and after; sent, both read it', async () => {
    const r = await ok(start(c.partnerB, 'incident'));
    expect((await c.partnerA.get<RepairsView>(repairs())).body.past.map((p) => p.status)).toEqual(['done', 'closed']);
    const blakeSees = async () => ({
      repair: await c.partnerA.get(`/api/repairs/${r.id}`),
      list: await c.partnerA.get(repairs()),
      notifications: await c.partnerA.get('/api/notifications'),
    });
    const strip = (x: Record<string, { status: number; body: unknown }>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, { status: v.status, body: v.body }]));
    const alexLive = await liveClient(app.url, c.partnerA.cookie, { origin: app.url });
    await new Promise((res) => setTimeout(res, 200));
    const framesBefore = alexLive.raw.length;
    const before = strip(await blakeSees());
    const apology = { did: 'I did not call', impact: 'You waited alone', will: 'I will call when late', see: 'My text before six' };
    const saved = await c.partnerB.request<RepairView>('PUT', `/api/repairs/${r.id}/apology`, { ...apology, send: false });
    expect(saved.status).toBe(200);
    expect(saved.body.myApologyDraft).toEqual(apology);
    expect(strip(await blakeSees())).toEqual(before);
    await new Promise((res) => setTimeout(res, 400));
    expect(alexLive.raw.slice(framesBefore)).toEqual([]);
    expect(JSON.stringify(before)).not.toContain('did not call');

    const sent = await c.partnerB.request<RepairView>('PUT', `/api/repairs/${r.id}/apology`, { ...apology, send: true });
    expect(sent.body.myApologyDraft).toBeNull();
    await changed(alexLive, r.id, sent.body.version);
    expect((await get(c.partnerA, r.id)).apologies).toEqual([expect.objectContaining({ ...apology, from: blakeId })]);
    expect((await c.counselor.request('PUT', `/api/repairs/${r.id}/apology`, { ...apology, send: true })).status).toBe(403);
    alexLive.close();
    await ok(move(c.partnerA, r.id, { type: 'close' }));
  });

  it('the counselor’s pause of joint work holds repairs too: nothing starts or moves, in the same words for both; a break and setting it aside stay open', async () => {
    const jointWork = `/api/workspaces/${c.workspace.id}/joint-work`;
    const repair = await ok(start(c.partnerA, 'incident'));
    expect((await c.counselor.request('PUT', jointWork, { paused: true })).status).toBe(200);
    try {
      await refused(move(c.partnerA, repair.id, { type: 'calm' }), 409, /^Joint work is paused for now by your counselor\.$/);
      await refused(move(c.partnerB, repair.id, { type: 'calm' }), 409, /^Joint work is paused for now by your counselor\.$/);
      await refused(c.partnerB.request('PUT', `/api/repairs/${repair.id}/apology`, { did: 'I was late', impact: 'You waited', will: 'Call', see: 'A call', send: true }), 409, /^Joint work is paused/);
      expect((await get(c.partnerA, repair.id)).step).toBe('calm');
      // Anyone may still step away: a break, and setting the repair aside.
      expect((await ok(move(c.partnerB, repair.id, { type: 'break' }))).breakUntil).toBeTruthy();
      expect((await ok(move(c.partnerA, repair.id, { type: 'close' }))).status).toBe('closed');
      await refused(start(c.partnerB, 'incident'), 409, /^Joint work is paused for now by your counselor\.$/);
    } finally {
      expect((await c.counselor.request('PUT', jointWork, { paused: false })).status).toBe(200);
    }
    const again = await ok(start(c.partnerB, 'incident'));
    expect((await ok(move(c.partnerB, again.id, { type: 'calm' }))).step).toBe('calm');
    expect((await ok(move(c.counselor, again.id, { type: 'close' }))).status).toBe('closed');
  });
});
