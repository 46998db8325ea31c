import { ReceiptStatus } from '@kinship/domain/wire';
import { AgreementVersionSummary, AgreementView, ProposalView } from '@kinship/domain/agreements';
import { ApiProcess } from './support/api-process';
import { createDocument, setUpCouple } from './support/couple';
import { HttpClient } from './support/http-client';
import { TEST_DATABASE_URL } from './support/test-app';
import { item, retitle, writeItems } from './support/agreement-client';

/** Versions, decisions, withdrawals and comments live in PostgreSQL: an API killed outright comes back with all of them. */
describe('an agreement’s history across an API restart', () => {
  const api = new ApiProcess({ PORT: '0', WEB_DIST: '/nonexistent', DATABASE_URL: TEST_DATABASE_URL });
  afterAll(() => api.kill());

  it('after SIGKILL and a start, every version, decision (with its withdrawal) and comment is there as before', async () => {
    let url = await api.start();
    const ws = () => url.replace(/^http/, 'ws');
    const c = await setUpCouple(url);
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Evenings');
    const items = [item('Phones', 'Phones stay in the hall.'), item('Late', 'Text if later than 7.')];
    await writeItems(ws(), agreement.id, c.partnerA, items);
    const path = (p: ProposalView) => `/api/agreements/${agreement.id}/proposals/${p.id}`;
    const propose = async () => (await c.partnerA.post<ProposalView>(`/api/agreements/${agreement.id}/proposals`, {})).body;

    const first = await propose();
    await c.partnerA.post(`${path(first)}/accept`, {});
    await c.partnerB.post(`${path(first)}/accept`, {});
    const second = await propose();
    await c.counselor.post(`${path(second)}/comments`, { itemId: items[1]!.id, text: 'What does late mean for each of you?' });
    await retitle(ws(), second.id, c.partnerA, items[1]!.id, 'Late (after 7)');
    await c.partnerA.post(`${path(second)}/accept`, {});
    await retitle(ws(), second.id, c.partnerB, items[1]!.id, 'Late (after 8)');
    let withdrawn = false;
    for (let i = 0; i < 100 && !withdrawn; i++) {
      withdrawn = !!(await c.partnerA.get<ProposalView>(path(second))).body.decisions[0]?.withdrawn;
      if (!withdrawn) await new Promise((r) => setTimeout(r, 50));
    }
    await c.partnerA.post(`${path(second)}/accept`, {});
    await c.partnerB.post(`${path(second)}/accept`, {});
    const third = await propose();
    await c.partnerB.post(`${path(third)}/decline`, { reason: 'Let us talk about it first.' });

    const read = async (who: HttpClient) => ({
      agreement: (await who.get<AgreementView>(`/api/agreements/${agreement.id}`)).body,
      versions: (await who.get<AgreementVersionSummary[]>(`/api/agreements/${agreement.id}/versions`)).body,
      proposals: await Promise.all([first, second, third].map(async (p) => (await who.get<ProposalView>(path(p))).body)),
    });
    const before = await read(c.partnerB);
    expect(before.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(before.agreement.inForce!.items.map((i) => i.title)).toEqual(['Phones', 'Late (after 8)']);
    expect(before.proposals[1]!.decisions).toEqual([
      expect.objectContaining({ name: 'Alex', withdrawn: expect.objectContaining({ reason: 'Blake edited item 2 after Alex accepted' }) }),
      expect.objectContaining({ name: 'Alex', withdrawn: null }),
      expect.objectContaining({ name: 'Blake', withdrawn: null }),
    ]);
    expect(before.proposals[1]!.comments).toHaveLength(1);
    expect(before.proposals.map((p) => p.state)).toEqual(['in-force', 'in-force', 'declined']);

    await api.kill();
    url = await api.start();
    const again = (who: HttpClient) => Object.assign(new HttpClient(url), { cookie: who.cookie });

    expect(await read(again(c.partnerB))).toEqual(before);
    // The version in force still holds against direct edits after the restart.
    expect(await retitle(ws(), agreement.id, again(c.partnerA), items[0]!.id, 'Changed')).toBe(ReceiptStatus.refused);
  });
});
