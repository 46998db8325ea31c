import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { editorArea, openDocument, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import { createDocument } from './support/rest';
import { eventually } from './support/wait';

/**
 * Other people's carets: a name label shows while that person types and a moment after, then only
 * the coloured caret stays (hovering it shows the name again). A label never covers the page's
 * edge: on a 375 px phone, a person typing at the right edge never makes the page scroll sideways.
 */
describe('caret name labels', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let phone: Page;
  let laptop: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const document = await createDocument(baseUrl, sam, couple.workspaceId, 'notes', 'Labels at the edge');
    const phoneContext = await newContext(browser, { as: alex, width: 375, height: 812 });
    const laptopContext = await newContext(browser, { as: sam });
    contexts.push(phoneContext, laptopContext);
    phone = await newPage(phoneContext);
    laptop = await newPage(laptopContext);
    await openDocument(phone, couple.workspaceId, document.id);
    await openDocument(laptop, couple.workspaceId, document.id);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  const samsCaret = () => phone.locator('.collaboration-carets__caret', { hasText: 'Sam Okafor' });
  const samsLabel = () => phone.locator('.collaboration-carets__label', { hasText: 'Sam Okafor' });
  const pageWidth = () => phone.evaluate(() => document.documentElement.scrollWidth);
  const caretRight = () => samsCaret().evaluate((el) => el.getBoundingClientRect().right);

  it('while someone types at the right edge of a phone, their label shows and the page does not scroll sideways', async () => {
    await typeAtEnd(laptop, 'We');
    await samsCaret().waitFor({ state: 'attached' });
    // Sam writes on until, on the phone, the caret sits near the right edge of the line.
    for (let i = 0; i < 60 && (await caretRight()) < 300; i++) {
      await laptop.keyboard.type(' word', { delay: 10 });
    }
    // Checked at once, while Sam's last keystroke is fresh and the caret is at the edge.
    await samsLabel().waitFor({ state: 'visible' });
    expect(await caretRight()).toBeGreaterThanOrEqual(300);
    expect(await pageWidth()).toBeLessThanOrEqual(375);
    // The label stays inside the writing area.
    const [label, area] = await Promise.all([
      samsLabel().evaluate((el) => el.getBoundingClientRect().right),
      editorArea(phone).evaluate((el) => el.getBoundingClientRect().right),
    ]);
    expect(label).toBeLessThanOrEqual(area + 1);
    await screenshot(phone, 'caret-label-typing-375');
  });

  it('a moment after they stop, only the coloured caret stays; hovering it shows the name', async () => {
    const stoppedAt = Date.now();
    await eventually(() => samsLabel().isVisible(), (visible) => !visible, 6000);
    expect(Date.now() - stoppedAt).toBeGreaterThan(500);
    expect(await samsCaret().isVisible()).toBe(true);
    expect(await pageWidth()).toBeLessThanOrEqual(375);
    await screenshot(phone, 'caret-label-idle-375');
    await samsCaret().hover({ force: true });
    await samsLabel().waitFor({ state: 'visible' });
    expect(uncaughtErrors(phone)).toEqual([]);
  });
});
