import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { deviceContents } from './support/device';
import { editorArea, openDocument, saveStatus, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { routeCuttableSockets } from './support/cuttable-sockets';
import { call, createDocument, register, type Session } from './support/rest';
import { eventually } from './support/wait';

/**
 * Logging out leaves nothing of Kinship on the device: no document copies, no remembered account
 * or documents. When the device holds edits the server has not confirmed, the person is asked
 * first, in plain words, and nothing is deleted unless they choose it.
 */
describe('logging out', () => {
  const { baseUrl } = e2e();
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /** A counselor of their own (logging out ends their session, so never one shared with other specs). */
  async function counselorWithDocument(name: string): Promise<{ person: Session; workspaceId: string; documentId: string }> {
    const person = await register(baseUrl, name);
    const workspace = await call<{ id: string }>(baseUrl, person.session, 'POST', '/workspaces', { name: `${name}'s practice` });
    const document = await createDocument(baseUrl, person, workspace.id, 'notes', 'Session notes to share');
    return { person, workspaceId: workspace.id, documentId: document.id };
  }

  it('with everything saved: logs out at once and deletes everything Kinship kept on the device', async () => {
    const { person, workspaceId, documentId } = await counselorWithDocument('Rowan Vale');
    const context = await newContext(browser, { as: person });
    contexts.push(context);
    const page = await newPage(context);
    await openDocument(page, workspaceId, documentId);
    await typeAtEnd(page, 'We met on Tuesday.');
    await statusSays(page, 'All changes saved').waitFor();
    const before = await deviceContents(page);
    expect(before.databases.length).toBeGreaterThan(0);
    expect(before.storageKeys.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await eventually(() => deviceContents(page), (c) => c.databases.length === 0 && c.storageKeys.length === 0);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('with unconfirmed edits: asks first; staying keeps them, confirming deletes them', async () => {
    const { person, workspaceId, documentId } = await counselorWithDocument('Quinn Hale');
    const context = await newContext(browser, { as: person });
    contexts.push(context);
    // The sync connection can be cut while the REST API stays reachable (say, a proxy that drops
    // WebSockets): edits then wait on the device, unconfirmed.
    let syncBlocked = false;
    const sockets = new Set<WebSocketRoute>();
    await routeCuttableSockets(context, /\/sync\//, () => syncBlocked, sockets, { code: 4000, reason: 'blocked (test)' });
    const page: Page = await newPage(context);
    await openDocument(page, workspaceId, documentId);
    syncBlocked = true;
    for (const socket of [...sockets]) await socket.close({ code: 4000, reason: 'blocked (test)' });
    await statusSays(page, 'Offline — changes kept on this device').waitFor();
    await typeAtEnd(page, 'Not sent yet.');
    expect(await saveStatus(page).innerText()).toContain('Offline');

    await page.getByRole('button', { name: 'Log out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log out and delete unsaved changes to one document from this device?' });
    await dialog.waitFor();
    await dialog.getByText('Session notes to share').waitFor();
    // The safe choice has the focus.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stay logged in');
    await screenshot(page, 'logout-unsaved-changes');
    await dialog.getByRole('button', { name: 'Stay logged in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(page.url()).toContain(documentId);
    expect(await editorArea(page).innerText()).toContain('Not sent yet.');
    expect((await deviceContents(page)).databases).toContain(`kinship:${person.account.id}:${documentId}`);

    await page.getByRole('button', { name: 'Log out' }).click();
    await dialog.getByRole('button', { name: 'Log out and delete them' }).click();
    await page.waitForURL(/\/login/);
    await eventually(() => deviceContents(page), (c) => c.databases.length === 0 && c.storageKeys.length === 0);
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
