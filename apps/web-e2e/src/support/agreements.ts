import * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, writeAgreementItems, type AgreementItem, type ProposalView } from '@kinship/domain/agreements';
import { call, type Session } from './rest';
import { storedDocument } from './stored-document';

/**
 * Changes a document's items as a person would from another device: a stock y-websocket client
 * in Node, synced, `change` applied to its agreement fragment, then closed once the server has it.
 */
export function editAgreementElsewhere(baseUrl: string, person: Session, documentId: string, change: (fragment: Y.XmlFragment) => void): Promise<void> {
  return storedDocument(baseUrl, person, documentId, async (doc) => {
    change(doc.getXmlFragment(AGREEMENT_FRAGMENT));
    // The stock client has no acknowledgement: give the server time to have it before closing.
    await new Promise((r) => setTimeout(r, 500));
  });
}

/** An agreement whose version 1 is in force: items written to its draft, proposed, accepted by both partners. */
export async function agreementInForce(baseUrl: string, partners: [Session, Session], agreementId: string, items: AgreementItem[]): Promise<void> {
  await editAgreementElsewhere(baseUrl, partners[0], agreementId, (fragment) => writeAgreementItems(fragment, items));
  const first = await call<ProposalView>(baseUrl, partners[0].session, 'POST', `/agreements/${agreementId}/proposals`, {});
  for (const partner of partners) await call(baseUrl, partner.session, 'POST', `/agreements/${agreementId}/proposals/${first.id}/accept`, {});
}

/** Replaces an item's title in a fragment (the first text of its title node). */
export function retitleIn(fragment: Y.XmlFragment, itemId: string, title: string): void {
  const item = fragment.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('itemId') === itemId);
  const heading = item?.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'agreementItemTitle');
  if (!heading) throw new Error(`no item ${itemId}`);
  fragment.doc!.transact(() => {
    heading.delete(0, heading.length);
    heading.insert(0, [new Y.XmlText(title)]);
  });
}
