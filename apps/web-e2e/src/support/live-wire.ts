import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { routeCuttableSockets } from './cuttable-sockets';

/** Where a watched page's traffic goes (see watchWire). */
export interface WireLog {
  /** Everything the pages received: REST and other HTTP bodies, WebSocket frames. */
  received: string[];
  /** The URL of every request the pages made. */
  requests: string[];
  /** `/live` sockets each page opened (one per page load, whatever page: the tab's one socket, shared by the bell and the live session). */
  liveSockets: Map<Page, number>;
}

/** Logs what a page asks for and receives, by any path, so a journey can show something never reached it. */
export function watchWire(page: Page, { received, requests, liveSockets }: WireLog): void {
  page.on('request', (request) => requests.push(request.url()));
  page.on('response', async (response) => {
    received.push(`${response.status()} ${response.url()} ${await response.text().catch(() => '')}`);
  });
  page.on('websocket', (socket) => {
    const url = new URL(socket.url());
    if (url.pathname.startsWith('/live')) liveSockets.set(page, (liveSockets.get(page) ?? 0) + 1);
    socket.on('framereceived', ({ payload }) => received.push(Buffer.from(payload).toString('latin1')));
  });
}

/** A browser context's live-session sockets, routed through the test so it can cut them (see routeCuttableSockets). */
export function routeLiveSockets(context: BrowserContext, isCut: () => boolean, open: Set<WebSocketRoute>): Promise<void> {
  return routeCuttableSockets(context, /\/live\//, isCut, open, { code: 1001, reason: 'cut by the test' });
}
