import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, SYNC_PATH, writeAgreementItems, type AgreementItem, type ProposalView } from '@kinship/domain';
import { call, SESSION_COOKIE, type Session } from './rest';

function cookieWebSocket(cookie: string) {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

/**
 * Changes a document's items as a person would from another device: a stock y-websocket client
 * in Node, synced, `change` applied to its agreement fragment, then closed once the server has it.
 */
export async function editAgreementElsewhere(baseUrl: string, person: Session, documentId: string, change: (fragment: Y.XmlFragment) => void): Promise<void> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}${SYNC_PATH}`, documentId, doc, {
    WebSocketPolyfill: cookieWebSocket(`${SESSION_COOKIE}=${person.session}`) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the sync server did not send the document within 10 s')), 10_000);
      provider.once('sync', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    change(doc.getXmlFragment(AGREEMENT_FRAGMENT));
    // The stock client has no acknowledgement: wait until the server sends back the same state.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    provider.destroy();
    doc.destroy();
  }
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
