import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DocumentView } from '@kinship/domain';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { editorArea, openDocument, saveStatus, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { call, createDocument } from './support/rest';

/**
 * The counselor archives an agreement while a partner is writing in it. The server refuses the
 * partner's next edits, and the partner's page says so instead of claiming they were saved.
 */
describe('a document archived while a partner is writing', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alexPage: Page;
  let samPage: Page;
  let document: DocumentView;

  beforeAll(async () => {
    browser = await launchBrowser();
    document = await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Weekend plans');
    for (const person of [alex, sam]) contexts.push(await newContext(browser, { as: person }));
    alexPage = await newPage(contexts[0]!);
    samPage = await newPage(contexts[1]!);
    await openDocument(alexPage, couple.workspaceId, document.id);
    await openDocument(samPage, couple.workspaceId, document.id);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('tells the partner their late edits were not saved, and shows the document as archived', async () => {
    await typeAtEnd(alexPage, 'We keep Saturday mornings for us.');
    await samPage.getByText('We keep Saturday mornings for us.').waitFor();

    await call(baseUrl, couple.counselor.session, 'PATCH', `/documents/${document.id}`, { archived: true });
    await typeAtEnd(alexPage, ' A late line.');

    // The page learns the truth from the save receipt and reloads the document as it now is.
    await alexPage.getByText('This document is archived').waitFor({ timeout: 10_000 });
    await alexPage.locator('.prose[contenteditable="false"]').waitFor();
    await alexPage.locator('.save-status', { hasText: 'Not saved — this document cannot be edited now' }).waitFor();
    expect(await saveStatus(alexPage).innerText()).not.toContain('All changes saved');
    await screenshot(alexPage, 'archived-while-editing');

    // Nobody else ever receives the refused edit.
    await samPage.waitForTimeout(500);
    expect(await editorArea(samPage).innerText()).not.toContain('A late line.');
    expect(uncaughtErrors(alexPage)).toEqual([]);
  });
});
