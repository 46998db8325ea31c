import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';

/** Where a watched page's traffic goes (see watchWire). */
export interface WireLog {
  /** Everything the pages received: REST and other HTTP bodies, WebSocket frames. */
  received: string[];
  /** The URL of every request the pages made. */
  requests: string[];
  /** Live-session sockets each page opened (one per page load, whatever page; the app-wide notifications socket aside). */
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
    if (url.pathname.startsWith('/live') && url.searchParams.get('for') !== 'notifications') liveSockets.set(page, (liveSockets.get(page) ?? 0) + 1);
    socket.on('framereceived', ({ payload }) => received.push(Buffer.from(payload).toString('latin1')));
  });
}

/**
 * Sends a browser context's live-session sockets through the test, which can cut them: each open
 * one is in `open` (for the test to close), and while `isCut()` a new one is closed at once.
 */
export function routeLiveSockets(context: BrowserContext, isCut: () => boolean, open: Set<WebSocketRoute>): Promise<void> {
  return context.routeWebSocket(/\/live\//, (ws) => {
    if (isCut()) {
      void ws.close({ code: 1001, reason: 'cut by the test' });
      return;
    }
    const server = ws.connectToServer();
    open.add(ws);
    ws.onClose(() => {
      open.delete(ws);
      void server.close();
    });
    server.onClose((code, reason) => {
      open.delete(ws);
      void ws.close({ code, reason });
    });
  });
}
