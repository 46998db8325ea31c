import { AuthorshipView, ApiErrorBody, DocumentView, ReceiptStatus } from '@kinship/domain/wire';
import { AgreementItem, AgreementVersionSummary, AgreementVersionsCompared, AgreementView, ProposalView, readAgreement } from '@kinship/domain/agreements';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { FIELD, item, openDoc, retitle, until, writeItems } from '../../test/support/agreement-client';
import type { HttpClient } from '../../test/support/http-client';
import { PARTNERS_DECIDE } from './agreements.service';

describe('agreements: proposals both partners accept, versions in force', () => {
  let app: TestApp;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  const base = (agreementId: string) => `/api/agreements/${agreementId}`;
  const proposalPath = (p: ProposalView) => `${base(p.agreementId)}/proposals/${p.id}`;
  const overview = async (who: HttpClient, agreementId: string) => (await who.get<AgreementView>(base(agreementId))).body;
  const read = async (who: HttpClient, p: ProposalView) => (await who.get<ProposalView>(proposalPath(p))).body;

  async function propose(who: HttpClient, agreementId: string): Promise<ProposalView> {
    const res = await who.post<ProposalView>(`${base(agreementId)}/proposals`, {});
    expect(res.status).toBe(201);
    return res.body;
  }
  const accept = (who: HttpClient, p: ProposalView) => who.post<ProposalView & ApiErrorBody>(`${proposalPath(p)}/accept`, {});

  /** An agreement with version 1 in force, made the way people make it: a draft, then both accept. */
  async function agreementInForce(items: AgreementItem[]): Promise<{ agreement: DocumentView; items: AgreementItem[] }> {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Phones and trust');
    await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
    const first = await propose(c.partnerA, agreement.id);
    expect((await accept(c.partnerA, first)).status).toBe(200);
    expect((await accept(c.partnerB, first)).body.state).toBe('in-force');
    return { agreement, items };
  }

  it('the first version comes into force through a proposal of the draft both partners accept, and the agreement then refuses direct edits', async () => {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Evenings');
    const items = [item('Phones at dinner', 'Phones stay in the hall during dinner.'), item('Late', 'Text if later than 7.')];
    await writeItems(app.wsUrl, agreement.id, c.partnerB, items);
    expect(await overview(c.partnerA, agreement.id)).toMatchObject({ inForce: null, draftItems: items });

    const first = await propose(c.partnerA, agreement.id);
    expect(first).toMatchObject({ baseVersion: 0, state: 'open', items, versionInForce: 0 });
    expect(first.diff.added.map((a) => a.item.id)).toEqual(items.map((i) => i.id));
    // While the draft is asked to be accepted, edits go into the proposal, not the draft.
    expect(await retitle(app.wsUrl, agreement.id, c.partnerB, items[0]!.id, 'Sneaky change')).toBe(ReceiptStatus.refused);

    const afterA = (await accept(c.partnerA, first)).body;
    expect(afterA.state).toBe('open');
    expect(afterA.decisions).toEqual([expect.objectContaining({ name: 'Alex', decision: 'accepted', withdrawn: null })]);
    expect((await overview(c.partnerB, agreement.id)).inForce).toBeNull();

    const afterB = (await accept(c.partnerB, first)).body;
    expect(afterB).toMatchObject({ state: 'in-force', closedReason: 'In force as version 1' });
    const view = await overview(c.partnerA, agreement.id);
    expect(view.inForce).toMatchObject({ number: 1, items, proposedBy: { name: 'Alex' }, proposalId: first.id });
    expect(view.inForce!.acceptedBy.map((a) => a.name).sort()).toEqual(['Alex', 'Blake']);

    // Nobody edits the version in force: the agreement document refuses every edit now.
    expect(await retitle(app.wsUrl, agreement.id, c.partnerA, items[0]!.id, 'Changed directly')).toBe(ReceiptStatus.refused);
    expect(await retitle(app.wsUrl, agreement.id, c.counselor, items[0]!.id, 'Changed directly')).toBe(ReceiptStatus.refused);
    // …and so does the proposal, once in force.
    expect(await retitle(app.wsUrl, first.id, c.partnerA, items[0]!.id, 'Changed after')).toBe(ReceiptStatus.refused);
    const reader = await openDoc(app.wsUrl, agreement.id, c.partnerB);
    expect(readAgreement(reader.doc.getXmlFragment(FIELD))).toEqual(items);
    reader.destroy();
  });

  it('a proposal does not change the version in force until both partners accept; then the agreement shows it live', async () => {
    const { agreement, items } = await agreementInForce([item('Accounts', 'We share passwords to email.'), item('Contact', 'No contact with the person involved.')]);
    const watcher = await openDoc(app.wsUrl, agreement.id, c.partnerB);
    const p = await propose(c.partnerB, agreement.id);
    expect(p).toMatchObject({ baseVersion: 1, state: 'open', items });
    expect(await retitle(app.wsUrl, p.id, c.partnerB, items[0]!.id, 'Accounts and phones')).toBe(ReceiptStatus.stored);

    const read1 = await read(c.partnerA, p);
    expect(read1.diff.changed).toEqual([expect.objectContaining({ id: items[0]!.id })]);
    expect((await accept(c.partnerA, p)).body.state).toBe('open');
    expect((await overview(c.partnerA, agreement.id)).inForce).toMatchObject({ number: 1, items });
    expect(readAgreement(watcher.doc.getXmlFragment(FIELD))[0]!.title).toBe('Accounts');

    expect((await accept(c.partnerB, p)).body.state).toBe('in-force');
    const v2 = (await overview(c.partnerA, agreement.id)).inForce!;
    expect(v2).toMatchObject({ number: 2, proposedBy: { name: 'Blake' } });
    expect(v2.items.map((i) => i.title)).toEqual(['Accounts and phones', 'Contact']);
    // The partner who had the agreement open sees the new version without reloading.
    await until(() => readAgreement(watcher.doc.getXmlFragment(FIELD))[0]?.title === 'Accounts and phones', 5000, 'the new version on screen');
    watcher.destroy();

    // Who wrote what travels with the copies: in the agreement, Alex's words (typed in the draft)
    // and Blake's (typed in the proposal) are each still theirs.
    for (const documentId of [agreement.id, p.id]) {
      const authorship = (await c.partnerA.get<AuthorshipView>(`/api/documents/${documentId}/authorship`)).body;
      const nameOf = (id: string | null) => authorship.people.find((person) => person.id === id)?.name ?? null;
      const runs = authorship.blocks.flatMap((b) => b.runs).filter((r) => r.text.trim() !== '');
      expect(runs.filter((r) => r.text.includes('passwords')).map((r) => nameOf(r.authorId))).toEqual(['Alex']);
      if (documentId === agreement.id) expect(runs.filter((r) => r.text.includes('phones')).map((r) => nameOf(r.authorId))).toEqual(['Blake']);
      expect(runs.every((r) => nameOf(r.authorId) !== null)).toBe(true);
    }

    const versions = (await c.counselor.get<AgreementVersionSummary[]>(`${base(agreement.id)}/versions`)).body;
    expect(versions.map((v) => v.number)).toEqual([2, 1]);
    const compared = (await c.partnerA.get<AgreementVersionsCompared>(`${base(agreement.id)}/versions/compare?from=1&to=2`)).body;
    expect(compared.diff.changed.map((ch) => ch.id)).toEqual([items[0]!.id]);
    expect(compared.diff.added).toEqual([]);
    expect((await c.partnerA.get(`${base(agreement.id)}/versions/compare?from=1&to=9`)).status).toBe(404);
  });

  it('an edit after one acceptance withdraws it, and both partners see who edited what', async () => {
    const { agreement, items } = await agreementInForce([item('Late', 'Text when late.'), item('Time-out', 'Say “pause” and we stop.')]);
    const p = await propose(c.partnerA, agreement.id);
    expect((await accept(c.partnerA, p)).status).toBe(200);
    expect(await retitle(app.wsUrl, p.id, c.partnerB, items[1]!.id, 'Time-out, any time')).toBe(ReceiptStatus.stored);

    const why = 'Blake edited item 2 after Alex accepted';
    for (const who of [c.partnerA, c.partnerB]) {
      let seen: ProposalView | null = null;
      const started = Date.now();
      while (Date.now() - started < 5000) {
        seen = await read(who, p);
        if (seen.decisions[0]?.withdrawn) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen!.decisions).toEqual([expect.objectContaining({ name: 'Alex', decision: 'accepted', withdrawn: expect.objectContaining({ reason: why }) })]);
    }
    // Blake's acceptance alone is not both: nothing comes into force.
    expect((await accept(c.partnerB, p)).body.state).toBe('open');
    expect((await overview(c.partnerA, agreement.id)).inForce!.number).toBe(1);
    // Accepting a state one has not read is refused.
    const stale = await c.partnerA.post<ApiErrorBody>(`${proposalPath(p)}/accept`, { stateHash: 'a'.repeat(64) });
    expect(stale.status).toBe(409);
    expect((await accept(c.partnerA, p)).body.state).toBe('in-force');
  });

  it('refuses the counselor’s acceptance or decline, naming the rule; the counselor may comment and propose', async () => {
    const { agreement, items } = await agreementInForce([item('Phones', 'Open phones.')]);
    const p = await propose(c.counselor, agreement.id);
    const refused = await accept(c.counselor, p);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(PARTNERS_DECIDE);
    expect((await c.counselor.post<ApiErrorBody>(`${proposalPath(p)}/decline`, { reason: 'no' })).body.message).toBe(PARTNERS_DECIDE);
    const commented = await c.counselor.post<ProposalView>(`${proposalPath(p)}/comments`, { itemId: items[0]!.id, text: 'Could you say which phones?' });
    expect(commented.status).toBe(201);
    const seen = await read(c.partnerA, p);
    expect(seen.comments).toEqual([expect.objectContaining({ itemId: items[0]!.id, text: 'Could you say which phones?', author: expect.objectContaining({ name: 'Dr Rivera', role: 'counselor' }) })]);
    expect((await c.partnerA.post<ApiErrorBody>(`${proposalPath(p)}/comments`, { itemId: 'nope', text: 'x' })).body.field).toBe('itemId');
    expect((await c.stranger.get(proposalPath(p))).status).toBe(404);

    const declined = await c.partnerB.post<ProposalView>(`${proposalPath(p)}/decline`, { reason: 'Not now, next session.' });
    expect(declined.body).toMatchObject({ state: 'declined', closedReason: 'Blake declined: Not now, next session.' });
    expect((await accept(c.partnerA, p)).status).toBe(409);
  });

  it('a stale proposal cannot be accepted until it is brought up to date, with the items both sides changed listed as conflicts', async () => {
    const { agreement, items } = await agreementInForce([item('Phones', 'Open phones.'), item('Late', 'Text when late.'), item('Money', 'Big purchases together.')]);
    const mine = await propose(c.partnerA, agreement.id);
    const theirs = await propose(c.partnerB, agreement.id);
    expect(await retitle(app.wsUrl, mine.id, c.partnerA, items[0]!.id, 'Phones, mine')).toBe(ReceiptStatus.stored);
    expect(await retitle(app.wsUrl, mine.id, c.partnerA, items[2]!.id, 'Money matters')).toBe(ReceiptStatus.stored);
    expect(await retitle(app.wsUrl, theirs.id, c.partnerB, items[0]!.id, 'Phones, theirs')).toBe(ReceiptStatus.stored);
    expect(await retitle(app.wsUrl, theirs.id, c.partnerB, items[1]!.id, 'Late by more than 30 minutes')).toBe(ReceiptStatus.stored);
    await accept(c.partnerA, theirs);
    expect((await accept(c.partnerB, theirs)).body.state).toBe('in-force');

    expect((await read(c.partnerA, mine)).state).toBe('stale');
    const refused = await accept(c.partnerB, mine);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/stale: it changes version 1, but version 2 is in force now. Bring it up to date/);

    const rebased = (await c.partnerA.post<ProposalView>(`${proposalPath(mine)}/rebase`)).body;
    expect(rebased).toMatchObject({ state: 'open', baseVersion: 2 });
    expect(rebased.conflicts).toEqual([{ itemId: items[0]!.id, title: expect.any(String), resolved: null }]);
    // Their change to another item is merged in; ours stays.
    expect(rebased.items.map((i) => i.title)).toEqual([expect.stringContaining('Phones'), 'Late by more than 30 minutes', 'Money matters']);
    const unresolved = await accept(c.partnerA, mine);
    expect(unresolved.status).toBe(409);
    expect(unresolved.body.message).toMatch(/Resolve the conflicts first/);

    // Resolved by editing the item…
    expect(await retitle(app.wsUrl, mine.id, c.partnerB, items[0]!.id, 'Phones, together')).toBe(ReceiptStatus.stored);
    let resolved: ProposalView | null = null;
    for (let i = 0; i < 100 && !resolved?.conflicts[0]?.resolved; i++) {
      resolved = await read(c.partnerA, mine);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(resolved!.conflicts[0]!.resolved).toMatchObject({ how: 'edited', by: { name: 'Blake' } });
    await accept(c.partnerA, mine);
    expect((await accept(c.partnerB, mine)).body.state).toBe('in-force');
    const v3 = (await overview(c.partnerA, agreement.id)).inForce!;
    expect(v3.items.map((i) => i.title)).toEqual(['Phones, together', 'Late by more than 30 minutes', 'Money matters']);
  });

  it('“keep mine” resolves a conflict without editing', async () => {
    const { agreement, items } = await agreementInForce([item('Phones', 'Open phones.')]);
    const mine = await propose(c.partnerA, agreement.id);
    const theirs = await propose(c.partnerB, agreement.id);
    await retitle(app.wsUrl, mine.id, c.partnerA, items[0]!.id, 'Mine');
    await retitle(app.wsUrl, theirs.id, c.partnerB, items[0]!.id, 'Theirs');
    await accept(c.partnerA, theirs);
    await accept(c.partnerB, theirs);
    const rebased = (await c.partnerA.post<ProposalView>(`${proposalPath(mine)}/rebase`)).body;
    expect(rebased.conflicts.map((x) => x.itemId)).toEqual([items[0]!.id]);
    const kept = (await c.partnerA.post<ProposalView>(`${proposalPath(mine)}/conflicts/${items[0]!.id}/keep`)).body;
    expect(kept.conflicts[0]!.resolved).toMatchObject({ how: 'kept', by: { name: 'Alex' } });
    await accept(c.partnerA, mine);
    expect((await accept(c.partnerB, mine)).body.state).toBe('in-force');
  });

  it('an agreement in force is archived only by both partners: one asks, the other confirms', async () => {
    const { agreement } = await agreementInForce([item('Phones', 'Open phones.')]);
    const lone = await c.partnerA.patch<ApiErrorBody>(`/api/documents/${agreement.id}`, { archived: true });
    expect(lone.status).toBe(403);
    expect(lone.body.message).toMatch(/archived only by both partners/);
    expect((await c.counselor.patch(`/api/documents/${agreement.id}`, { archived: true })).status).toBe(403);
    expect((await c.counselor.post(`${base(agreement.id)}/archive-request`)).status).toBe(403);
    expect((await c.partnerA.post(`${base(agreement.id)}/archive-request`)).status).toBe(201);
    expect((await overview(c.partnerB, agreement.id)).archiveRequest).toMatchObject({ requestedBy: { name: 'Alex' } });
    expect((await c.partnerA.post(`${base(agreement.id)}/archive-request/confirm`)).status).toBe(409);
    expect((await c.partnerB.post(`${base(agreement.id)}/archive-request/confirm`)).status).toBe(204);
    expect((await c.partnerA.get<DocumentView>(`/api/documents/${agreement.id}`)).body.archived).toBe(true);
  });

  it('withdrawing one’s own proposal closes it; a draft whose proposal closed takes edits again', async () => {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Draft');
    const items = [item('Phones', 'Open phones.')];
    await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
    const p = await propose(c.partnerA, agreement.id);
    expect((await c.partnerB.post<ApiErrorBody>(`${proposalPath(p)}/withdraw`)).status).toBe(403);
    expect((await c.partnerA.post<ProposalView>(`${proposalPath(p)}/withdraw`)).body).toMatchObject({ state: 'withdrawn' });
    expect(await retitle(app.wsUrl, p.id, c.partnerA, items[0]!.id, 'Too late')).toBe(ReceiptStatus.refused);
    expect(await retitle(app.wsUrl, agreement.id, c.partnerB, items[0]!.id, 'Draft again')).toBe(ReceiptStatus.stored);
    expect((await overview(c.partnerA, agreement.id)).draftItems![0]!.title).toBe('Draft again');
  });
});

describe('agreements on the embedded PGlite', () => {
  let app: TestApp;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp('pglite');
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  it('a version comes into force when both accept, and the stored version can never be changed', async () => {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Evenings');
    const items = [item('Phones at dinner', 'Phones stay in the hall during dinner.')];
    await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
    const p = (await c.partnerA.post<ProposalView>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    await c.partnerA.post(`/api/agreements/${agreement.id}/proposals/${p.id}/accept`, {});
    expect((await c.partnerB.post<ProposalView>(`/api/agreements/${agreement.id}/proposals/${p.id}/accept`, {})).body.state).toBe('in-force');
    expect((await c.partnerB.get<AgreementView>(`/api/agreements/${agreement.id}`)).body.inForce).toMatchObject({ number: 1, items });
    await expect(app.dataSource.query(`UPDATE agreement_version SET items = '[]' WHERE agreement_id = $1`, [agreement.id])).rejects.toThrow(/immutable/);
  });
});
