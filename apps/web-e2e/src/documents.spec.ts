import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { editorArea, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';

/** A partner keeps the workspace tidy: creates, renames, archives and restores documents. */
describe('managing documents', () => {
  const { couple } = e2e();
  const [, sam] = couple.partners;
  const suffix = Math.random().toString(36).slice(2, 7);
  const title = `Weekly check-in ${suffix}`;
  const renamed = `Sunday check-in ${suffix}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let documentPath = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, { as: sam });
    page = await newPage(context);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('creates a communication note, with errors in words before anything is sent', async () => {
    await page.goto(`/workspaces/${couple.workspaceId}`);
    await page.getByRole('button', { name: 'New document' }).click();
    // A partner may create agreements and notes, never private counselor notes.
    expect(await page.getByRole('radio').count()).toBe(2);
    await page.getByRole('radio', { name: /^Communication note/ }).check();
    await page.getByLabel('Title').fill('   ');
    await page.getByRole('button', { name: 'Create communication note' }).click();
    await page.getByText('Title is required.').waitFor();
    await page.getByLabel('Title').fill(title);
    await page.getByRole('button', { name: 'Create communication note' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await statusSays(page, 'All changes saved').waitFor();
    documentPath = new URL(page.url()).pathname;
  });

  it('writes with the toolbar: a heading, a checklist of commitments, bold text, a link', async () => {
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    await editorArea(page).click();
    await toolbar.getByRole('button', { name: 'Heading', exact: true }).click();
    await page.keyboard.type('Our commitments');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Checklist' }).click();
    await page.keyboard.type('Ask before reading messages');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Take a break when voices rise');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Bold', exact: true }).click();
    await page.keyboard.type('Important');
    await toolbar.getByRole('button', { name: 'Bold', exact: true }).click();
    await page.keyboard.type(' see ');
    await toolbar.getByRole('button', { name: 'Add link' }).click();
    await page.getByLabel('Link address').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Apply link' }).click();
    await page.getByText('Link address should look like example.org').waitFor();
    await page.getByLabel('Link address').fill('example.org/help');
    await page.getByRole('button', { name: 'Apply link' }).click();

    const area = editorArea(page);
    await area.locator('h2', { hasText: 'Our commitments' }).waitFor();
    expect(await area.locator('ul[data-type="taskList"] li').count()).toBe(2);
    await area.locator('strong', { hasText: 'Important' }).waitFor();
    await statusSays(page, 'All changes saved').waitFor();
    // Commitments can be ticked off.
    await area.locator('ul[data-type="taskList"] li input[type="checkbox"]').first().check();
    await area.locator('li[data-checked="true"]', { hasText: 'Ask before reading messages' }).waitFor();
  });

  it('renames the document from the workspace list', async () => {
    await page.goto(`/workspaces/${couple.workspaceId}`);
    await page.getByRole('button', { name: `Rename “${title}”` }).click();
    await page.getByLabel(`New title for “${title}”`).fill('');
    await page.getByRole('button', { name: 'Save title' }).click();
    await page.getByText('New title is required.').waitFor();
    await page.getByLabel(`New title for “${title}”`).fill(renamed);
    await page.getByRole('button', { name: 'Save title' }).click();
    // A shared document's title is everyone's: it asks first.
    await page.getByRole('dialog', { name: `Rename “${title}” to “${renamed}”?` }).getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('link', { name: renamed }).waitFor();
    await page.getByText(`Renamed to “${renamed}”.`).waitFor();
  });

  it('archives it: it moves to Archived documents and opens read-only', async () => {
    await page.getByRole('button', { name: `Archive “${renamed}”` }).click();
    await page.getByRole('dialog', { name: `Archive “${renamed}”?` }).getByRole('button', { name: 'Archive' }).click();
    await page.getByText(`“${renamed}” is archived.`).waitFor();
    const group = page.locator('section[data-kind="notes"]');
    expect(await group.getByRole('link', { name: renamed }).count()).toBe(0);
    await page.locator('summary', { hasText: 'Archived documents' }).click();
    await page.locator('.archived').getByRole('link', { name: renamed }).click();

    await page.getByText('This document is archived').waitFor();
    await editorArea(page).getByText('Our commitments').waitFor();
    expect(await editorArea(page).getAttribute('contenteditable')).toBe('false');
    expect(await page.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
  });

  it('restores it from the document page, and it can be edited again', async () => {
    await page.getByRole('button', { name: 'Restore document' }).click();
    await page.getByText('This document is archived').waitFor({ state: 'detached' });
    await page.getByRole('toolbar', { name: 'Formatting' }).waitFor();
    await statusSays(page, 'All changes saved').waitFor();
    await typeAtEnd(page, ' Restored and editable.');
    await statusSays(page, 'All changes saved').waitFor();
    await page.goto(`/workspaces/${couple.workspaceId}`);
    await page.locator('section[data-kind="notes"]').getByRole('link', { name: renamed }).waitFor();

    // After a reload the edit made after restoring is still there (it was stored by the server).
    await page.goto(documentPath);
    await editorArea(page).getByText('Restored and editable.').waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('opened from its address, asks for its workspace once (the layout, the access check and the page share it)', async () => {
    const fresh = await newPage(context);
    const workspaceReads: string[] = [];
    const workspacePath = `/api/workspaces/${couple.workspaceId}`;
    fresh.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === workspacePath) workspaceReads.push(request.url());
    });
    await fresh.goto(documentPath);
    await statusSays(fresh, 'All changes saved').waitFor();
    // The live connection's first answer ("no session") comes after: give it time to ask again.
    await fresh.getByRole('heading', { name: renamed, level: 1 }).waitFor();
    await fresh.waitForTimeout(1000);
    expect(workspaceReads).toHaveLength(1);
    expect(uncaughtErrors(fresh)).toEqual([]);
    await fresh.close();
  });

  it('a document that does not exist is named so, not shown blank', async () => {
    await page.goto(`/workspaces/${couple.workspaceId}/documents/00000000-0000-4000-8000-000000000000`);
    await page.getByText('This document is not available').waitFor();
    await page.goto('/no/such/page');
    await page.getByText('This page does not exist').waitFor();
  });
});
