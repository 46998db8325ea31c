import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { e2e } from './support/environment';
import { focusedName, pressByKeyboard, tabTo } from './support/live';
import { call, createDocument } from './support/rest';

/**
 * The audit trail, on a phone and by keyboard alone: the counselor opens it from the workspace,
 * narrows it to one document, and downloads it as CSV; a partner finds their own activity (a
 * failed login with their email among it) from the header, and is shown that the workspace's
 * trail is the counselor's.
 */
describe('the audit trail', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let documentId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    const doc = await createDocument(baseUrl, alex, couple.workspaceId, 'notes', 'Sunday walks by the river');
    documentId = doc.id;
    await call(baseUrl, sam.session, 'GET', `/documents/${doc.id}`);
    // Someone tries Alex's email with a wrong password.
    const failed = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Guesser/1.0' },
      body: JSON.stringify({ email: alex.email, password: 'not the right password' }),
    });
    expect(failed.status).toBe(401);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('the counselor opens the audit trail from the workspace and narrows it to one document, at 375 px by keyboard', async () => {
    context = await newContext(browser, { as: couple.counselor, width: 375, height: 760 });
    page = await newPage(context);
    await page.goto(`/workspaces/${couple.workspaceId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await pressByKeyboard(page, 'Open the audit trail');
    await page.waitForURL(new RegExp(`/workspaces/${couple.workspaceId}/audit$`));
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit trail, newest first' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);

    await tabTo(page, 'Document');
    await page.keyboard.press('ArrowDown');
    // The select's options are the workspace's documents; move to "Sunday walks by the river".
    for (let i = 0; i < 20 && (await page.locator('#audit-document').inputValue()) !== documentId; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#audit-document').inputValue()).toBe(documentId);
    await page.waitForFunction(() => document.querySelectorAll('.audit-table tbody tr').length === 2);
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/Sam Okafor[\s\S]*Opened a document[\s\S]*Sunday walks by the river/);
    expect(rows[1]).toMatch(/Alex Rivera[\s\S]*Created a document[\s\S]*Sunday walks by the river/);
    // Nobody's login appears in the workspace's trail: those are each person's own.
    expect(await page.getByRole('option', { name: 'Failed login' }).count()).toBe(0);

    await screenshot(page, 'audit-trail-375');
    await page.setViewportSize({ width: 1280, height: 860 });
    await screenshot(page, 'audit-trail-wide');
    await page.setViewportSize({ width: 375, height: 760 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('downloads the narrowed trail as CSV by keyboard', async () => {
    await tabTo(page, 'Download CSV');
    expect(await focusedName(page)).toBe('Download CSV');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Entry,When (UTC),What,Who,Account id,Email typed,Document,Document id,Invite id,Member,Address,Device');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`Opened a document,Sam Okafor,${sam.account.id},,Sunday walks by the river,${documentId}`);
    expect(lines[2]).toContain(`Created a document,Alex Rivera,${alex.account.id},,Sunday walks by the river,${documentId}`);
  });

  it('a partner finds their own activity from the header, failed login included, and is told the workspace trail is the counselor’s', async () => {
    await context.close();
    context = await newContext(browser, { as: alex, width: 375, height: 760 });
    page = await newPage(context);
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await pressByKeyboard(page, 'My activity');
    await page.waitForURL(/\/activity$/);
    await page.getByRole('heading', { level: 1, name: 'My activity' }).waitFor();
    const table = page.getByRole('table', { name: 'My activity, newest first' });
    await table.waitFor();
    const failed = table.getByRole('row').filter({ hasText: 'Failed login' });
    expect(await failed.count()).toBe(1);
    expect(await failed.innerText()).toContain('Guesser/1.0');
    await table.getByRole('row').filter({ hasText: 'Created a document' }).filter({ hasText: 'Sunday walks by the river' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'my-activity-375');

    await page.goto(`/workspaces/${couple.workspaceId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Open the audit trail' }).count()).toBe(0);
    await page.goto(`/workspaces/${couple.workspaceId}/audit`);
    await page.getByText('The audit trail is the counselor’s').waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
