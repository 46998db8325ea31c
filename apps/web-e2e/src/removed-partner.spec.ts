import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { deviceContents, deviceCopyName } from './support/device';
import { openDocument, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { call, createCouple, createDocument, type Couple } from './support/rest';
import { eventually } from './support/wait';

/**
 * A partner removed by the counselor while the workspace is open on their screen is told so, in
 * plain words, on the home page; no stale copy of the workspace is shown after.
 */
describe('a partner removed while the workspace is open', () => {
  const { baseUrl } = e2e();
  let browser: Browser;
  let couple: Couple;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    couple = await createCouple(baseUrl, ['Hal Counselor', 'Ida Stone', 'Jay Stone']);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  async function phone(as: Couple['counselor']): Promise<Page> {
    const context = await newContext(browser, { as, width: 375, height: 760 });
    contexts.push(context);
    return newPage(context);
  }
  const workspaceName = 'Ida Stone & Jay Stone';
  const remove = (partner: Couple['counselor']) =>
    call(baseUrl, couple.counselor.session, 'DELETE', `/workspaces/${couple.workspaceId}/members/${partner.account.id}`);

  it('on a document: the page leaves for home and says "You are no longer in …"; the documents and the device copy are gone', async () => {
    const [ida] = couple.partners;
    const note = await createDocument(baseUrl, ida, couple.workspaceId, 'notes', 'Session 1 impressions');
    const page = await phone(ida);
    await openDocument(page, couple.workspaceId, note.id);
    await typeAtEnd(page, 'Written before the removal.');
    await statusSays(page, 'All changes saved').waitFor();

    await remove(ida);
    await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
    await page.getByText(`You are no longer in “${workspaceName}”.`).waitFor();
    await screenshot(page, 'no-longer-in-workspace-375');
    // No stale copy of the workspace: not listed, and going back to it does not show it.
    expect(await page.getByText('You are a partner').count()).toBe(0);
    await eventually(() => deviceContents(page), (c) => !c.databases.includes(deviceCopyName(ida.account.id, note.id)));
    // Back into the workspace within the app (no reload, so the in-memory cache would show it).
    await page.evaluate((path) => {
      history.pushState({}, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/workspaces/${couple.workspaceId}`);
    await page.getByText('This workspace is not available').waitFor();
    expect(await page.getByText('Session 1 impressions').count()).toBe(0);
    expect(await page.getByText('You are a partner here.').count()).toBe(0);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('on the workspace page: told at once too (the live socket)', async () => {
    const [, jay] = couple.partners;
    const page = await phone(jay);
    await page.goto(`/workspaces/${couple.workspaceId}`);
    await page.getByText('You are a partner here.').waitFor();

    await remove(jay);
    await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
    await page.getByText(`You are no longer in “${workspaceName}”.`).waitFor();
    expect(await page.getByRole('link', { name: new RegExp(workspaceName) }).count()).toBe(0);
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
