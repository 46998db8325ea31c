import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { editorArea, openDocument, presenceNames, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { createDocument } from './support/rest';
import { eventually } from './support/wait';

/** Two partners write in the same agreement at the same time, each in their own browser. */
describe('two partners editing one document', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let alexPage: Page;
  let samPage: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const document = await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Phone and privacy');
    const alexContext = await newContext(browser, { as: alex });
    const samContext = await newContext(browser, { as: sam });
    contexts = [alexContext, samContext];
    alexPage = await newPage(alexContext);
    samPage = await newPage(samContext);
    await openDocument(alexPage, couple.workspaceId, document.id);
    await openDocument(samPage, couple.workspaceId, document.id);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('each partner sees the other in the presence list, with their role', async () => {
    await eventually(async () => (await presenceNames(alexPage).allInnerTexts()).join('|'), /Sam Okafor\s*Partner/);
    await eventually(async () => (await presenceNames(samPage).allInnerTexts()).join('|'), /Alex Rivera\s*Partner/);
    expect((await presenceNames(alexPage).allInnerTexts()).join('|')).toMatch(/Alex Rivera \(you\)/);
  });

  it('each sees the text the other types, and the other’s named caret', async () => {
    await typeAtEnd(alexPage, 'We keep our phones unlocked at home.');
    await samPage.getByText('We keep our phones unlocked at home.').waitFor();
    // While Alex types, Sam is told so.
    await typeAtEnd(alexPage, ' ');
    await samPage.getByText('Alex Rivera is typing…').waitFor();

    await typeAtEnd(samPage, '');
    await samPage.keyboard.press('Enter');
    await samPage.keyboard.type('We tell each other when we feel unsure.', { delay: 15 });
    await alexPage.getByText('We tell each other when we feel unsure.').waitFor();

    // Sam is typing: Alex sees Sam's caret with the name on it. Alex stopped a moment ago: Sam
    // sees Alex's caret, and the name only while Alex types (caret-labels.spec.ts).
    await alexPage.locator('.collaboration-carets__label', { hasText: 'Sam Okafor' }).waitFor();
    await samPage.locator('.collaboration-carets__caret', { hasText: 'Alex Rivera' }).waitFor({ state: 'attached' });
    await statusSays(alexPage, 'All changes saved').waitFor();
    await statusSays(samPage, 'All changes saved').waitFor();
  });

  it('undo takes back only my own change, never my partner’s', async () => {
    await typeAtEnd(samPage, ' Sam adds this.');
    await alexPage.getByText('Sam adds this.').waitFor();
    await typeAtEnd(alexPage, ' Alex adds that.');
    await samPage.getByText('Alex adds that.').waitFor();
    // Give the undo manager's capture window time to close, then undo from Sam's toolbar.
    await samPage.waitForTimeout(600);
    await samPage.getByRole('button', { name: 'Undo my last change' }).click();
    await eventually(() => editorArea(alexPage).innerText(), (text) => !text.includes('Sam adds this.'));
    const alexText = await editorArea(alexPage).innerText();
    expect(alexText).toContain('Alex adds that.');
    expect(alexText).toContain('We keep our phones unlocked at home.');
    expect(uncaughtErrors(alexPage)).toEqual([]);
    expect(uncaughtErrors(samPage)).toEqual([]);
  });
});
