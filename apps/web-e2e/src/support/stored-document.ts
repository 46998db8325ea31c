import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SYNC_PATH } from '@kinship/domain/wire';
import { LOGIN_COOKIE, type Session } from './rest';

/** Node has no global WebSocket: the stock provider gets `ws`, carrying the session cookie. */
function cookieWebSocket(cookie: string) {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

/** The text of each top-level block of the editor's shared fragment, as Tiptap stores it. */
export function blockTexts(doc: Y.Doc): string[] {
  const text = (node: Y.XmlElement | Y.XmlText): string =>
    node instanceof Y.XmlText
      ? node.toDelta().map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join('')
      : node.toArray().map((child) => text(child as Y.XmlElement | Y.XmlText)).join('');
  return doc.getXmlFragment('default').toArray().map((node) => text(node as Y.XmlElement | Y.XmlText));
}

/**
 * What the sync server holds for a document, read by a stock y-websocket client in Node (not a
 * browser): the blocks' text once the first sync completes.
 */
export function storedBlockTexts(baseUrl: string, reader: Session, documentId: string): Promise<string[]> {
  return storedDocument(baseUrl, reader, documentId, blockTexts);
}

/**
 * A document as the sync server holds it, opened by a stock y-websocket client in Node: `read` runs
 * once the first sync completes (it may also edit, and wait for the server to have it), then the
 * client closes.
 */
export async function storedDocument<T>(baseUrl: string, reader: Session, documentId: string, read: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}${SYNC_PATH}`, documentId, doc, {
    WebSocketPolyfill: cookieWebSocket(`${LOGIN_COOKIE}=${reader.session}`) as unknown as typeof globalThis.WebSocket,
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
    return await read(doc);
  } finally {
    provider.destroy();
    doc.destroy();
  }
}
