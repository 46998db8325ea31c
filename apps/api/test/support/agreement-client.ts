import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, AgreementItem, writeAgreementItems } from '@kinship/domain/agreements';
import { HttpClient } from './http-client';
import { receipt, stockClient, StockClient, stored, synced, until } from './sync-client';

/** The Tiptap collaboration field an agreement's items live in. */
export const FIELD = AGREEMENT_FRAGMENT;

export const item = (title: string, text: string, binds = 'both'): AgreementItem => ({ id: randomUUID(), title, text, binds, status: 'active' });

/** A stock y-websocket client on an agreement or proposal document, synced. */
export async function openDoc(wsUrl: string, documentId: string, person: HttpClient): Promise<StockClient> {
  const client = stockClient(wsUrl, documentId, person.cookie);
  await synced(client);
  return client;
}

/** Writes items into a document as a person's edit, and waits until it is stored. */
export async function writeItems(wsUrl: string, documentId: string, person: HttpClient, items: AgreementItem[]): Promise<void> {
  const client = await openDoc(wsUrl, documentId, person);
  try {
    writeAgreementItems(client.doc.getXmlFragment(FIELD), items);
    await stored(client);
  } finally {
    client.destroy();
  }
}

/** The item node with this id in a client's document. */
export function itemNode(client: StockClient, itemId: string): Y.XmlElement {
  const node = client.doc
    .getXmlFragment(FIELD)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('itemId') === itemId);
  if (!node) throw new Error(`no item ${itemId}`);
  return node;
}

/** Retitles an item as a person typing it (through their own stock client); resolves with the receipt status. */
export async function retitle(wsUrl: string, documentId: string, person: HttpClient, itemId: string, title: string) {
  const client = await openDoc(wsUrl, documentId, person);
  try {
    const heading = itemNode(client, itemId)
      .toArray()
      .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'agreementItemTitle')!;
    const text = heading.get(0) as Y.XmlText;
    client.doc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, title);
    });
    return await receipt(client);
  } finally {
    client.destroy();
  }
}

export { until };
