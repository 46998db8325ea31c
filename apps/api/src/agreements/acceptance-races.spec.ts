import * as Y from 'yjs';
import { ReceiptStatus } from '@kinship/domain/wire';
import { AgreementView, ProposalView } from '@kinship/domain/agreements';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { FIELD, item, itemNode, openDoc, writeItems } from '../../test/support/agreement-client';
import { receipt } from '../../test/support/sync-client';
import type { HttpClient } from '../../test/support/http-client';

/**
 * Someone still typing while the other accepts. An edit either is in the version both accepted,
 * or withdraws the acceptance it came after, or is refused before any receipt: it is never stored
 * beside the version, in a closed proposal that holds text no version has.
 */
describe('acceptances raced by edits', () => {
  let app: TestApp;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  const base = (agreementId: string) => `/api/agreements/${agreementId}`;
  const proposalPath = (p: ProposalView) => `${base(p.agreementId)}/proposals/${p.id}`;
  const accept = (who: HttpClient, p: ProposalView) => who.post<ProposalView>(`${proposalPath(p)}/accept`, {});

  it('an edit 0–20 ms after the second acceptance is in the version, withdraws an acceptance, or is refused: never stored beside it', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const delayMs = round * 2;
      const items = [item('Evenings', 'We eat together on weekdays.'), item('Phones', 'Phones stay in the hall.')];
      const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', `Race ${round}`);
      await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
      const proposal = (await c.partnerA.post<ProposalView>(`${base(agreement.id)}/proposals`, {})).body;
      const blake = await openDoc(app.wsUrl, proposal.id, c.partnerB);
      // Blake's first keystroke in this page (its client id is claimed), stored before the race.
      const title = itemNode(blake, items[1]!.id).get(0) as Y.XmlElement;
      const text = title.get(0) as Y.XmlText;
      text.insert(text.length, '!');
      expect(await receipt(blake)).toBe(ReceiptStatus.stored);

      expect((await accept(c.partnerA, proposal)).status).toBe(200);
      const [accepted, status] = await Promise.all([
        accept(c.partnerB, proposal),
        new Promise((r) => setTimeout(r, delayMs)).then(() => {
          text.insert(text.length, ` typed ${round}`);
          return receipt(blake);
        }),
      ]);
      blake.destroy();
      expect(accepted.status).toBe(200);
      await app.sync.store.drain();

      let view = (await c.partnerA.get<ProposalView>(proposalPath(proposal))).body;
      const inForce = (await c.partnerA.get<AgreementView>(base(agreement.id))).body.inForce;
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await app.sync.storedState(proposal.id));
      const storedHasEdit = stored.getXmlFragment(FIELD).toString().includes(`typed ${round}`);
      const versionHasEdit = inForce !== null && inForce.items[1]!.title.includes(`typed ${round}`);
      if (status === ReceiptStatus.stored) {
        expect(storedHasEdit).toBe(true);
        if (view.state === 'in-force') {
          expect(versionHasEdit).toBe(true);
          outcomes.push('in the version');
        } else {
          // Not both: Alex's acceptance of the state before the edit no longer stands.
          expect(view.state).toBe('open');
          const alexStands = (v: ProposalView) => v.decisions.some((d) => d.name === 'Alex' && d.decision === 'accepted' && d.withdrawn === null);
          for (let tries = 0; alexStands(view) && tries < 50; tries++) {
            await new Promise((r) => setTimeout(r, 100));
            view = (await c.partnerA.get<ProposalView>(proposalPath(proposal))).body;
          }
          expect(alexStands(view)).toBe(false);
          outcomes.push('withdrew an acceptance');
        }
      } else {
        expect(status).toBe(ReceiptStatus.refused);
        expect(view.state).toBe('in-force');
        expect(storedHasEdit).toBe(false);
        expect(versionHasEdit).toBe(false);
        outcomes.push('refused');
      }
      // Whatever happened, a closed proposal holds exactly the version in force.
      if (view.state === 'in-force') expect(view.items).toEqual(inForce!.items);
      stored.destroy();
    }
    // Every round ended in one of the three outcomes.
    expect(outcomes).toHaveLength(10);
  });

  it('a version written into the agreement after 66 editing sessions on its proposal loads whole, read after read', async () => {
    const items = [item('Evenings', 'We eat together.'), item('Phones', 'Phones stay in the hall.')];
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Lived draft');
    await writeItems(app.wsUrl, agreement.id, c.partnerA, items);
    const proposal = (await c.partnerA.post<ProposalView>(`${base(agreement.id)}/proposals`, {})).body;
    // 66 page loads, each a new client id that types into the proposal and takes some of it back.
    for (let session = 0; session < 66; session++) {
      const page = await openDoc(app.wsUrl, proposal.id, session % 2 === 0 ? c.partnerA : c.partnerB);
      const text = (itemNode(page, items[0]!.id).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(text.length, ` s${session}xx`);
      text.delete(text.length - 2, 2);
      expect(await receipt(page)).toBe(ReceiptStatus.stored);
      page.destroy();
    }
    expect((await accept(c.partnerA, proposal)).status).toBe(200);
    expect((await accept(c.partnerB, proposal)).body.state).toBe('in-force');
    for (let read = 0; read < 3; read++) {
      const overview = await c.partnerB.get<AgreementView>(base(agreement.id));
      expect(overview.status).toBe(200);
      expect(overview.body.inForce!.items[0]!.text).toContain(' s65');
      await app.sync.store.settle();
    }
    const reader = await openDoc(app.wsUrl, agreement.id, c.counselor);
    expect(reader.doc.getXmlFragment(FIELD).toString()).toContain(' s65');
    reader.destroy();
    const quarantined = await app.dataSource.query(`SELECT reason FROM document_quarantine WHERE document_id = ANY($1::uuid[])`, [[agreement.id, proposal.id]]);
    expect(quarantined).toEqual([]);
  });
});
