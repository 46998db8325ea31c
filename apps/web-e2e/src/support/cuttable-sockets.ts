import type { BrowserContext, WebSocketRoute } from 'playwright-core';

/**
 * Sends a browser context's sockets to `url` through the test, which can cut them: each open one
 * is in `open` (for the test to close), and while `isCut()` a new one is closed at once with
 * `refusal`.
 */
export function routeCuttableSockets(
  context: BrowserContext,
  url: RegExp,
  isCut: () => boolean,
  open: Set<WebSocketRoute>,
  refusal: { code: number; reason: string },
): Promise<void> {
  return context.routeWebSocket(url, (ws) => {
    if (isCut()) {
      void ws.close(refusal);
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
