import { randomUUID } from 'node:crypto';
import { ApiErrorBody, DocumentView, ReceiptStatus } from '@kinship/domain/wire';
import { AgreementItem, ProposalView } from '@kinship/domain/agreements';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { FIELD, item, itemNode, openDoc, writeItems } from '../../test/support/agreement-client';
import { receipt } from '../../test/support/sync-client';
import type { HttpClient } from '../../test/support/http-client';
import { ContentCipher, SEALED_TEXT_PREFIX } from '../encryption/content-cipher';
import { sealExistingContent } from '../encryption/seal-existing';

/** Issue 21, item 8: proposal routes read the agreement in their path; version numbers in range; withdrawal reasons sealed. */
describe('agreements: the path names the proposal’s agreement, version numbers are checked, withdrawal reasons are sealed', () => {
  let app: TestApp;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  const base = (agreementId: string) => `/api/agreements/${agreementId}`;

  async function propose(who: HttpClient, agreementId: string): Promise<ProposalView> {
    const res = await who.post<ProposalView>(`${base(agreementId)}/proposals`, {});
    expect(res.status).toBe(201);
    return res.body;
  }

  /** An agreement with version 1 in force (a draft both partners accepted). */
  async function agreementInForce(title: string, items: AgreementItem[]): Promise<DocumentView> {
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', title);
    await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
    const first = await propose(c.partnerA, agreement.id);
    expect((await c.partnerA.post(`${base(agreement.id)}/proposals/${first.id}/accept`, {})).status).toBe(200);
    expect((await c.partnerB.post<ProposalView>(`${base(agreement.id)}/proposals/${first.id}/accept`, {})).body.state).toBe('in-force');
    return agreement;
  }

  /** Removes an item from a proposal as a person editing it; resolves with the receipt status. */
  async function removeItem(documentId: string, person: HttpClient, itemId: string): Promise<ReceiptStatus> {
    const client = await openDoc(app.wsUrl, documentId, person);
    try {
      const fragment = client.doc.getXmlFragment(FIELD);
      fragment.delete(fragment.toArray().indexOf(itemNode(client, itemId)), 1);
      return await receipt(client);
    } finally {
      client.destroy();
    }
  }

  it('every proposal route answers 404 unless the proposal belongs to the agreement in the path, and changes nothing', async () => {
    const items = [item('Phones', 'Open phones.'), item('Late', 'Text when late.')];
    const ours = await agreementInForce('Phones and trust', items);
    const other = await agreementInForce('Money', [item('Purchases', 'Big purchases together.')]);
    const p = await propose(c.partnerA, ours.id);
    const proposalAt = (agreementId: string) => `${base(agreementId)}/proposals/${p.id}`;
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['POST', '/accept', {}],
      ['POST', '/decline', { reason: 'Not this one' }],
      ['POST', '/withdraw'],
      ['POST', '/comments', { itemId: items[0]!.id, text: 'A comment through the wrong agreement' }],
      ['POST', '/rebase'],
      ['POST', `/conflicts/${items[0]!.id}/keep`],
    ];
    // Another agreement the caller may read, one that does not exist, and a document that is no agreement.
    const notes = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Shared notes');
    for (const agreementId of [other.id, randomUUID(), notes.id]) {
      for (const [method, suffix, body] of routes) {
        const res = await c.partnerA.request<ApiErrorBody>(method, `${proposalAt(agreementId)}${suffix}`, body);
        expect({ route: `${method} …${suffix}`, agreementId, status: res.status }).toEqual({ route: `${method} …${suffix}`, agreementId, status: 404 });
        expect(res.body.message).toBe('Proposal was not found');
      }
    }
    // Nothing happened to the proposal.
    const seen = await c.partnerB.get<ProposalView>(proposalAt(ours.id));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ state: 'open', decisions: [], comments: [], agreementId: ours.id });
    // The proposal's own agreement id still works, for every route.
    expect((await c.partnerA.post(`${proposalAt(ours.id)}/comments`, { itemId: items[0]!.id, text: 'Through the right one' })).status).toBe(201);
    expect((await c.partnerA.post<ProposalView>(`${proposalAt(ours.id)}/accept`, {})).body.decisions).toHaveLength(1);
    // A stranger learns nothing either way.
    expect((await c.stranger.get(proposalAt(ours.id))).status).toBe(404);
    expect((await c.stranger.get(proposalAt(other.id))).status).toBe(404);
  });

  it('a version number outside 1 to 2^31−1 is refused (400, saying so), never a server error; one in range that does not exist is 404', async () => {
    const agreement = await agreementInForce('Evenings', [item('Dinner', 'Phones stay in the hall.')]);
    const tooBig = ['2147483648', '4294967296', '99999999999999999999', '1e30'];
    for (const n of [...tooBig, '0', '-1', '1.5']) {
      for (const path of [`/versions/${n}`, `/versions/${n}/export.md`]) {
        const res = await c.partnerA.get<ApiErrorBody>(`${base(agreement.id)}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.message).toMatch(/version number.*1 to 2147483647/i);
      }
    }
    for (const [from, to] of [
      ['0', '2147483648'],
      ['2147483648', '1'],
      ['1', '99999999999999999999'],
    ]) {
      const res = await c.partnerA.get<ApiErrorBody>(`${base(agreement.id)}/versions/compare?from=${from}&to=${to}`);
      expect({ from, to, status: res.status }).toEqual({ from, to, status: 400 });
      expect(res.body.message).toMatch(/2147483647/);
    }
    // In range: found, or not found.
    expect((await c.partnerA.get(`${base(agreement.id)}/versions/1`)).status).toBe(200);
    expect((await c.partnerA.get(`${base(agreement.id)}/versions/2147483647`)).status).toBe(404);
    expect((await c.partnerA.get(`${base(agreement.id)}/versions/2147483647/export.md`)).status).toBe(404);
    // What is no number at all names no version.
    expect((await c.partnerA.get(`${base(agreement.id)}/versions/latest`)).status).toBe(404);
    expect((await c.partnerA.get(`${base(agreement.id)}/versions/compare?from=0&to=2147483647`)).status).toBe(404);
    expect((await c.partnerA.get(`${base(agreement.id)}/versions/compare?from=0&to=1`)).status).toBe(200);
  });

  it('an acceptance’s withdrawal reason (it names item titles) is stored sealed, read back in words, and old clear ones are sealed at boot', async () => {
    const secret = `Passwords${randomUUID().slice(0, 8)}`;
    const items = [item('Phones', 'Open phones.'), item(secret, 'We share passwords to email.')];
    const agreement = await agreementInForce('Accounts', items);
    const p = await propose(c.partnerA, agreement.id);
    const path = `${base(agreement.id)}/proposals/${p.id}`;
    expect((await c.partnerA.post(`${path}/accept`, {})).status).toBe(200);
    expect(await removeItem(p.id, c.partnerB, items[1]!.id)).toBe(ReceiptStatus.stored);

    const why = `Blake removed “${secret}” after Alex accepted`;
    let reason: string | undefined;
    for (let i = 0; i < 100 && reason === undefined; i++) {
      reason = (await c.partnerA.get<ProposalView>(path)).body.decisions[0]?.withdrawn?.reason;
      if (reason === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(reason).toBe(why);
    const raw = async () =>
      ((await app.dataSource.query(`SELECT withdrawn_reason FROM proposal_decision WHERE proposal_id = $1`, [p.id])) as { withdrawn_reason: string }[]).map((r) => r.withdrawn_reason);
    const stored = await raw();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.startsWith(SEALED_TEXT_PREFIX)).toBe(true);
    expect(stored[0]).not.toContain(secret);
    expect(stored[0]).not.toContain('removed');

    // A reason written in the clear by an earlier version is sealed once, at boot.
    const earlier = `Alex edited item 9 after Blake accepted ${secret}`;
    await app.dataSource.query(`UPDATE proposal_decision SET withdrawn_reason = $2 WHERE proposal_id = $1`, [p.id, earlier]);
    expect((await c.partnerB.get<ProposalView>(path)).body.decisions[0]!.withdrawn!.reason).toBe(earlier);
    await app.dataSource.query(`DELETE FROM content_sealing WHERE name = 'proposal_decision.withdrawn_reason'`);
    await sealExistingContent(app.dataSource, app.app.get(ContentCipher));
    const resealed = await raw();
    expect(resealed[0]!.startsWith(SEALED_TEXT_PREFIX)).toBe(true);
    expect(resealed[0]).not.toContain(secret);
    expect((await c.partnerB.get<ProposalView>(path)).body.decisions[0]!.withdrawn!.reason).toBe(earlier);
  });
});
