import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AGREEMENT_FRAGMENT, diffAgreements, readAgreement, type AgreementItem } from '@kinship/domain/agreements';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { openDocument, statusSays } from './support/editor';
import { e2e } from './support/environment';
import { createCouple, type Couple, type Session } from './support/rest';
import { storedDocument } from './support/stored-document';
import { eventually } from './support/wait';

const STARTER_TITLES = [
  'Openness about phones and accounts',
  'Contact with the person involved',
  'Checking in when late',
  'How to ask for a time-out',
];

/**
 * An agreement as numbered items: Alex (on a 375 px phone) starts one from the starter template;
 * Alex and Sam (on a laptop) each change items and see the other's changes; the server keeps them.
 */
describe('an agreement of numbered items, shaped by both partners', () => {
  // A couple of the spec's own: nothing another journey left in the shared workspace (documents,
  // notifications, sessions) reaches these pages or their keyboard order.
  const { baseUrl } = e2e();
  let couple: Couple;
  let alex: Session;
  let sam: Session;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alexPage: Page;
  let samPage: Page;
  let documentId = '';
  let seeded: AgreementItem[] = [];

  const stored = () => storedDocument(baseUrl, alex, documentId, (doc) => readAgreement(doc.getXmlFragment(AGREEMENT_FRAGMENT)));
  const item = (page: Page, number: number) => page.getByRole('group', { name: new RegExp(`^Item ${number}( \\(retired\\))?$`) });
  // The titles as written (other people's carets, drawn inside the text, left out).
  const titles = (page: Page) =>
    page.locator('.agreement-item__title').evaluateAll((elements) =>
      elements.map((element) => {
        const copy = element.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return copy.textContent ?? '';
      }),
    );

  beforeAll(async () => {
    couple = await createCouple(baseUrl, ['Robin Counselor', 'Alex Rivera', 'Sam Okafor']);
    [alex, sam] = couple.partners;
    browser = await launchBrowser();
    const alexContext = await newContext(browser, { as: alex, width: 375, height: 812 });
    const samContext = await newContext(browser, { as: sam });
    contexts.push(alexContext, samContext);
    alexPage = await newPage(alexContext);
    samPage = await newPage(samContext);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('Alex starts an agreement from the starter template, at 375 px', async () => {
    await alexPage.goto(`/workspaces/${couple.workspaceId}`);
    await alexPage.getByRole('button', { name: 'New document' }).click();
    await alexPage.getByRole('radio', { name: /^Agreement/ }).check();
    await alexPage.getByLabel('Start from').selectOption({ label: 'Rebuilding trust: a starter set' });
    await alexPage.getByLabel('Title').fill('What we agree on');
    await alexPage.getByRole('button', { name: 'Create agreement' }).click();
    await alexPage.getByRole('heading', { name: 'What we agree on', level: 1 }).waitFor();
    await item(alexPage, 4).waitFor();
    documentId = new URL(alexPage.url()).pathname.split('/').pop()!;
    await statusSays(alexPage, 'All changes saved').waitFor();

    expect(await titles(alexPage)).toEqual(STARTER_TITLES);
    seeded = await stored();
    expect(seeded.map((i) => [i.title, i.binds, i.status])).toEqual(STARTER_TITLES.map((title) => [title, 'both', 'active']));
    expect(new Set(seeded.map((i) => i.id)).size).toBe(4);
    expect(await seriousViolations(alexPage)).toEqual([]);
    expect(await alexPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it('Alex edits a title by keyboard and Sam changes who an item binds: each sees the other’s change', async () => {
    await openDocument(samPage, couple.workspaceId, documentId);
    expect(await titles(samPage)).toEqual(STARTER_TITLES);

    // Alex: into item 2's title, to its end, and type.
    // At 375 px the title wraps: a click at its bottom-right corner lands on its last line, where End
    // reaches the end of the title (End only goes to the end of the visual line).
    const title = item(alexPage, 2).locator('.agreement-item__title');
    const box = (await title.boundingBox())!;
    await title.click({ position: { x: box.width - 2, y: box.height - 3 } });
    await alexPage.keyboard.press('End');
    await alexPage.keyboard.type(', openly', { delay: 15 });
    await eventually(() => titles(samPage), (t) => t[1] === 'Contact with the person involved, openly');

    // Sam, by keyboard: Tab from item 3's writing reaches item 3's "Binds"; the arrow key picks
    // the next choice (Alex only); Escape goes back to the writing.
    await item(samPage, 3).getByText('The one waiting answers kindly').click();
    // Tab once the writing has the focus and the caret is in item 3: the editor takes the focus on
    // the click's mousedown and moves the caret on its mouseup, a moment later (until then the caret
    // is where it was, in item 1, and Tab would reach item 1's "Binds").
    const caretInItem3 = () =>
      samPage.evaluate(() => {
        const anchor = window.getSelection()?.anchorNode;
        const element = anchor instanceof Element ? anchor : anchor?.parentElement;
        return (document.activeElement?.classList.contains('ProseMirror') ?? false) && (element?.closest('.agreement-item')?.textContent ?? '').startsWith('3');
      });
    await eventually(caretInItem3, (inItem3) => inItem3);
    await samPage.keyboard.press('Tab');
    const binds = samPage.getByRole('combobox', { name: 'Item 3 binds' });
    expect(await binds.evaluate((el) => el === document.activeElement)).toBe(true);
    await samPage.keyboard.press('ArrowDown');
    expect(await binds.locator('option:checked').innerText()).toBe('Alex Rivera only');
    await samPage.keyboard.press('Escape');
    // The editor takes focus on the next frame (Tiptap's focus command).
    await eventually(() => samPage.evaluate(() => document.activeElement?.getAttribute('aria-label')), (label) => label === 'What we agree on, document text');
    const alexBinds = alexPage.getByRole('combobox', { name: 'Item 3 binds' });
    await eventually(() => alexBinds.inputValue(), (value) => value === alex.account.id);
    expect(await alexBinds.locator('option:checked').innerText()).toBe('Alex Rivera (you) only');
  });

  it('Alex adds an item by keyboard, Sam retires one and removes another, and both see the same agreement', async () => {
    // Alex: Tab from the last item's controls reaches "Add an item"; Enter adds it, caret in its title.
    await alexPage.getByRole('button', { name: 'Remove item 4' }).focus();
    await alexPage.keyboard.press('Tab');
    expect(await alexPage.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Add an item');
    await alexPage.keyboard.press('Enter');
    await item(alexPage, 5).waitFor();
    await alexPage.keyboard.type('Kind words', { delay: 15 });
    await alexPage.keyboard.press('Enter');
    await alexPage.keyboard.type('We thank each other for one thing every day.', { delay: 10 });
    await item(samPage, 5).getByText('We thank each other for one thing every day.').waitFor();
    expect((await titles(samPage))[4]).toBe('Kind words');

    // Sam: retire item 1 with the space bar.
    await samPage.getByRole('checkbox', { name: 'Item 1 retired' }).focus();
    await samPage.keyboard.press('Space');
    await alexPage.getByRole('group', { name: 'Item 1 (retired)' }).waitFor();
    expect(await alexPage.getByRole('checkbox', { name: 'Item 1 retired' }).isChecked()).toBe(true);

    // Sam: remove item 4, after saying yes; "Keep it" first leaves it be.
    await samPage.getByRole('button', { name: 'Remove item 4' }).click();
    const dialog = samPage.getByRole('dialog', { name: 'Remove item 4, “How to ask for a time-out”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await titles(samPage)).toHaveLength(5);
    await samPage.getByRole('button', { name: 'Remove item 4' }).click();
    await dialog.getByRole('button', { name: 'Remove item' }).click();
    await eventually(() => titles(alexPage), (t) => t.length === 4 && t[3] === 'Kind words');
    expect(await titles(samPage)).toEqual(await titles(alexPage));

    await statusSays(alexPage, 'All changes saved').waitFor();
    await statusSays(samPage, 'All changes saved').waitFor();
  });

  it('the server holds exactly these changes, matched item by item', async () => {
    const now = await eventually(stored, (items) => items.length === 4);
    const diff = diffAgreements(seeded, now);
    expect(diff.changed.map((c) => [c.before.title, c.fields])).toEqual([
      ['Openness about phones and accounts', ['status']],
      ['Contact with the person involved', ['title']],
      ['Checking in when late', ['binds']],
    ]);
    expect(diff.changed[1].title!.filter((s) => s.kind !== 'same')).toEqual([{ kind: 'added', text: ', openly' }]);
    expect(diff.changed[2].binds).toEqual({ before: 'both', after: alex.account.id });
    expect(diff.removed.map((r) => r.item.title)).toEqual(['How to ask for a time-out']);
    expect(diff.added.map((a) => [a.number, a.item.title, a.item.text])).toEqual([[4, 'Kind words', 'We thank each other for one thing every day.']]);
    expect(diff.moved).toEqual([]);
  });

  it('both screens pass axe-core, the phone has no sideways scroll, and nothing failed in the page', async () => {
    expect(await seriousViolations(alexPage)).toEqual([]);
    expect(await seriousViolations(samPage)).toEqual([]);
    expect(await alexPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The document holds the items and nothing else (no stray empty lines between or after them).
    for (const page of [alexPage, samPage]) {
      expect(await page.locator('.prose').evaluate((el) => Array.from(el.children).map((child) => child.classList.contains('agreement-item-view')))).toEqual([true, true, true, true]);
    }
    await screenshot(alexPage, 'agreement-items-375');
    await screenshot(samPage, 'agreement-items-1280');
    expect(uncaughtErrors(alexPage)).toEqual([]);
    expect(uncaughtErrors(samPage)).toEqual([]);
  });
});
