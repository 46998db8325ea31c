import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { editorArea, openDocument, saveStatus, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { createDocument } from './support/rest';
import { eventually } from './support/wait';

function presenceTitle(page: Page): Promise<string> {
  return page.locator('.presence__title').innerText();
}

/**
 * A partner loses the connection, keeps writing, reloads while still offline, and reconnects:
 * nothing is lost, and the other partner then sees every word.
 *
 * The wire is cut for real: the context goes offline (every new request and WebSocket fails in
 * the browser's network stack), and the sync sockets that were already open (which Chromium's
 * offline emulation leaves alone) are closed at the same moment. Sync sockets are routed through
 * Playwright only so the test can close them; they connect to the real server from the page.
 */
describe('writing offline', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alexContext: BrowserContext;
  let alexPage: Page;
  let samPage: Page;
  let documentId = '';
  const openSockets = new Set<WebSocketRoute>();

  beforeAll(async () => {
    browser = await launchBrowser();
    documentId = (await createDocument(baseUrl, alex, couple.workspaceId, 'notes', 'What helps when we argue')).id;
    alexContext = await newContext(browser, { as: alex });
    await alexContext.routeWebSocket(/\/sync\//, (ws) => {
      const server = ws.connectToServer();
      openSockets.add(ws);
      ws.onClose(() => {
        openSockets.delete(ws);
        void server.close();
      });
      server.onClose((code, reason) => {
        openSockets.delete(ws);
        void ws.close({ code, reason });
      });
    });
    const samContext = await newContext(browser, { as: sam });
    contexts.push(alexContext, samContext);
    alexPage = await newPage(alexContext);
    samPage = await newPage(samContext);
    await openDocument(alexPage, couple.workspaceId, documentId);
    await openDocument(samPage, couple.workspaceId, documentId);
    await typeAtEnd(alexPage, 'Before the tunnel.');
    await samPage.getByText('Before the tunnel.').waitFor();
    await statusSays(alexPage, 'All changes saved').waitFor();
    // The app shell must be on the device before going offline (the service worker controls the page).
    await alexPage.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000 });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('while offline, the presence list does not claim anyone is here now', async () => {
    await alexPage.locator('.presence__person', { hasText: 'Sam Okafor' }).waitFor();
    expect(await presenceTitle(alexPage)).toBe('Here now');
    // The network goes; the open socket lingers for a moment, as a dead network's sockets do.
    await alexContext.setOffline(true);
    await eventually(() => presenceTitle(alexPage), (title) => title !== 'Here now', 3000);
    const presence = await alexPage.locator('.presence').innerText();
    expect(presence).not.toContain('Here now');
    expect(presence).toContain("can't tell who is here");
    // Whom this device saw last is still shown, as last seen, not as present.
    expect(presence).toContain('Sam Okafor');
    await screenshot(alexPage, 'presence-offline');
  });

  it('says so when the connection drops, and keeps what is typed on the device', async () => {
    for (const socket of [...openSockets]) await socket.close({ code: 4000, reason: 'network lost (test)' });
    await statusSays(alexPage, 'Offline — changes kept on this device').waitFor({ timeout: 5000 });
    expect(await alexPage.locator('.presence').innerText()).not.toContain('Here now');

    await typeAtEnd(alexPage, ' Written on the train, offline.');
    await expect(saveStatus(alexPage).innerText()).resolves.toContain('Offline');
    await samPage.waitForTimeout(1500);
    expect(await editorArea(samPage).innerText()).not.toContain('Written on the train');
  });

  it('a reload while offline opens the document with nothing lost', async () => {
    await alexPage.reload();
    await editorArea(alexPage).waitFor({ timeout: 15_000 });
    await alexPage.getByText('Written on the train, offline.').waitFor();
    await statusSays(alexPage, 'Offline — changes kept on this device').waitFor();
    // The server was not reached: the page and the account came from this device.
    await alexPage.getByText("You're offline. Documents you opened on this device still work").waitFor();
    await typeAtEnd(alexPage, ' Still offline after a reload.');
    await samPage.waitForTimeout(500);
    expect(await editorArea(samPage).innerText()).not.toContain('Still offline');
  });

  it('sends everything when the connection returns, and then says it is saved', async () => {
    await alexContext.setOffline(false);
    await statusSays(alexPage, 'All changes saved').waitFor({ timeout: 15_000 });
    // Screen readers hear the return too, once.
    await alexPage.getByText('Back online. All changes saved.').waitFor({ state: 'attached' });
    await alexPage.getByText("You're offline. Documents you opened").waitFor({ state: 'detached' });
    await samPage.getByText('Before the tunnel. Written on the train, offline. Still offline after a reload.').waitFor();
    // Presence is live again: Sam is here now.
    await eventually(() => presenceTitle(alexPage), (title) => title === 'Here now');
    await alexPage.locator('.presence__person', { hasText: 'Sam Okafor' }).waitFor();
    expect(await editorArea(alexPage).innerText()).toContain('Before the tunnel. Written on the train, offline. Still offline after a reload.');
    expect(uncaughtErrors(samPage)).toEqual([]);
  });

  it('what was sent is stored on the server: a fresh device sees it', async () => {
    const context = await newContext(browser, { as: sam });
    contexts.push(context);
    const fresh = await newPage(context);
    await openDocument(fresh, couple.workspaceId, documentId);
    await fresh.getByText('Still offline after a reload.').waitFor();
  });
});
