import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { newAgreementItem } from '@kinship/domain/agreements';
import { DEFAULT_CHECK_IN_QUESTIONS } from '@kinship/domain/wire';
import { seriousViolations } from './support/axe';
import { uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { agreementInForce } from './support/agreements';
import { call, createDocument } from './support/rest';

const SHOTS = '/tmp/shots';
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
/** What the Progress page says, but the way back (the workspace's name, which holds both partners' names). */
const pageText = async (page: Page) => (await page.locator('.progress').innerText()).replaceAll('Ines Park & Jo Park', '');
/** A table's cells, row by row, as the browser renders them. */
const tableRows = (page: Page, caption: string) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => (c as HTMLElement).innerText.trim())));

/** Progress over weeks: a week of check-ins and commitments, the counselor's side-by-side view, a partner's own. */
describe('progress over weeks', () => {
  const own = coupleOfItsOwn(['Noor Counselor', 'Ines Park', 'Jo Park']);
  const SAFE = DEFAULT_CHECK_IN_QUESTIONS[0]!.prompt;
  const COMMITMENT = 'I will put the phone away at dinner.';

  it('a partner answers and checks in by keyboard at 375 px; the counselor sees both partners in the tables; each partner sees only their own', async () => {
    const [ines, jo] = own.couple.partners;
    const w = own.couple.workspaceId;
    await call(own.baseUrl, own.couple.counselor.session, 'PUT', `/workspaces/${w}/check-in`, { weekday: 1, questions: DEFAULT_CHECK_IN_QUESTIONS });
    const agreement = await createDocument(own.baseUrl, ines, w, 'agreement', 'Our dinners');
    await agreementInForce(own.baseUrl, [ines, jo], agreement.id, [newAgreementItem({ title: 'Dinner', text: 'Phones away at dinner.' })]);
    // Jo answers this week too (the other partner's figures, which Ines must never see).
    await call(own.baseUrl, jo.session, 'PUT', `/workspaces/${w}/check-in/mine`, { answers: { safe: 9, week: 0 } });

    // Ines: her check-in by keyboard.
    const inesPage = await own.page(ines);
    const errors = uncaughtErrors(inesPage);
    await inesPage.goto(`/workspaces/${w}/check-in`);
    const safe = inesPage.getByLabel(SAFE);
    await safe.focus();
    await inesPage.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await inesPage.keyboard.press('ArrowRight');
    await inesPage.getByRole('radio', { name: 'Easier than usual' }).focus();
    await inesPage.keyboard.press('Space');
    await inesPage.getByRole('button', { name: 'Save my answers' }).focus();
    await inesPage.keyboard.press('Enter');
    await inesPage.getByText('Your answers are kept for you and your counselor.').waitFor();

    // Her commitment and this week's check-in, by keyboard.
    await inesPage.goto(`/workspaces/${w}/commitments`);
    await inesPage.getByLabel('I will…').focus();
    await inesPage.keyboard.type(COMMITMENT);
    await inesPage.keyboard.press('Tab');
    await inesPage.keyboard.press('Enter');
    await inesPage.getByText('How did it go this week?').waitFor();
    await inesPage.getByRole('radio', { name: 'Kept' }).focus();
    await inesPage.keyboard.press('Space');
    await inesPage.keyboard.press('Tab');
    await inesPage.keyboard.press('Tab');
    await inesPage.keyboard.press('Enter');
    await inesPage.getByText('Saved. Only you and your counselor see it.').waitFor();

    // From the workspace page to Progress, by keyboard.
    await inesPage.goto(`/workspaces/${w}`);
    await inesPage.getByRole('link', { name: 'Open progress' }).focus();
    await inesPage.keyboard.press('Enter');
    await inesPage.getByRole('heading', { name: 'Your progress over weeks', level: 1 }).waitFor();
    const week = (await tableRows(inesPage, `Each week’s answers: ${SAFE}`)).at(-1)!;
    expect(week.slice(1)).toEqual(['4 of 10']);
    expect((await tableRows(inesPage, 'Your commitment check-ins, counted each week')).at(-1)!.slice(1)).toEqual(['1', '0', '0']);
    await inesPage.getByText(COMMITMENT, { exact: false }).waitFor();
    const inesSees = await pageText(inesPage);
    expect(inesSees).not.toContain('Jo Park');
    expect(inesSees).not.toContain('9 of 10');
    // Fewer weeks, by keyboard: the table follows.
    await inesPage.getByLabel('Weeks shown').focus();
    await inesPage.keyboard.press('Home');
    await inesPage.getByLabel('Weeks shown').selectOption('4');
    await inesPage.waitForFunction((caption) => Array.from(document.querySelectorAll('caption')).find((c) => c.textContent === caption)?.closest('table')?.querySelectorAll('tbody tr').length === 4, `Each week’s answers: ${SAFE}`);
    expect(await inesPage.evaluate(() => document.activeElement?.tagName)).toBe('SELECT'); // the focus stayed where it was
    expect(await inesPage.locator('svg.recharts-surface').count()).toBeGreaterThan(0); // the charts are drawn
    expect(await fitsWidth(inesPage)).toBe(true);
    expect(await seriousViolations(inesPage)).toEqual([]);
    await shot(inesPage, 'progress-partner-375');

    // The counselor: both partners side by side.
    const counselor = await own.page(own.couple.counselor);
    await counselor.goto(`/workspaces/${w}`);
    await counselor.getByRole('link', { name: 'Open progress' }).focus();
    await counselor.keyboard.press('Enter');
    await counselor.getByRole('heading', { name: 'Progress over weeks', level: 1 }).waitFor();
    const header = await counselor
      .locator('table', { has: counselor.locator('caption', { hasText: `Each week’s answers: ${SAFE}` }) })
      .locator('thead th')
      .allInnerTexts();
    expect(header.slice(1).sort()).toEqual(['Ines Park', 'Jo Park']);
    const thisWeek = (await tableRows(counselor, `Each week’s answers: ${SAFE}`)).at(-1)!;
    expect(Object.fromEntries(header.slice(1).map((name, i) => [name, thisWeek[i + 1]]))).toEqual({ 'Ines Park': '4 of 10', 'Jo Park': '9 of 10' });
    const overall = (await tableRows(counselor, 'Each week’s answers: Overall, how was this week between you?')).at(-1)!;
    expect(Object.fromEntries(header.slice(1).map((name, i) => [name, overall[i + 1]]))).toEqual({ 'Ines Park': 'Easier than usual', 'Jo Park': 'Harder than usual' });
    expect((await tableRows(counselor, 'Ines Park’s commitment check-ins, counted each week')).at(-1)!.slice(1)).toEqual(['1', '0', '0']);
    expect((await tableRows(counselor, 'Jo Park’s commitment check-ins, counted each week')).at(-1)!.slice(1)).toEqual(['0', '0', '0']);
    expect(await fitsWidth(counselor)).toBe(true);
    expect(await seriousViolations(counselor)).toEqual([]);
    await shot(counselor, 'progress-counselor-375');

    // Jo: only Jo's own.
    const joPage = await own.page(jo);
    await joPage.goto(`/workspaces/${w}/progress`);
    await joPage.getByRole('heading', { name: 'Your progress over weeks', level: 1 }).waitFor();
    expect((await tableRows(joPage, `Each week’s answers: ${SAFE}`)).at(-1)!.slice(1)).toEqual(['9 of 10']);
    const joSees = await pageText(joPage);
    for (const trace of ['Ines Park', '4 of 10', COMMITMENT]) expect(joSees).not.toContain(trace);
    expect((await tableRows(joPage, 'Each week’s answers: Overall, how was this week between you?')).at(-1)!.slice(1)).toEqual(['Harder than usual']);
    expect((await tableRows(joPage, 'Your commitment check-ins, counted each week')).every((row) => row.slice(1).join() === '0,0,0')).toBe(true);
    expect(await seriousViolations(joPage)).toEqual([]);
    await shot(joPage, 'progress-other-partner-375');
    expect(errors).toEqual([]);
  });
});
