import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { e2e } from './support/environment';
import { call, register, type Session } from './support/rest';
import { eventually } from './support/wait';

/**
 * A counselor keeps track of the invite links they made: for whom (a note) and until when, after
 * a reload too; withdraws one after confirming; and, on making a link, finds the keyboard focus
 * on it. On a phone the invite panel comes before the documents.
 */
describe('a counselor manages invites', () => {
  const { baseUrl } = e2e();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let counselor: Session;
  let workspaceId = '';
  let link = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    counselor = await register(baseUrl, 'Morgan Ellis');
    workspaceId = (await call<{ id: string }>(baseUrl, counselor.session, 'POST', '/workspaces', { name: 'Riley & Sam' })).id;
    context = await newContext(browser, { as: counselor, width: 375, height: 812 });
    page = await newPage(context);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const panel = () => page.locator('.invite-panel');

  it('on a phone, the invite panel comes before the documents', async () => {
    await page.goto(`/workspaces/${workspaceId}`);
    await panel().waitFor();
    const [invites, documents] = await Promise.all([
      panel().boundingBox(),
      page.getByRole('heading', { name: 'Documents', level: 2 }).boundingBox(),
    ]);
    expect(invites!.y).toBeLessThan(documents!.y);
    expect(invites!.y).toBeLessThan(812);
    await screenshot(page, 'invites-first-375');
  });

  it('makes a link for Sam, with the keyboard focus on the new link', async () => {
    await panel().getByLabel('For whom (optional)').fill('Sam');
    await panel().getByRole('button', { name: 'Create an invite link' }).click();
    const field = panel().getByLabel('Invite link for Sam');
    await field.waitFor();
    link = await field.inputValue();
    expect(link).toMatch(/\/invite\/[^/]+$/);
    // Focus is on the new link's field, and screen readers are told what happened.
    await eventually(
      () => page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.tagName === 'INPUT' ? el.value : '';
      }),
      (value) => value === link,
    );
    await panel().locator('[role="status"]', { hasText: 'Invite link made for Sam' }).waitFor({ state: 'attached' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'invite-made-375');
  });

  it('after a reload, the pending invite still says for whom and until when', async () => {
    await page.reload();
    const invite = panel().locator('.pending-invite', { hasText: 'For Sam' });
    await invite.waitFor();
    await invite.getByText(/^Works until /).waitFor();
    // The link itself is shown only once, when it is made.
    expect(await invite.locator('input').count()).toBe(0);
    await screenshot(page, 'invites-pending-375');
  });

  it('withdraws it only after a confirmation, and its link stops working', async () => {
    const invite = panel().locator('.pending-invite', { hasText: 'For Sam' });
    await invite.getByRole('button', { name: 'Withdraw the invite for Sam' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw the invite for Sam?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await invite.waitFor();

    await invite.getByRole('button', { name: 'Withdraw the invite for Sam' }).click();
    await dialog.getByRole('button', { name: 'Withdraw invite' }).click();
    await invite.waitFor({ state: 'detached' });
    await panel().locator('[role="status"]', { hasText: 'withdrawn' }).waitFor({ state: 'attached' });
    const token = link.split('/invite/')[1]!;
    const answer = await fetch(`${baseUrl}/api/invites/${token}`);
    expect([404, 410]).toContain(answer.status);
    await page.reload();
    await panel().waitFor();
    expect(await panel().locator('.pending-invite').count()).toBe(0);
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
