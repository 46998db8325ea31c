import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';

const SHOTS = '/tmp/shots';
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pageText = (page: Page) => page.locator('body').innerText();

const PROMPT = 'What I need from you when we disagree';
const RAVI_WORDS = 'I need you to stay in the room until we both have spoken.';
const TESS_WORDS = 'I need you to ask me what I meant before you answer.';

/** Tabs until the focused element matches, as a keyboard user would (at most `max` presses). */
async function tabTo(page: Page, matches: () => Promise<boolean>, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await matches()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('never reached by Tab');
}
const focusedName = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim() + '|' + (document.activeElement?.getAttribute('aria-label') ?? ''));

/** Writes into the page's draft by keyboard: Tab to the editor, type, wait for "All changes saved". */
async function writeDraft(page: Page, words: string) {
  await tabTo(page, async () => (await focusedName(page)).includes(`Your draft: ${PROMPT}, document text`));
  await page.keyboard.type(words);
  await page.getByText('All changes saved').first().waitFor();
}

async function pressButton(page: Page, name: string) {
  await tabTo(page, async () => (await focusedName(page)).startsWith(`${name}|`));
  await page.keyboard.press('Enter');
}

describe('drafts revealed together', () => {
  const own = coupleOfItsOwn(['Noor Counselor', 'Ravi Lane', 'Tess Lane']);

  it('the counselor opens a prompt; both partners write and mark done by keyboard; Tess’s page shows nothing of Ravi’s before; the counselor reveals; both open pages show both texts without a reload', async () => {
    const [ravi, tess] = own.couple.partners;
    const w = own.couple.workspaceId;

    // The counselor finds "Said together" on the workspace page and opens a prompt by keyboard.
    const counselor = await own.page(own.couple.counselor);
    await counselor.goto(`/workspaces/${w}`);
    await counselor.getByRole('link', { name: 'Open the prompts' }).click();
    await counselor.getByRole('heading', { name: 'Said together', level: 1 }).waitFor();
    await counselor.getByRole('textbox', { name: 'Prompt' }).focus();
    await counselor.keyboard.type(PROMPT);
    await counselor.keyboard.press('Tab');
    await counselor.keyboard.press('Enter');
    await counselor.getByRole('heading', { name: PROMPT }).waitFor();
    const reveal = counselor.getByRole('button', { name: 'Reveal both drafts' });
    expect(await reveal.isDisabled()).toBe(true);
    expect(await fitsWidth(counselor)).toBe(true);
    expect(await seriousViolations(counselor)).toEqual([]);
    await shot(counselor, 'reveal-counselor-opened-375');

    // Tess has her prompts page open: what it says is the "before".
    const tessPage = await own.page(tess);
    const tessErrors = uncaughtErrors(tessPage);
    await tessPage.goto(`/workspaces/${w}`);
    await tessPage.getByRole('link', { name: 'Your prompts' }).click();
    await tessPage.getByRole('heading', { name: PROMPT }).waitFor();
    await tessPage.getByText('All changes saved').first().waitFor();

    // Ravi opens his and writes (his presence settles before Tess's "before").
    const raviPage = await own.page(ravi);
    const raviErrors = uncaughtErrors(raviPage);
    await raviPage.goto(`/workspaces/${w}/reveals`);
    await raviPage.getByRole('heading', { name: PROMPT }).waitFor();
    await raviPage.getByText('All changes saved').first().waitFor();
    await sleep(1500);
    const before = await pageText(tessPage);
    expect(before).not.toContain('Done');
    await shot(tessPage, 'reveal-partner-b-before-375');

    await writeDraft(raviPage, RAVI_WORDS);
    await pressButton(raviPage, 'Mark done');
    await raviPage.getByText('You marked your draft done').waitFor();
    expect(await fitsWidth(raviPage)).toBe(true);
    expect(await seriousViolations(raviPage)).toEqual([]);
    await shot(raviPage, 'reveal-partner-a-done-375');

    // Tess: nothing of Ravi's, on the open page (sockets) and once loaded again (REST).
    await sleep(1500);
    expect(await pageText(tessPage)).toBe(before);
    await tessPage.reload();
    await tessPage.getByRole('heading', { name: PROMPT }).waitFor();
    await tessPage.getByText('All changes saved').first().waitFor();
    expect(await pageText(tessPage)).toBe(before);
    expect(await pageText(tessPage)).not.toContain(RAVI_WORDS);

    // The counselor sees who is done (not what they wrote), and still cannot reveal.
    await counselor.getByRole('list', { name: 'Who is done' }).getByText('Done', { exact: true }).waitFor();
    expect(await pageText(counselor)).not.toContain(RAVI_WORDS);
    expect(await reveal.isDisabled()).toBe(true);

    // Tess writes hers and marks it done by keyboard.
    await writeDraft(tessPage, TESS_WORDS);
    await pressButton(tessPage, 'Mark done');
    await tessPage.getByText('You marked your draft done').waitFor();
    expect(await pageText(tessPage)).not.toContain(RAVI_WORDS);

    // Both done: the counselor reveals by keyboard.
    await counselor.waitForFunction(() => {
      const button = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Reveal both drafts');
      return button !== undefined && !button.disabled;
    });
    await shot(counselor, 'reveal-counselor-both-done-375');
    await pressButton(counselor, 'Reveal both drafts');

    // Both partners' open pages show both texts, without a reload.
    for (const page of [raviPage, tessPage, counselor]) {
      const both = page.getByRole('group', { name: 'Both drafts, revealed together' });
      await both.waitFor();
      await both.getByText(RAVI_WORDS).waitFor();
      await both.getByText(TESS_WORDS).waitFor();
      expect(await fitsWidth(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
    }
    // No editor is left to write in.
    expect(await raviPage.getByRole('textbox', { name: `Your draft: ${PROMPT}, document text` }).count()).toBe(0);
    await shot(tessPage, 'reveal-partner-b-revealed-375');
    await shot(raviPage, 'reveal-partner-a-revealed-375');
    expect(tessErrors).toEqual([]);
    expect(raviErrors).toEqual([]);
  });
});
