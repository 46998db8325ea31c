import type { ApiErrorBody, ProgressView, SetCheckInBody } from '@kinship/domain/wire';
import { DEFAULT_CHECK_IN_QUESTIONS, progressWeeks } from '@kinship/domain/wire';
import type { AgreementView } from '@kinship/domain/agreements';
import { createDocument, setUpCouple, type Couple } from '../../test/support/couple';
import { item, writeItems } from '../../test/support/agreement-client';
import type { HttpClient } from '../../test/support/http-client';
import { act, liveClient } from '../../test/support/live-client';
import { startTestApp, TEST_DATABASE_URL, TestApp } from '../../test/support/test-app';
import { CheckInsRepository } from '../check-ins/check-ins.repository';
import { CommitmentsService } from '../commitments/commitments.service';

const CHECK_IN: SetCheckInBody = { weekday: 1, questions: DEFAULT_CHECK_IN_QUESTIONS };

describe('progress over weeks: figures from the stored check-ins; the counselor sees both partners, a partner their own', () => {
  let app: TestApp;
  let c: Couple;
  let alexId: string;
  let blakeId: string;
  let weeks: { starts: string; ends: string }[];
  let alexCommitment: string;
  let blakeCommitment: string;
  let sessionId: string;

  const progress = (who: HttpClient, query = '') => who.get<ProgressView & ApiErrorBody>(`/api/workspaces/${c.workspace.id}/progress${query}`);

  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
    alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    blakeId = (await c.partnerB.get<{ id: string }>('/api/me')).body.id;
    const w = c.workspace.id;
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/check-in`, CHECK_IN)).status).toBe(200);
    weeks = progressWeeks(1, new Date(), 4);

    // Past weeks' answers, stored (sealed) as a real week stores them; this week's through the API.
    const checkIns = app.app.get(CheckInsRepository);
    await checkIns.saveAnswers(w, alexId, weeks[0]!.starts, { safe: 2, close: 4, heard: 3, week: 0 });
    await checkIns.saveAnswers(w, alexId, weeks[1]!.starts, { safe: 5, heard: 6 });
    await checkIns.saveAnswers(w, blakeId, weeks[1]!.starts, { safe: 8, close: 7, heard: 9, week: 2 });
    await checkIns.saveAnswers(w, blakeId, weeks[2]!.starts, { close: 1, week: 1 });
    // A week before the window: not in a 4-week view.
    await checkIns.saveAnswers(w, alexId, progressWeeks(1, new Date(), 5)[0]!.starts, { safe: 10 });
    expect((await c.partnerA.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { safe: 7, close: 6, heard: 5, week: 2 } })).status).toBe(200);

    // Commitments on an agreement in force, checked in on week by week as the week's clock moves.
    const both = item('Evenings', 'Home by 7 or a call.');
    const agreement = await createDocument(c.partnerA, w, 'agreement', 'Evenings');
    await writeItems(app.wsUrl, agreement.id, c.partnerA, [both]);
    const proposal = (await c.partnerA.post<{ id: string; agreementId: string }>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    for (const p of [c.partnerA, c.partnerB]) expect((await p.post(`/api/agreements/${agreement.id}/proposals/${proposal.id}/accept`, {})).status).toBe(200);
    const itemId = (await c.partnerA.get<AgreementView>(`/api/agreements/${agreement.id}`)).body.inForce!.items[0]!.id;
    alexCommitment = (await c.partnerA.post<{ id: string }>(`/api/workspaces/${w}/commitments`, { agreementId: agreement.id, itemId, text: 'I will call before 7' })).body.id;
    blakeCommitment = (await c.partnerB.post<{ id: string }>(`/api/workspaces/${w}/commitments`, { agreementId: agreement.id, itemId, text: 'I will ask how the day was' })).body.id;
    const service = app.app.get(CommitmentsService);
    const realNow = service.now;
    const checkIn = (who: HttpClient, id: string, week: number, outcome: string) => {
      service.now = () => new Date(`${weeks[week]!.starts}T12:00:00Z`);
      return who.request('PUT', `/api/commitments/${id}/check-ins/${weeks[week]!.starts}`, { outcome, note: 'a private note' });
    };
    try {
      expect((await checkIn(c.partnerA, alexCommitment, 0, 'kept')).status).toBe(200);
      expect((await checkIn(c.partnerA, alexCommitment, 2, 'partly')).status).toBe(200);
      expect((await checkIn(c.partnerB, blakeCommitment, 1, 'not-this-time')).status).toBe(200);
      expect((await checkIn(c.partnerB, blakeCommitment, 3, 'kept')).status).toBe(200);
    } finally {
      service.now = realNow;
    }

    // A live session this week that Alex joins and Blake does not.
    const counselorLive = await liveClient(app.url, c.counselor.cookie, { origin: app.url });
    const alexLive = await liveClient(app.url, c.partnerA.cookie, { origin: app.url });
    await act(counselorLive, 'session:watch', { workspaceId: w });
    await act(alexLive, 'session:watch', { workspaceId: w });
    await act(counselorLive, 'session:start', { workspaceId: w });
    const session = await alexLive.stateWhere(w, (s) => s !== null);
    sessionId = session!.id;
    await act(alexLive, 'session:join', { sessionId });
    await act(counselorLive, 'session:end', { sessionId });
    counselorLive.close();
    alexLive.close();
  });
  afterAll(() => app?.close());

  const none = { kept: 0, partly: 0, 'not-this-time': 0 };

  it('the counselor’s figures are exactly the stored answers and check-ins, both partners side by side, with the session marked', async () => {
    const res = await progress(c.counselor, '?weeks=4');
    expect(res.status).toBe(200);
    const view = res.body;
    expect(view.scope).toBe('both');
    expect(view.weeks).toEqual(weeks);
    expect(view.questions).toEqual(DEFAULT_CHECK_IN_QUESTIONS);
    const byName = Object.fromEntries(view.people.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['Alex', 'Blake']);
    expect(byName['Alex']!.answers).toEqual({ safe: [2, 5, null, 7], close: [4, null, null, 6], heard: [3, 6, null, 5], week: [0, null, null, 2] });
    expect(byName['Blake']!.answers).toEqual({ safe: [null, 8, null, null], close: [null, 7, 1, null], heard: [null, 9, null, null], week: [null, 2, 1, null] });
    expect(byName['Alex']!.outcomes).toEqual([{ ...none, kept: 1 }, none, { ...none, partly: 1 }, none]);
    expect(byName['Blake']!.outcomes).toEqual([none, { ...none, 'not-this-time': 1 }, none, { ...none, kept: 1 }]);
    expect(byName['Alex']!.commitments).toEqual([
      { id: alexCommitment, text: 'I will call before 7', retired: false, checkIns: [{ period: weeks[0]!.starts, outcome: 'kept' }, { period: weeks[2]!.starts, outcome: 'partly' }] },
    ]);
    expect(byName['Blake']!.commitments.map((x) => x.text)).toEqual(['I will ask how the day was']);
    expect(view.sessions).toEqual([expect.objectContaining({ id: sessionId, weekStarts: weeks[3]!.starts })]);
    expect(view.sessions[0]!.endedAt).not.toBeNull();
    // No note leaves the commitment page: the view holds outcomes only.
    expect(JSON.stringify(view)).not.toContain('a private note');
  });

  it('a partner’s view holds their own series only: nothing of the other partner’s, not even which weeks they answered', async () => {
    const a = (await progress(c.partnerA, '?weeks=4')).body;
    expect(a.scope).toBe('own');
    expect(a.people.map((p) => p.accountId)).toEqual([alexId]);
    expect(a.people[0]!.answers.safe).toEqual([2, 5, null, 7]);
    expect(a.sessions.map((s) => s.id)).toEqual([sessionId]); // Alex attended it
    const b = (await progress(c.partnerB, '?weeks=4')).body;
    expect(b.people.map((p) => p.accountId)).toEqual([blakeId]);
    expect(b.people[0]!.outcomes).toEqual([none, { ...none, 'not-this-time': 1 }, none, { ...none, kept: 1 }]);
    expect(b.sessions).toEqual([]); // Blake did not attend: as their list of sessions says
    const text = JSON.stringify(b);
    for (const trace of [alexId, alexCommitment, 'Alex', 'I will call before 7']) expect(text).not.toContain(trace);

    // B's whole progress response, byte for byte, is the same after A answers again and checks in.
    const raw = async () => {
      const res = await fetch(`${app.url}/api/workspaces/${c.workspace.id}/progress`, { headers: { cookie: c.partnerB.cookie!, origin: app.url } });
      return `${res.status}\n${[...res.headers].filter(([n]) => n !== 'date').map(([n, v]) => `${n}: ${v}`).join('\n')}\n\n${await res.text()}`;
    };
    const before = await raw();
    expect((await c.partnerA.request('PUT', `/api/workspaces/${c.workspace.id}/check-in/mine`, { answers: { safe: 1 } })).status).toBe(200);
    expect((await c.partnerA.request('PUT', `/api/commitments/${alexCommitment}/check-ins/${weeks[3]!.starts}`, { outcome: 'kept' })).status).toBe(200);
    expect(await raw()).toBe(before);
    expect((await progress(c.counselor, '?weeks=4')).body.people.find((p) => p.accountId === alexId)!.answers.safe).toEqual([2, 5, null, 1]);
  });

  it('a stranger finds nothing (404); weeks is a whole number from 1 to 52, 12 when not given', async () => {
    expect((await progress(c.stranger)).status).toBe(404);
    const defaults = (await progress(c.counselor)).body;
    expect(defaults.weeks).toHaveLength(12);
    expect(defaults.weeks[11]).toEqual(weeks[3]);
    expect((await progress(c.counselor, '?weeks=52')).body.weeks).toHaveLength(52);
    for (const bad of ['0', '53', '-1', '2.5', 'many', '']) {
      const res = await progress(c.partnerA, `?weeks=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/weeks must be a whole number from 1 to 52/);
    }
    expect((await progress(c.partnerA, '?weeks=4&of=2026-01-01')).body.message).toBe('of is not a known field');
    expect((await c.counselor.get(`/api/workspaces/not-an-id/progress`)).status).toBe(404);
  });
});

describe('progress on a database whose time zone is not UTC', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('postgres', { DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent('-c TimeZone=Pacific/Auckland')}` });
  });
  afterAll(() => app?.close());

  it('weeks are UTC days: a session two hours before the first week began is not in it; one two hours before this week ends is', async () => {
    const [zone] = await app.dataSource.query(`SHOW TIME ZONE`);
    expect(zone.TimeZone).toBe('Pacific/Auckland');
    const c = await setUpCouple(app.url);
    const w = c.workspace.id;
    const live = await liveClient(app.url, c.counselor.cookie, { origin: app.url });
    await act(live, 'session:watch', { workspaceId: w });
    const weeks = progressWeeks(1, new Date(), 2);
    const at = (iso: string, hours: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + hours * 3_600_000);
    const sessions: string[] = [];
    for (const startedAt of [at(weeks[0]!.starts, -2), at(weeks[1]!.starts, -2), at(weeks[1]!.ends, -2)]) {
      await act(live, 'session:start', { workspaceId: w });
      const session = await live.stateWhere(w, (s) => s !== null);
      await act(live, 'session:end', { sessionId: session!.id });
      await live.stateWhere(w, (s) => s === null);
      await app.dataSource.query(`UPDATE live_session SET started_at = $2, ended_at = $2 WHERE id = $1`, [session!.id, startedAt]);
      sessions.push(session!.id);
    }
    live.close();
    const res = await c.counselor.get<ProgressView>(`/api/workspaces/${w}/progress?weeks=2`);
    expect(res.status).toBe(200);
    expect(res.body.sessions.map((s) => [s.id, s.weekStarts])).toEqual([
      [sessions[1], weeks[0]!.starts],
      [sessions[2], weeks[1]!.starts],
    ]);
  });
});
