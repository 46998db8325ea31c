import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DocumentView } from '@kinship/domain/wire';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { deviceCopyName, deviceContents, deviceCopyText } from './support/device';
import { editorArea, openDocument, saveStatus, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { call, createDocument } from './support/rest';
import { eventually } from './support/wait';

const TAKEN_BACK = "Your last change wasn't saved: this document can't be edited now. It's shown as it is.";
/** Words that tell a person something failed. */
const FAILURE_WORDING = /not saved|wasn't saved|couldn't|could not|can't be edited now|cannot be edited now|failed|error/i;

/**
 * The counselor archives an agreement while a partner is writing in it. The server refuses the
 * partner's next edits; the partner's page takes them back (out of the editor and out of the
 * device copy) and says so once, calmly, so they cannot come back when the document is restored.
 * Someone who only reads an archived document is never told anything failed.
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

  it('takes the refused edit back, from the editor and the device, and says so calmly', async () => {
    await typeAtEnd(alexPage, 'We keep Saturday mornings for us.');
    await samPage.getByText('We keep Saturday mornings for us.').waitFor();
    await statusSays(alexPage, 'All changes saved').waitFor();

    await call(baseUrl, couple.counselor.session, 'PATCH', `/documents/${document.id}`, { archived: true });
    await typeAtEnd(alexPage, ' A late line.');

    await alexPage.getByText(TAKEN_BACK).waitFor({ timeout: 10_000 });
    await alexPage.getByText('This agreement is archived').waitFor();
    await alexPage.locator('.prose[contenteditable="false"]').waitFor();
    // The document is shown as the server has it: the stored line, and not the refused one.
    await eventually(() => editorArea(alexPage).innerText(), (text) => text.includes('We keep Saturday mornings for us.'));
    expect(await editorArea(alexPage).innerText()).not.toContain('A late line');
    expect(await saveStatus(alexPage).innerText()).not.toContain('All changes saved');
    // The device copy holds nothing of it either.
    const copy = deviceCopyName(alex.account.id, document.id);
    await eventually(
      async () => (await deviceCopyText(alexPage, copy)) ?? '',
      (text) => text.includes('We keep Saturday mornings') && !text.includes('A late line'),
    );
    expect((await deviceContents(alexPage)).storageKeys).not.toContain(`kinship.unsaved.${alex.account.id}.${document.id}`);
    await screenshot(alexPage, 'archived-while-editing');

    // Nobody else ever receives the refused edit.
    await samPage.waitForTimeout(500);
    expect(await editorArea(samPage).innerText()).not.toContain('A late line');
    expect(uncaughtErrors(alexPage)).toEqual([]);
  });

  it('after the document is restored, a reload does not bring the refused edit back', async () => {
    await call(baseUrl, couple.counselor.session, 'PATCH', `/documents/${document.id}`, { archived: false });
    await alexPage.reload();
    await editorArea(alexPage).locator('p', { hasText: 'We keep Saturday mornings for us.' }).waitFor();
    await statusSays(alexPage, 'All changes saved').waitFor({ timeout: 15_000 });
    await alexPage.waitForTimeout(1000);
    expect(await editorArea(alexPage).innerText()).not.toContain('A late line');
    await alexPage.locator('.prose[contenteditable="true"]').waitFor();

    const fresh = await newPage(contexts[1]!);
    await openDocument(fresh, couple.workspaceId, document.id);
    expect(await editorArea(fresh).innerText()).not.toContain('A late line');
    await fresh.close();
  });

  it('a partner who only reads an archived document is never told anything failed', async () => {
    const archived = await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Holiday plans');
    const writer = await newPage(contexts[0]!);
    await openDocument(writer, couple.workspaceId, archived.id);
    await typeAtEnd(writer, 'We spend the holidays with both families.');
    await statusSays(writer, 'All changes saved').waitFor();
    await writer.close();
    await call(baseUrl, couple.counselor.session, 'PATCH', `/documents/${archived.id}`, { archived: true });

    const reader = await newPage(contexts[1]!);
    await reader.goto(`/workspaces/${couple.workspaceId}/documents/${archived.id}`);
    await reader.getByText('This agreement is archived').waitFor();
    await editorArea(reader).locator('p', { hasText: 'We spend the holidays with both families.' }).waitFor();
    // Long enough for any receipt or refusal from the server to have arrived and been shown.
    await reader.waitForTimeout(3000);
    await reader.reload();
    await editorArea(reader).locator('p', { hasText: 'We spend the holidays' }).waitFor();
    await reader.waitForTimeout(3000);
    const page = await reader.locator('main').innerText();
    expect(page).not.toMatch(FAILURE_WORDING);
    expect(await saveStatus(reader).getAttribute('data-state')).not.toBe('refused');
    await screenshot(reader, 'archived-reader');
    expect(uncaughtErrors(reader)).toEqual([]);
  });
});
