import { ApiErrorBody, CommitmentCheckInView, CommitmentsView, CommitmentView, CommitmentWeekView, DocumentView } from '@kinship/domain/wire';
import { AgreementItem, AgreementView, ProposalView } from '@kinship/domain/agreements';
import { periodOf } from '@kinship/domain/rules';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { FIELD, item, itemNode, openDoc, retitle, writeItems } from '../../test/support/agreement-client';
import { stored } from '../../test/support/sync-client';
import { act, liveClient } from '../../test/support/live-client';
import type { HttpClient } from '../../test/support/http-client';
import { CommitmentsService } from './commitments.service';

describe('commitments: a partner’s promises on items that bind them, checked in on privately', () => {
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

  const commitments = () => `/api/workspaces/${c.workspace.id}/commitments`;
  const list = async (who: HttpClient) => (await who.get<CommitmentsView>(commitments())).body;
  const week = async (who: HttpClient, of?: string) => (await who.get<CommitmentWeekView>(`${commitments()}/week${of ? `?of=${of}` : ''}`)).body;
  const make = (who: HttpClient, agreementId: string, itemId: string, text: string) => who.post<CommitmentView & ApiErrorBody>(commitments(), { agreementId, itemId, text });
  const checkIn = (who: HttpClient, id: string, period: string, outcome: string, note?: string) =>
    who.request<CommitmentCheckInView & ApiErrorBody>('PUT', `/api/commitments/${id}/check-ins/${period}`, note === undefined ? { outcome } : { outcome, note });
  const setRhythm = (who: HttpClient, rhythm: string) => who.request<CommitmentsView & ApiErrorBody>('PUT', `${commitments()}/rhythm`, { rhythm });

  async function propose(who: HttpClient, agreementId: string): Promise<ProposalView> {
    const res = await who.post<ProposalView>(`/api/agreements/${agreementId}/proposals`, {});
    expect(res.status).toBe(201);
    return res.body;
  }
  async function bothAccept(p: ProposalView): Promise<void> {
    const path = `/api/agreements/${p.agreementId}/proposals/${p.id}/accept`;
    expect((await c.partnerA.post(path, {})).status).toBe(200);
    expect((await c.partnerB.post<ProposalView>(path, {})).body.state).toBe('in-force');
  }
  /** An agreement with version 1 in force, made as people make it: a draft both accept. */
  async function agreementInForce(items: AgreementItem[]): Promise<DocumentView> {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Evenings');
    await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
    await bothAccept(await propose(c.partnerA, agreement.id));
    return agreement;
  }

  it('only the partner an item binds commits on it, and only on a version in force', async () => {
    const both = item('Late', 'Say when late, before it happens.');
    const alexOnly = item('Phone', 'Alex keeps the phone unlocked.', alexId);
    const draft = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Draft only');
    await writeItems(app.wsUrl, draft.id, c.partnerA, [both]);
    expect((await make(c.partnerA, draft.id, both.id, 'I will text')).status).toBe(409);

    const agreement = await agreementInForce([both, alexOnly]);
    const mine = await make(c.partnerA, agreement.id, alexOnly.id, 'I will leave it on the table');
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ itemTitle: 'Phone', version: 1, author: { name: 'Alex' }, text: 'I will leave it on the table', retired: null });
    // Blake is not bound by Alex's item; the counselor never commits; a stranger learns nothing.
    expect((await make(c.partnerB, agreement.id, alexOnly.id, 'Sneaky')).status).toBe(403);
    expect((await make(c.counselor, agreement.id, both.id, 'Counselor')).status).toBe(403);
    expect((await make(c.stranger, agreement.id, both.id, 'Stranger')).status).toBe(404);
    expect((await make(c.partnerB, agreement.id, 'no-such-item', 'Nothing')).status).toBe(404);
    expect((await make(c.partnerB, agreement.id, both.id, 'I will call before 7')).status).toBe(201);
    // Only its author rewords or retires it.
    expect((await c.partnerB.patch(`/api/commitments/${mine.body.id}`, { text: 'Changed by Blake' })).status).toBe(403);
    expect((await c.partnerA.patch<CommitmentView>(`/api/commitments/${mine.body.id}`, { text: 'I will leave it face up' })).body.text).toBe('I will leave it face up');
    // Commitments are part of the agreement: everyone in the workspace sees them.
    for (const who of [c.partnerA, c.partnerB, c.counselor]) {
      expect((await list(who)).commitments.map((x) => x.text)).toEqual(expect.arrayContaining(['I will leave it face up', 'I will call before 7']));
    }
  });

  it('the rhythm is the counselor’s to set; it decides the periods; one check-in per commitment and period, changed only within it', async () => {
    const agreement = await agreementInForce([item('Kind words', 'Say one kind thing a day.')]);
    const itemId = (await c.partnerA.get<AgreementView>(`/api/agreements/${agreement.id}`)).body.inForce!.items[0]!.id;
    const mine = (await make(c.partnerA, agreement.id, itemId, 'I will say one kind thing')).body;
    expect((await setRhythm(c.partnerA, 'daily')).status).toBe(403);
    expect((await setRhythm(c.counselor, 'daily')).body.rhythm).toBe('daily');

    // The clock is set to a fixed week below; the commitment was made in that week's past, whatever today is
    // (made today, it would not belong to a week that has ended: run after 6 December 2026, the week showed none).
    await app.dataSource.query(`UPDATE commitment SET created_at = '2026-11-30T08:00:00Z' WHERE id = $1`, [mine.id]);
    const service = app.app.get(CommitmentsService);
    const realNow = service.now;
    try {
      service.now = () => new Date('2026-12-03T10:00:00Z'); // a Thursday
      let w = await week(c.partnerA);
      expect(w).toMatchObject({ rhythm: 'daily', weekOf: '2026-11-30', currentPeriod: '2026-12-03' });
      expect(w.periods).toHaveLength(7);
      expect((await checkIn(c.partnerA, mine.id, '2026-12-02', 'kept')).status).toBe(409); // yesterday is closed
      expect((await checkIn(c.partnerA, mine.id, '2026-12-03', 'partly', 'A rushed morning')).status).toBe(200);
      expect((await checkIn(c.partnerA, mine.id, '2026-12-03', 'kept', 'Said it at lunch after all')).status).toBe(200);
      expect((await checkIn(c.partnerB, mine.id, '2026-12-03', 'kept')).status).toBe(403);
      w = await week(c.partnerA);
      const entry = w.people[0]!.commitments.find((x) => x.commitment.id === mine.id)!;
      expect(entry.checkIns).toEqual([{ period: '2026-12-03', outcome: 'kept', note: 'Said it at lunch after all' }]);
      const stored = await app.dataSource.query(`SELECT note FROM commitment_check_in WHERE commitment_id = $1`, [mine.id]);
      expect(stored).toHaveLength(1);
      expect(stored[0].note).not.toContain('lunch'); // sealed at rest

      expect((await setRhythm(c.counselor, 'weekly')).body.rhythm).toBe('weekly');
      w = await week(c.partnerA);
      expect(w).toMatchObject({ rhythm: 'weekly', periods: ['2026-11-30'], currentPeriod: '2026-11-30' });
      expect((await checkIn(c.partnerA, mine.id, '2026-12-03', 'kept')).status).toBe(409); // a day is not this rhythm's period
      expect((await checkIn(c.partnerA, mine.id, '2026-11-30', 'not-this-time')).status).toBe(200);
      service.now = () => new Date('2026-12-07T09:00:00Z'); // the next Monday: last week is closed
      expect((await checkIn(c.partnerA, mine.id, '2026-11-30', 'kept')).status).toBe(409);
      expect((await week(c.partnerA, '2026-12-01')).people[0]!.commitments.find((x) => x.commitment.id === mine.id)!.checkIns).toEqual([
        { period: '2026-11-30', outcome: 'not-this-time', note: null },
      ]);
      expect(periodOf('weekly', service.now())).toBe('2026-12-07');
    } finally {
      service.now = realNow;
    }
  });

  it('the other partner’s every response about commitments is the same before and after a partner checks in; the counselor sees it', async () => {
    const agreement = await agreementInForce([item('Evenings', 'Home by 7 or a call.')]);
    const itemId = (await c.partnerA.get<AgreementView>(`/api/agreements/${agreement.id}`)).body.inForce!.items[0]!.id;
    const alexs = (await make(c.partnerA, agreement.id, itemId, 'I will call if I am late')).body;
    await make(c.partnerB, agreement.id, itemId, 'I will ask how the day was');
    const today = (await week(c.partnerA)).currentPeriod;
    const w = c.workspace.id;
    const blakeSees = async () => ({
      me: await c.partnerB.get('/api/me'),
      documents: await c.partnerB.get(`/api/workspaces/${w}/documents`),
      agreement: await c.partnerB.get(`/api/agreements/${agreement.id}`),
      list: await c.partnerB.get(commitments()),
      week: await c.partnerB.get(`${commitments()}/week`),
      weekOf: await c.partnerB.get(`${commitments()}/week?of=${today}`),
      notifications: await c.partnerB.get('/api/notifications'),
      activity: await c.partnerB.get('/api/me/audit'),
      workspace: await c.partnerB.get(`/api/workspaces/${c.workspace.id}`),
      // Alex's commitment reached directly: refused the same way before and after.
      checkInOnIt: await checkIn(c.partnerB, alexs.id, today, 'kept'),
    });
    const strip = (r: { status: number; body: unknown }) => ({ status: r.status, body: r.body });
    // Blake's /live socket, watching the workspace as the web app does: it must hear nothing of Alex's check-in.
    const blakeLive = await liveClient(app.url, c.partnerB.cookie, { origin: app.url });
    await act(blakeLive, 'session:watch', { workspaceId: w });
    await blakeLive.stateWhere(w, () => true);
    await new Promise((r) => setTimeout(r, 300));
    const framesBefore = blakeLive.raw.length;
    expect(framesBefore).toBeGreaterThan(0); // the socket is open and recording
    const before = Object.fromEntries(Object.entries(await blakeSees()).map(([k, v]) => [k, strip(v)]));
    expect(JSON.stringify(before.week.body)).not.toContain(alexs.id);

    expect((await checkIn(c.partnerA, alexs.id, today, 'partly', 'Called, but late')).status).toBe(200);

    const after = Object.fromEntries(Object.entries(await blakeSees()).map(([k, v]) => [k, strip(v)]));
    expect(after).toEqual(before);
    await new Promise((r) => setTimeout(r, 500));
    expect(blakeLive.raw.slice(framesBefore)).toEqual([]);
    blakeLive.close();

    // The counselor sees each partner's week, Alex's check-in and note included.
    const counselorWeek = await week(c.counselor);
    expect(counselorWeek.people.map((p) => p.name).sort()).toEqual(['Alex', 'Blake']);
    const alexWeek = counselorWeek.people.find((p) => p.accountId === alexId)!;
    expect(alexWeek.commitments.find((x) => x.commitment.id === alexs.id)!.checkIns).toEqual([{ period: today, outcome: 'partly', note: 'Called, but late' }]);
    // Blake's own week has only Blake in it.
    expect((await week(c.partnerB)).people.map((p) => p.accountId)).toEqual([blakeId]);
  });

  it('a new version carries commitments whose item still binds their author, and retires the others, saying why', async () => {
    const keep = item('Keep', 'Stays as it is.');
    const gone = item('Gone', 'Will be removed.');
    const retiring = item('Retiring', 'Will be retired.');
    const rebind = item('Rebind', 'Binds Alex now, Blake later.', alexId);
    const agreement = await agreementInForce([keep, gone, retiring, rebind]);
    const kept = (await make(c.partnerA, agreement.id, keep.id, 'I keep this')).body;
    const lost = (await make(c.partnerA, agreement.id, gone.id, 'I lose this')).body;
    const retired = (await make(c.partnerA, agreement.id, retiring.id, 'Its item retires')).body;
    const rebound = (await make(c.partnerA, agreement.id, rebind.id, 'Its item moves to Blake')).body;

    const p = await propose(c.partnerB, agreement.id);
    // Blake's edit to the proposal, as the editor makes it: one item removed, one retired, one bound to Blake instead.
    const editor = await openDoc(app.wsUrl, p.id, c.partnerB);
    editor.doc.transact(() => {
      const fragment = editor.doc.getXmlFragment(FIELD);
      fragment.delete(fragment.toArray().indexOf(itemNode(editor, gone.id)), 1);
      itemNode(editor, retiring.id).setAttribute('status', 'retired');
      itemNode(editor, rebind.id).setAttribute('binds', blakeId);
    });
    await stored(editor);
    editor.destroy();
    await retitle(app.wsUrl, p.id, c.partnerB, keep.id, 'Keep, reworded');
    await bothAccept(p);

    const byId = new Map((await list(c.partnerB)).commitments.map((x) => [x.id, x]));
    expect(byId.get(kept.id)).toMatchObject({ version: 2, itemTitle: 'Keep, reworded', retired: null });
    expect(byId.get(lost.id)!.retired).toMatchObject({ reason: 'item-gone', inVersion: 2, words: 'Retired: its item is no longer in the agreement (version 2)' });
    expect(byId.get(retired.id)!.retired).toMatchObject({ reason: 'item-retired', inVersion: 2 });
    expect(byId.get(rebound.id)!.retired).toMatchObject({ reason: 'item-no-longer-binds', inVersion: 2 });
    // A retired commitment is kept as it was: no check-ins, no rewording.
    const today = (await week(c.partnerA)).currentPeriod;
    expect((await checkIn(c.partnerA, lost.id, today, 'kept')).status).toBe(409);
    expect((await c.partnerA.patch(`/api/commitments/${lost.id}`, { text: 'Again' })).status).toBe(409);
    expect((await checkIn(c.partnerA, kept.id, today, 'kept')).status).toBe(200);
    // Its author may retire one; it says so.
    expect((await c.partnerA.post<CommitmentView>(`/api/commitments/${kept.id}/retire`)).body.retired).toMatchObject({ reason: 'by-owner' });
  });
});
