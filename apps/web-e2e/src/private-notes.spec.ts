import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { documentUrl, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';

/**
 * The counselor's private notes stay private: a partner's client never lists them, never opens a
 * sync connection for one, and a URL to one shows a plain "not available", with nothing of the
 * note on the wire.
 */
describe('counselor private notes', () => {
  const { couple } = e2e();
  const [alex] = couple.partners;
  const secretTitle = `Session notes ${Math.random().toString(36).slice(2, 8)}`;
  const secretText = `Private observation ${Math.random().toString(36).slice(2, 10)}`;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let counselor: Page;
  let partner: Page;
  let noteId = '';
  /** Everything the partner's page received or sent: REST bodies, WebSocket URLs and frames. */
  const wire: string[] = [];
  const socketUrls: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const counselorContext = await newContext(browser, { as: couple.counselor });
    const partnerContext = await newContext(browser, { as: alex });
    contexts.push(counselorContext, partnerContext);
    counselor = await newPage(counselorContext);
    partner = await newPage(partnerContext);
    partner.on('response', async (response) => {
      if (!new URL(response.url()).pathname.startsWith('/api/')) return;
      wire.push(`${response.status()} ${response.url()} ${await response.text().catch(() => '')}`);
    });
    partner.on('websocket', (socket) => {
      socketUrls.push(socket.url());
      socket.on('framereceived', ({ payload }) => wire.push(Buffer.from(payload).toString('latin1')));
      socket.on('framesent', ({ payload }) => wire.push(Buffer.from(payload).toString('latin1')));
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the counselor writes a note marked private', async () => {
    await counselor.goto(`/workspaces/${couple.workspaceId}`);
    await counselor.getByRole('heading', { name: /Private counselor notes/ }).waitFor();
    await counselor.getByRole('button', { name: 'New document' }).click();
    await counselor.getByRole('radio', { name: /^Private note/ }).check();
    await counselor.getByLabel('Title').fill(secretTitle);
    await counselor.getByRole('button', { name: 'Create private note' }).click();
    await counselor.getByRole('heading', { name: secretTitle, level: 1 }).waitFor();
    await counselor.getByText('Private to you').waitFor();
    await counselor.getByText('Only you, the counselor, can see this note.').waitFor();
    await typeAtEnd(counselor, secretText);
    await statusSays(counselor, 'All changes saved').waitFor();
    noteId = new URL(counselor.url()).pathname.split('/').pop()!;
  });

  it('the partner’s workspace lists no private notes', async () => {
    await partner.goto(`/workspaces/${couple.workspaceId}`);
    await partner.getByRole('heading', { name: 'Documents' }).waitFor();
    await partner.getByRole('heading', { name: 'Agreements' }).waitFor();
    expect(await partner.getByText('Private counselor notes').count()).toBe(0);
    expect(await partner.getByText(secretTitle).count()).toBe(0);
  });

  it('a partner opening the note’s URL is told it is not available, and nothing of it reaches the page', async () => {
    await partner.goto(documentUrl(couple.workspaceId, noteId));
    await partner.getByText('This document is not available').waitFor();
    await partner.getByRole('link', { name: 'Back to the workspace' }).waitFor();
    expect(await partner.locator('.prose').count()).toBe(0);
    // The short form of the URL is refused the same way.
    await partner.goto(`/documents/${noteId}`);
    await partner.getByText('This document is not available').waitFor();
    await partner.waitForTimeout(500);

    expect(socketUrls.filter((url) => url.includes(noteId))).toEqual([]);
    const everything = wire.join('\n');
    expect(everything).not.toContain(secretText);
    expect(everything).not.toContain(secretTitle);
    const refusals = wire.filter((entry) => entry.includes(`/api/documents/${noteId}`));
    expect(refusals.length).toBeGreaterThan(0);
    for (const entry of refusals) expect(entry).toMatch(/^(403|404) /);
    // Nothing was stored for it on the partner's device either.
    const databases = await partner.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    expect(databases.filter((name) => name.includes(noteId))).toEqual([]);
    expect(uncaughtErrors(partner)).toEqual([]);
  });
});
