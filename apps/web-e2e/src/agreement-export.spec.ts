import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newAgreementItem } from '@kinship/domain/agreements';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { documentUrl } from './support/editor';
import { e2e } from './support/environment';
import { agreementInForce } from './support/agreements';
import { focusedName, pressByKeyboard, tabTo } from './support/live';
import { createDocument } from './support/rest';

/**
 * A version in force kept outside the app: from the agreement's page, by keyboard on a phone,
 * Alex opens it as a printable page (which prints without the app around it) and downloads it
 * as Markdown, with the items and who accepted it when.
 */
describe('a version in force, printed and exported', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  const items = [
    newAgreementItem({ title: 'Phones at dinner', text: 'Phones stay in the hall during dinner.' }),
    newAgreementItem({ title: 'Late nights', text: 'Text if later than 7.', binds: sam.account.id }),
    newAgreementItem({ title: 'Old rule', text: 'No longer needed.', status: 'retired' }),
  ];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let agreementId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    const agreement = await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Evenings & <weekends>');
    agreementId = agreement.id;
    await agreementInForce(baseUrl, [alex, sam], agreementId, items);
    context = await newContext(browser, { as: alex, width: 375, height: 760 });
    page = await newPage(context);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('opens the version in force as a printable page from the agreement, by keyboard on a phone', async () => {
    await page.goto(documentUrl(couple.workspaceId, agreementId));
    await page.getByRole('heading', { name: 'Version 1 in force' }).waitFor();
    await pressByKeyboard(page, 'Print / save as PDF (version 1)');
    await page.waitForURL(new RegExp(`/agreements/${agreementId}/versions/1/print$`));

    await page.getByRole('heading', { level: 1, name: 'Evenings & <weekends>' }).waitFor();
    await page.getByText(/^Version 1, in force since /).waitFor();
    await page.getByText('Proposed by Alex Rivera').waitFor();
    const acceptances = page.getByRole('list', { name: 'Accepted by' }).getByRole('listitem');
    expect((await acceptances.allInnerTexts()).map((t) => t.split(',')[0]).sort()).toEqual(['Alex Rivera', 'Sam Okafor']);
    const itemList = page.getByRole('list', { name: 'Items of version 1' });
    expect(await itemList.getByRole('heading').allInnerTexts()).toEqual(['1. Phones at dinner', '2. Late nights', '3. Old rule (retired)']);
    await itemList.getByText('Binds Sam Okafor').waitFor();

    // The page's two actions are reached by keyboard.
    await tabTo(page, 'Print');
    await tabTo(page, 'Download as Markdown');
    expect(await focusedName(page)).toBe('Download as Markdown');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('prints only the record, black on white: no header, navigation, buttons, live dock or banners; the items and acceptances, and a footer line with the address and date', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      const hidden = ['.shell__header', '.skip-link', 'nav', '.live-dock', '.live-status', '.version-print__toolbar'];
      for (const selector of hidden) {
        for (const el of await page.locator(selector).all()) expect({ selector, visible: await el.isVisible() }).toEqual({ selector, visible: false });
      }
      expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
      expect(await page.getByRole('link', { name: 'Download as Markdown' }).isVisible()).toBe(false);
      // What is printed: the title, the acceptances, every item (none split across two pages), and the footer line.
      expect(await page.getByRole('heading', { level: 1, name: 'Evenings & <weekends>' }).isVisible()).toBe(true);
      const acceptances = page.getByRole('list', { name: 'Accepted by' });
      expect(await acceptances.isVisible()).toBe(true);
      expect(await acceptances.innerText()).toMatch(/Alex Rivera,[\s\S]*Sam Okafor,/);
      const itemCards = page.getByRole('list', { name: 'Items of version 1' }).getByRole('listitem');
      expect(await itemCards.count()).toBe(3);
      for (const card of await itemCards.all()) {
        expect(await card.isVisible()).toBe(true);
        expect(await card.evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
      }
      const footer = page.locator('.version-print__footer');
      expect(await footer.isVisible()).toBe(true);
      expect(await footer.innerText()).toContain(`Printed from ${baseUrl}/workspaces/${couple.workspaceId}/agreements/${agreementId}/versions/1/print on `);
      const colours = await page.evaluate(() => {
        const style = (el: Element) => getComputedStyle(el);
        const record = document.querySelector('.version-print')!;
        return { body: style(document.body).backgroundColor, text: style(record).color, item: style(document.querySelector('.agreement-item')!).color };
      });
      expect(colours).toEqual({ body: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)', item: 'rgb(0, 0, 0)' });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    // On screen the same page has the app around it and its actions, and no footer line.
    expect(await page.locator('.shell__header').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(true);
    expect(await page.locator('.version-print__footer').isVisible()).toBe(false);
    await screenshot(page, 'agreement-version-print-page');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'agreement-version-printed');
    await page.emulateMedia({ media: 'screen' });
  });

  it('downloads the version as Markdown, named after the agreement, with its items and who accepted it when', async () => {
    await tabTo(page, 'Download as Markdown');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    // The API names the file exactly ("Evenings & <weekends> v1.md"); the browser swaps the characters a file name may not hold.
    expect(download.suggestedFilename()).toBe('Evenings & _weekends_ v1.md');
    const md = readFileSync((await download.path())!, 'utf8');
    expect(md.split('\n')[0]).toBe('# Evenings \\& \\<weekends\\>');
    expect(md).toMatch(/^Version 1, in force since \d{1,2} \w+ \d{4}, \d\d:\d\d UTC$/m);
    expect(md).toContain('Proposed by Alex Rivera');
    expect(md).toMatch(/^- Alex Rivera, \d{1,2} \w+ \d{4}, \d\d:\d\d UTC$/m);
    expect(md).toMatch(/^- Sam Okafor, \d{1,2} \w+ \d{4}, \d\d:\d\d UTC$/m);
    expect(md.split('\n').filter((l) => l.startsWith('### '))).toEqual(['### 1\\. Phones at dinner', '### 2\\. Late nights', '### 3\\. Old rule (retired)']);
    expect(md).toContain('Binds: Sam Okafor');
    expect(md).toContain('Phones stay in the hall during dinner.');
  });

  it('the versions list offers each version printable and as Markdown, on a phone, axe-clean', async () => {
    await page.goto(`/workspaces/${couple.workspaceId}/agreements/${agreementId}/versions`);
    await page.getByRole('heading', { name: /^Versions of / }).waitFor();
    const version1 = page.getByRole('listitem').filter({ hasText: 'Version 1' });
    expect(await version1.getByRole('link', { name: 'Print / save as PDF (version 1)' }).getAttribute('href')).toBe(
      `/workspaces/${couple.workspaceId}/agreements/${agreementId}/versions/1/print`,
    );
    expect(await version1.getByRole('link', { name: 'Markdown file of version 1' }).getAttribute('href')).toBe(`/api/agreements/${agreementId}/versions/1/export.md`);
    await pressByKeyboard(page, 'Print / save as PDF (version 1)');
    await page.waitForURL(/\/versions\/1\/print$/);
    await page.getByRole('heading', { level: 1, name: 'Evenings & <weekends>' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: /^Versions of / }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
