import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot } from './support/browser';
import { documentUrl, editorArea, openDocument, statusSays } from './support/editor';
import { e2e } from './support/environment';
import { call, createDocument, register } from './support/rest';

/**
 * Every main page passes axe-core without serious or critical violations, works by keyboard, fits a
 * 375 px phone and a 1440 px laptop, and is photographed at both sizes for a person to look at.
 */
describe('accessibility and layout', () => {
  const { baseUrl, couple } = e2e();
  const [alex] = couple.partners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let documentId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    documentId = (await createDocument(baseUrl, couple.counselor, couple.workspaceId, 'agreement', 'Boundaries we agree on')).id;
    // Fill the agreement once, so the pictures show a real document with a partner present.
    const context = await newContext(browser, { as: alex });
    contexts.push(context);
    const page = await newPage(context);
    await openDocument(page, couple.workspaceId, documentId);
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    await editorArea(page).click();
    await toolbar.getByRole('button', { name: 'Heading', exact: true }).click();
    await page.keyboard.type('What we each need');
    await page.keyboard.press('Enter');
    await page.keyboard.type('We agree to be honest about where we are, and to say so kindly when something is hard to hear.');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Checklist' }).click();
    await page.keyboard.type('Share our calendars every Sunday');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Take a 20 minute pause when a talk gets heated');
    await statusSays(page, 'All changes saved').waitFor();
    // Alex stays in the document, so the others see a partner's caret and presence.
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /** Contexts opened by one test, closed after it (so the counselor is present only once). */
  let perTest: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of perTest) await context.close();
    perTest = [];
  });

  async function pageAt(width: number, signedIn: boolean): Promise<Page> {
    const context = await newContext(browser, { as: signedIn ? couple.counselor : undefined, width, height: width < 600 ? 812 : 900 });
    perTest.push(context);
    return newPage(context);
  }

  async function expectAccessible(page: Page) {
    expect(await seriousViolations(page)).toEqual([]);
  }

  async function expectNoSidewaysScroll(page: Page, width: number) {
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
  }

  for (const width of [375, 1440]) {
    describe(`at ${width} px`, () => {
      it('log in and register pages', async () => {
        const page = await pageAt(width, false);
        await page.goto('/login');
        await page.getByRole('heading', { name: 'Log in' }).waitFor();
        await expectAccessible(page);
        await expectNoSidewaysScroll(page, width);
        await screenshot(page, `login-${width}`);
        // Errors shown in place are accessible too.
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByText('Email must be an email address.').waitFor();
        await expectAccessible(page);
        await page.goto('/register');
        await page.getByRole('heading', { name: 'Create your account' }).waitFor();
        await expectAccessible(page);
      });

      it('dashboard', async () => {
        const page = await pageAt(width, true);
        await page.goto('/');
        await page.getByRole('link', { name: /Alex Rivera & Sam Okafor/ }).waitFor();
        await expectAccessible(page);
        await expectNoSidewaysScroll(page, width);
        await screenshot(page, `dashboard-${width}`);
      });

      it('workspace', async () => {
        const page = await pageAt(width, true);
        await page.goto(`/workspaces/${couple.workspaceId}`);
        await page.getByRole('link', { name: 'Boundaries we agree on' }).first().waitFor();
        await page.getByRole('button', { name: 'Create an invite link' }).count();
        await expectAccessible(page);
        await expectNoSidewaysScroll(page, width);
        await screenshot(page, `workspace-${width}`);
      });

      it('editor, with a partner present', async () => {
        const page = await pageAt(width, true);
        await openDocument(page, couple.workspaceId, documentId);
        await page.locator('.presence__person', { hasText: 'Alex Rivera' }).waitFor();
        await editorArea(page).locator('p', { hasText: 'Take a 20 minute pause' }).waitFor();
        await editorArea(page).click();
        await expectAccessible(page);
        await expectNoSidewaysScroll(page, width);
        await screenshot(page, `editor-${width}`);
      });
    });
  }

  it('a counselor with inviting to do: on a phone the people and invites come first, to the eye and to Tab alike', async () => {
    const counselor = await register(baseUrl, 'Dr Order');
    const workspace = await call<{ id: string }>(baseUrl, counselor.session, 'POST', '/workspaces', { name: 'Order of things' });
    await createDocument(baseUrl, counselor, workspace.id, 'notes', 'First notes');
    const context = await newContext(browser, { as: counselor, width: 375, height: 812 });
    perTest.push(context);
    const page = await newPage(context);
    await page.goto(`/workspaces/${workspace.id}`);
    await page.getByRole('link', { name: 'First notes' }).waitFor();
    const top = (name: RegExp) => page.getByRole('button', { name }).first().evaluate((el) => el.getBoundingClientRect().top);
    const order = (name: RegExp) =>
      page.evaluate((source) => {
        const all = Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea')).filter((el) => el.offsetParent !== null);
        return all.findIndex((el) => new RegExp(source, 'i').test(el.textContent ?? ''));
      }, name.source);
    const invite = /Create an invite link/;
    const newDocument = /New document/;
    expect(await top(invite)).toBeLessThan(await top(newDocument));
    expect(await order(invite)).toBeLessThan(await order(newDocument));
  });

  it('the editor page works by keyboard: skip link, one-stop toolbar with arrow keys, writing area', async () => {
    const page = await pageAt(1440, true);
    await page.goto(documentUrl(couple.workspaceId, documentId));
    await statusSays(page, 'All changes saved').waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    const reached: string[] = [];
    for (let i = 0; i < 12 && !reached.includes('Heading'); i++) {
      await page.keyboard.press('Tab');
      reached.push(await focused());
    }
    expect(reached).toContain('Heading');
    // Inside the toolbar, arrow keys move between its buttons.
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Subheading');
    await page.keyboard.press('End');
    expect(await focused()).toBe('Checklist');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('Heading');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('Checklist');
    // One more Tab leaves the toolbar for the writing area; typing goes into the document.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Boundaries we agree on, document text');
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' Typed by keyboard.');
    await page.getByText('Typed by keyboard.').waitFor();
    // Back to the toolbar: the button used last is the Tab stop, and undo is now available.
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Checklist');
    await page.keyboard.press('End');
    expect(await focused()).toBe('Undo my last change');
    await page.keyboard.press('Enter');
    await page.getByText('Typed by keyboard.').waitFor({ state: 'detached' });
  });

  it('the invite and "not available" pages are accessible too', async () => {
    const page = await pageAt(375, false);
    await page.goto('/invite/some-token-that-does-not-exist');
    await page.getByRole('heading', { name: "You're invited" }).waitFor();
    await expectAccessible(page);
    const partner = await newPage(contexts[0]!);
    await partner.goto('/documents/00000000-0000-4000-8000-000000000000');
    await partner.getByText('This document is not available').waitFor();
    await expectAccessible(partner);
  });
});
