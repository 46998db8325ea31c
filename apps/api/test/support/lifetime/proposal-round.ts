import * as Y from 'yjs';
import { ReceiptStatus } from '@kinship/domain/wire';
import { AgreementView, ProposalView, agreementItemElement, readAgreement } from '@kinship/domain/agreements';
import { FIELD, item } from '../agreement-client';
import { itemsOf, stateHash } from '../../../src/agreements/agreement-content';
import { pause, pick, rngOf, words } from './lifetime-plan';
import type { LifetimeRun, Person, RaceOutcome } from './lifetime-run';
import { Page } from './lifetime-page';
import { storedState } from './stored-state';

/** The lifetime spec's agreements (lifetime.spec.ts): a proposal through to a version, raced by an edit. */

export const proposalPath = (agreementId: string, proposalId: string) => `/api/agreements/${agreementId}/proposals/${proposalId}`;

export function xmlTextIn(page: Page, itemId: string, nodeName: string): Y.XmlText {
  const node = page.doc
    .getXmlFragment(FIELD)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('itemId') === itemId);
  if (!node) throw new Error(`no item ${itemId} in ${page.who}`);
  const block = node.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === nodeName);
  if (!block || !(block.get(0) instanceof Y.XmlText)) throw new Error(`item ${itemId} has no ${nodeName} text`);
  return block.get(0) as Y.XmlText;
}

/**
 * A proposal through to a version: the proposer edits it, one partner accepts, the other
 * accepts while the racer types at 0–20 ms. Then: the version is the closed proposal, as stored,
 * and both standing acceptances are of its exact state.
 */
export async function proposalRound(run: LifetimeRun, agreementId: string, day: number, [alex, blake]: Person[]): Promise<void> {
  const rng = rngOf('proposals');
  const proposer = (day / 5) % 2 === 0 ? blake! : alex!;
  const res = await run.call<ProposalView>(proposer.http, pick(rng, run.alive()), 'POST', `/api/agreements/${agreementId}/proposals`, {});
  if (res.status !== 201 && res.status !== 200) throw new Error(`day ${day}: proposing answered ${res.status} ${JSON.stringify(res.body)}`);
  const proposal = res.body;
  const path = proposalPath(agreementId, proposal.id);

  // The proposer changes a sentence of an item; on some days adds an item.
  const edit = new Page(run, `${proposer.name}'s proposal page (day ${day})`, proposer, proposal.id, pick(rng, run.alive()));
  run.loads.proposal++;
  try {
    await edit.synced();
    const items = readAgreement(edit.doc.getXmlFragment(FIELD));
    const changed = pick(rng, items);
    const paragraph = xmlTextIn(edit, changed.id, 'paragraph');
    paragraph.insert(paragraph.length, ` Revised on day ${day}.`);
    if (day % 20 === 0) {
      const fragment = edit.doc.getXmlFragment(FIELD);
      edit.doc.transact(() => fragment.insert(fragment.length, [agreementItemElement(item(`Day ${day}`, `Added on day ${day}: ${words(rng, 5)}.`))]));
    }
    const status = await edit.receipt();
    if (status !== ReceiptStatus.stored) run.fail(`day ${day}: the proposer's edit was refused`);
  } finally {
    edit.destroy();
  }

  const [first, second] = rng() < 0.5 ? [alex!, blake!] : [blake!, alex!];
  const racer = rng() < 0.5 ? first : second;
  const racing = new Page(run, `${racer.name}'s racing proposal page (day ${day})`, racer, proposal.id, pick(rng, run.alive()));
  run.loads.proposal++;
  const delayMs = Math.floor(rng() * 21);
  const raceText = ` typed on day ${day}`;
  let status: ReceiptStatus;
  try {
    await racing.synced();
    const items = readAgreement(racing.doc.getXmlFragment(FIELD));
    const title = xmlTextIn(racing, pick(rng, items).id, 'agreementItemTitle');
    // The racer's first keystroke in this page (its client id claimed), stored before anyone accepts.
    title.insert(title.length, '!');
    if ((await racing.receipt()) !== ReceiptStatus.stored) run.fail(`day ${day}: the racer's first keystroke was refused`);
    const accepted = await run.call<ProposalView>(first.http, pick(rng, run.alive()), 'POST', `${path}/accept`, {});
    if (accepted.status !== 200) run.fail(`day ${day}: ${first.name}'s acceptance answered ${accepted.status} ${JSON.stringify(accepted.body)}`);
    const acceptOn = pick(rng, run.alive());
    const [secondAccepted, raced] = await Promise.all([
      run.call<ProposalView>(second.http, acceptOn, 'POST', `${path}/accept`, {}),
      pause(delayMs).then(() => {
        title.insert(title.length, raceText);
        return racing.receipt();
      }),
    ]);
    status = raced;
    if (secondAccepted.status !== 200) run.fail(`day ${day}: ${second.name}'s acceptance answered ${secondAccepted.status} ${JSON.stringify(secondAccepted.body)}`);
  } finally {
    racing.destroy();
  }

  // An acceptance the edit came after is withdrawn: both accept again (each acceptance is of the state it reads).
  let view = (await run.call<ProposalView>(alex!.http, pick(rng, run.alive()), 'GET', path)).body;
  let outcome: RaceOutcome['outcome'] =
    status === ReceiptStatus.refused ? 'refused' : view.state === 'in-force' ? 'in the version' : view.state === 'open' ? 'withdrew an acceptance' : 'unexpected';
  for (let round = 0; round < 3 && view.state === 'open'; round++) {
    for (const who of [first, second]) {
      const again = await run.call<ProposalView>(who.http, pick(rng, run.alive()), 'POST', `${path}/accept`, {});
      if (again.status !== 200) run.fail(`day ${day}: ${who.name}'s acceptance again answered ${again.status} ${JSON.stringify(again.body)}`);
      view = again.body;
      if (view.state !== 'open') break;
    }
  }
  if (status === ReceiptStatus.refused && view.state !== 'in-force') outcome = 'unexpected';
  run.races.push({ day, delayMs, racer: racer === first ? `${racer.name} (accepted first)` : `${racer.name} (accepted second)`, outcome });
  if (outcome === 'unexpected' || view.state !== 'in-force') {
    run.fail(`day ${day}: the race ended ${outcome}, the proposal ${view.state} (receipt ${status})`);
    return;
  }

  // The version is what both accepted: the closed proposal, as stored, and both standing acceptances are of its state.
  const agreement = (await run.call<AgreementView>(alex!.http, pick(rng, run.alive()), 'GET', `/api/agreements/${agreementId}`)).body;
  const inForce = agreement.inForce;
  const number = run.versions.length + 1;
  if (!inForce || inForce.number !== number || inForce.proposalId !== proposal.id) {
    run.fail(`day ${day}: version ${number} from this proposal is not in force: ${JSON.stringify(inForce && { number: inForce.number, proposalId: inForce.proposalId })}`);
    return;
  }
  if (JSON.stringify(inForce.items) !== JSON.stringify(view.items)) run.fail(`day ${day}: version ${number} differs from the closed proposal`);
  const stored = await storedState(run, proposal.id);
  if (JSON.stringify(itemsOf(stored)) !== JSON.stringify(inForce.items)) {
    run.fail(`day ${day}: the proposal as stored holds other items than version ${number}: ${JSON.stringify(itemsOf(stored).map((i) => i.title))} vs ${JSON.stringify(inForce.items.map((i) => i.title))}`);
  }
  const standing: { account_id: string; state_hash: string }[] = (
    await run.db.query(`SELECT account_id, state_hash FROM proposal_decision WHERE proposal_id = $1 AND decision = 'accepted' AND withdrawn_at IS NULL`, [proposal.id])
  ).rows;
  const hashes = new Set(standing.map((d) => d.state_hash));
  if (standing.length !== 2 || new Set(standing.map((d) => d.account_id)).size !== 2 || hashes.size !== 1) {
    run.fail(`day ${day}: the standing acceptances are not both partners' of one state: ${JSON.stringify(standing)}`);
  } else {
    if (!hashes.has(view.stateHash)) run.fail(`day ${day}: both accepted another state than the closed proposal's`);
    if (!hashes.has(stateHash(stored))) run.fail(`day ${day}: both accepted another state than the proposal's stored state`);
  }
  const hasRace = inForce.items.some((i) => i.title.includes(raceText.trim()));
  if (status === ReceiptStatus.stored && !hasRace) run.fail(`day ${day}: an edit acknowledged as stored is not in the version that closed the proposal`);
  if (status === ReceiptStatus.refused && hasRace) run.fail(`day ${day}: a refused edit is in the version`);
  run.versions.push({ number, proposalId: proposal.id, items: inForce.items });
}
