import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { editorArea, openDocument, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { focusedName, pressByKeyboard, tabTo } from './support/live';
import { createDocument } from './support/rest';

/** "Did he change what I wrote?": who wrote what, the timeline, and guarded renames. */
describe('a document’s history', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alexPage: Page;
  let samPage: Page;
  let documentId = '';
  const ALEX_LINE = 'Alex keeps the phone unlocked at home.';
  const SAM_LINE = 'Sam tells Alex when plans change.';

  beforeAll(async () => {
    browser = await launchBrowser();
    documentId = (await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Phones and plans')).id;
    const alexContext = await newContext(browser, { as: alex });
    const samContext = await newContext(browser, { as: sam });
    contexts.push(alexContext, samContext);
    alexPage = await newPage(alexContext);
    samPage = await newPage(samContext);
    await openDocument(alexPage, couple.workspaceId, documentId);
    await openDocument(samPage, couple.workspaceId, documentId);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('two partners type; the history panel opens on who wrote what, with names on hover and focus', async () => {
    await typeAtEnd(alexPage, ALEX_LINE);
    await samPage.getByText(ALEX_LINE).waitFor();
    await typeAtEnd(samPage, '');
    await samPage.keyboard.press('Enter');
    await samPage.keyboard.type(SAM_LINE, { delay: 15 });
    await alexPage.getByText(SAM_LINE).waitFor();
    await statusSays(samPage, 'All changes saved').waitFor();
    await statusSays(alexPage, 'All changes saved').waitFor();

    // Two clicks: History, and the panel is already on "Who wrote what".
    await samPage.getByRole('button', { name: 'History' }).click();
    const panel = samPage.getByRole('region', { name: 'History' });
    expect(await panel.getByRole('tab', { name: 'Who wrote what' }).getAttribute('aria-selected')).toBe('true');
    const alexRun = panel.locator('.authored-run', { hasText: ALEX_LINE });
    const samRun = panel.locator('.authored-run', { hasText: SAM_LINE });
    await alexRun.waitFor();
    expect(await alexRun.getAttribute('title')).toBe('Alex Rivera');
    expect(await samRun.getAttribute('title')).toBe('Sam Okafor');
    // Not colour alone: the name is in the text read out, and shown on hover.
    expect(await alexRun.innerText()).toContain('Alex Rivera:');
    await alexRun.hover({ position: { x: 4, y: 4 } });
    const tooltip = await alexRun.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(tooltip).toBe('"Alex Rivera"');
    await panel.getByRole('list', { name: 'Writers' }).getByText('Alex Rivera').waitFor();
    await panel.getByRole('list', { name: 'Writers' }).getByText('Sam Okafor').waitFor();
    expect(uncaughtErrors(samPage)).toEqual([]);
  });

  it('the timeline lists each partner’s edit, and an edit opens the document as it was', async () => {
    const panel = samPage.getByRole('region', { name: 'History' });
    await panel.getByRole('tab', { name: 'Timeline' }).click();
    const alexEdit = panel.getByRole('button', { name: /^Alex Rivera added 7 words/ });
    await alexEdit.waitFor();
    await panel.getByRole('button', { name: /^Sam Okafor added 6 words/ }).waitFor();
    await alexEdit.click();
    await panel.getByRole('heading', { name: /As it was after Alex Rivera's edit/ }).waitFor();
    const past = panel.getByRole('document', { name: /The document after/ });
    await past.locator('ins', { hasText: ALEX_LINE }).waitFor();
    expect(await past.innerText()).not.toContain(SAM_LINE);
    await panel.getByRole('button', { name: 'Back to the timeline' }).click();
    await alexEdit.waitFor();
  });

  it('renaming asks for confirmation, and the other partner sees who renamed it', async () => {
    await alexPage.getByRole('button', { name: 'Rename “Phones and plans”' }).click();
    await alexPage.getByLabel('Title').fill('Phones, plans and check-ins');
    await alexPage.getByRole('button', { name: 'Save title' }).click();
    const dialog = alexPage.getByRole('dialog', { name: 'Rename “Phones and plans” to “Phones, plans and check-ins”?' });
    await dialog.waitFor();
    // Nothing changes until confirmed.
    expect((await samPage.request.get(`/api/documents/${documentId}`).then((r) => r.json())).title).toBe('Phones and plans');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await alexPage.getByRole('heading', { level: 1, name: 'Phones, plans and check-ins' }).waitFor();
    await alexPage.getByTestId('document-activity').getByText(/Renamed by Alex Rivera, .* — was “Phones and plans”/).waitFor();

    await samPage.reload();
    await editorArea(samPage).waitFor();
    await samPage.getByTestId('document-activity').getByText(/Renamed by Alex Rivera, .* — was “Phones and plans”/).waitFor();
    await samPage.goto(`/workspaces/${couple.workspaceId}`);
    await samPage.locator('.document-row__activity', { hasText: /Renamed by Alex Rivera/ }).waitFor();
  });

  it('at 375 px and by keyboard alone: history opens, tabs switch with arrows, names are reached by Tab; axe-core clean', async () => {
    const context = await newContext(browser, { as: sam, width: 375, height: 740 });
    contexts.push(context);
    const page = await newPage(context);
    await openDocument(page, couple.workspaceId, documentId);
    await pressByKeyboard(page, 'History');
    const panel = page.getByRole('region', { name: 'History' });
    await panel.locator('.authored-run').first().waitFor();
    await tabTo(page, 'Close history');
    await tabTo(page, 'Who wrote what');
    // Tab moves from the tab list into the text: each writer's passage says whose it is.
    await tabTo(page, /^Alex Rivera: /);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-author'))).toBe('Alex Rivera');
    expect(await seriousViolations(page)).toEqual([]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(page, 'history-who-wrote-what-375');

    // Back to the tab list (Shift+Tab: the editor comes after the panel).
    for (let i = 0; i < 30 && (await focusedName(page)) !== 'Who wrote what'; i++) await page.keyboard.press('Shift+Tab');
    expect(await focusedName(page)).toBe('Who wrote what');
    await page.keyboard.press('ArrowRight');
    expect(await focusedName(page)).toBe('Timeline');
    await pressByKeyboard(page, /^Alex Rivera added/);
    await panel.getByRole('heading', { name: /As it was after/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'history-past-edit-375');
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
