import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { editorArea } from './support/editor';
import { createDocument } from './support/rest';

const SHOTS = '/tmp/shots';
async function shot(page: Page, name: string, fullPage = true) {
  mkdirSync(SHOTS, { recursive: true });
  if (!fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pageText = (page: Page) => page.locator('body').innerText();
const PAUSED = 'Joint work is paused for now by your counselor.';

/** The safety channel: a partner's risk answer reaches the counselor alone; a pause reads the same to both partners. */
describe('the safety channel with the counselor', () => {
  const own = coupleOfItsOwn(['Noor Counselor', 'Ravi Lane', 'Tess Lane']);

  it('Ravi gives a risk answer by keyboard and sees the resources; the counselor’s open page shows the alert live; Tess’s pages do not change; a pause reads the same to both and holds their typing', async () => {
    const [ravi, tess] = own.couple.partners;
    const w = own.couple.workspaceId;
    const notes = await createDocument(own.baseUrl, ravi, w, 'notes', 'Our notes');

    // The counselor's safety channel is open, with nothing new.
    const counselor = await own.page(own.couple.counselor);
    const counselorErrors = uncaughtErrors(counselor);
    await counselor.goto(`/workspaces/${w}`);
    await counselor.getByRole('link', { name: 'Open the safety channel' }).click();
    await counselor.getByRole('heading', { name: 'Safety channel', level: 1 }).waitFor();
    await counselor.getByText('Nothing new.').waitFor();
    // The counselor adds a question of their own and marks one of its options as a risk.
    await counselor.getByLabel('Question', { exact: true }).fill('Do you have a safe place you could go?');
    await counselor.getByLabel('Options, one a line').fill('Yes\nNo\nNot sure');
    await counselor.getByRole('button', { name: 'Add this question' }).click();
    await counselor.getByRole('group', { name: 'Question 5: Do you have a safe place you could go?' }).getByRole('checkbox', { name: 'No', exact: true }).check();
    await counselor.getByRole('button', { name: 'Save questions and resources' }).click();
    await counselor.getByText('Partners see these from now on.').waitFor();

    // Tess has her workspace page and her own safety page open: the "before".
    const tessHome = await own.page(tess);
    const tessErrors = uncaughtErrors(tessHome);
    await tessHome.goto(`/workspaces/${w}`);
    await tessHome.getByRole('link', { name: 'Talk to your counselor privately' }).waitFor();
    const tessSafety = await own.page(tess);
    await tessSafety.goto(`/workspaces/${w}/safety`);
    await tessSafety.getByRole('heading', { name: 'Just you and your counselor', level: 1 }).waitFor();

    // Ravi finds the quiet link on his workspace page, by keyboard.
    const raviPage = await own.page(ravi);
    const raviErrors = uncaughtErrors(raviPage);
    await raviPage.goto(`/workspaces/${w}`);
    const link = raviPage.getByRole('link', { name: 'Talk to your counselor privately' });
    await link.waitFor();
    const homeTitle = await raviPage.title();
    expect(homeTitle).toBe('Workspace · Kinship');
    await link.focus();
    await raviPage.keyboard.press('Enter');
    await raviPage.getByRole('heading', { name: 'Just you and your counselor', level: 1 }).waitFor();
    await raviPage.getByText('Do you have a safe place you could go?').waitFor();
    // The tab's title (kept in the browser's history) says what the workspace page's says.
    expect(await raviPage.title()).toBe(homeTitle);
    await sleep(1500);
    const before = { home: await pageText(tessHome), safety: await pageText(tessSafety) };

    // Ravi answers by keyboard: the arrow keys of a radio group; 2 of 10 is in the counselor's risk range.
    await raviPage.getByRole('radio', { name: '0, Not safe at all' }).focus();
    await raviPage.keyboard.press('Space');
    await raviPage.keyboard.press('ArrowRight');
    await raviPage.keyboard.press('ArrowRight');
    expect(await raviPage.getByRole('radio', { name: '2', exact: true }).isChecked()).toBe(true);
    await raviPage.getByRole('button', { name: 'Send my answers' }).focus();
    await raviPage.keyboard.press('Enter');
    // The resources, at once, with the focus on them.
    await raviPage.getByRole('heading', { name: 'Help, if you need it' }).waitFor();
    await raviPage.getByText('If you are in danger right now, call your local emergency number').first().waitFor();
    expect(await raviPage.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe('safety-help-now-title');
    expect(await fitsWidth(raviPage)).toBe(true);
    expect(await seriousViolations(raviPage)).toEqual([]);
    await shot(raviPage, 'safety-partner-a-resources-375');

    // The counselor's open page shows it live, with no reload.
    await counselor.getByText('Ravi Lane gave an answer you marked as a risk').waitFor({ timeout: 5000 });

    // Ravi writes to the counselor alone, by keyboard.
    await raviPage.getByLabel('Your message').focus();
    await raviPage.keyboard.type('Can you call me on Tuesday morning?', { delay: 5 });
    await raviPage.getByRole('button', { name: 'Send to my counselor' }).focus();
    await raviPage.keyboard.press('Enter');
    await raviPage.locator('.safety__thread').getByText('Can you call me on Tuesday morning?').waitFor();
    await counselor.getByText('Ravi Lane wrote to you').waitFor({ timeout: 5000 });
    expect(await fitsWidth(counselor)).toBe(true);
    expect(await seriousViolations(counselor)).toEqual([]);
    await shot(counselor, 'safety-counselor-alert-375');

    // Tess: nothing changed, on the open pages (sockets) and once loaded again (REST).
    await sleep(1500);
    expect({ home: await pageText(tessHome), safety: await pageText(tessSafety) }).toEqual(before);
    await tessHome.reload();
    await tessHome.getByRole('link', { name: 'Talk to your counselor privately' }).waitFor();
    await tessSafety.reload();
    await tessSafety.getByRole('heading', { name: 'Just you and your counselor', level: 1 }).waitFor();
    await sleep(1000);
    expect({ home: await pageText(tessHome), safety: await pageText(tessSafety) }).toEqual(before);
    expect(await seriousViolations(tessSafety)).toEqual([]);
    await shot(tessSafety, 'safety-partner-b-unchanged-375');

    // Both partners have the shared notes open and can type.
    const raviDoc = await own.page(ravi);
    await raviDoc.goto(`/workspaces/${w}/documents/${notes.id}`);
    const tessDoc = await own.page(tess);
    await tessDoc.goto(`/workspaces/${w}/documents/${notes.id}`);
    for (const page of [raviDoc, tessDoc]) await page.locator('.prose[contenteditable="true"]').waitFor();

    // The counselor pauses joint work, by keyboard, with a private note.
    await counselor.getByLabel('Your private note (optional)').fill('Ravi is afraid at home');
    await counselor.getByRole('button', { name: 'Pause joint work' }).focus();
    await counselor.keyboard.press('Enter');
    await counselor.getByRole('button', { name: 'Resume joint work' }).waitFor();

    // Both partners: the same words, live, no reason, no name; the shared document stops taking typing.
    for (const page of [raviDoc, tessDoc]) {
      await page.locator('.joint-work-banner').getByText(PAUSED).waitFor({ timeout: 5000 });
      await page.locator('.prose[contenteditable="false"]').waitFor();
    }
    expect(await raviDoc.locator('.joint-work-banner').innerText()).toBe(await tessDoc.locator('.joint-work-banner').innerText());
    expect(await tessDoc.locator('body').innerText()).not.toContain('afraid');
    const textBefore = await editorArea(tessDoc).innerText();
    await editorArea(tessDoc).click();
    await tessDoc.keyboard.type('typing while paused', { delay: 5 });
    await sleep(500);
    expect(await editorArea(tessDoc).innerText()).toBe(textBefore);
    for (const page of [raviDoc, tessDoc]) {
      expect(await fitsWidth(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
    }
    await shot(tessDoc, 'safety-paused-partner-b-375', false);
    await shot(raviDoc, 'safety-paused-partner-a-375', false);
    // A page opened after the pause says the same.
    await tessHome.reload();
    await tessHome.locator('.joint-work-banner').getByText(PAUSED).waitFor();

    // Resumed: the banner goes and typing works again.
    await counselor.getByRole('button', { name: 'Resume joint work' }).click();
    for (const page of [raviDoc, tessDoc]) {
      await page.locator('.joint-work-banner').waitFor({ state: 'detached', timeout: 5000 });
      await page.locator('.prose[contenteditable="true"]').waitFor();
    }
    expect([...counselorErrors, ...tessErrors, ...raviErrors]).toEqual([]);
  });
});
