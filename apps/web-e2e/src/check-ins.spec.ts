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
/** What a person sees on the page: its text, as the browser renders it. */
const pageText = (page: Page) => page.locator('body').innerText();

/** A check-in leaves no trace: partner B's pages say the same before and after partner A answers. */
describe('check-ins that leave no trace', () => {
  const own = coupleOfItsOwn(['Noor Counselor', 'Ravi Lane', 'Tess Lane']);

  it('the counselor sets the check-in; Ravi answers by keyboard; Tess’s pages do not change; the counselor sees Ravi’s answers; a shared answer reaches Tess alone', async () => {
    const [ravi, tess] = own.couple.partners;
    const w = own.couple.workspaceId;

    // The counselor: our default questions, one of the practice's own, and the week's first day.
    const counselor = await own.page(own.couple.counselor);
    await counselor.goto(`/workspaces/${w}`);
    await counselor.getByRole('link', { name: 'Open the check-in' }).click();
    await counselor.getByRole('heading', { name: 'Weekly check-in', level: 1 }).waitFor();
    await counselor.getByText('How safe did you feel with your partner this week?').waitFor();
    await counselor.getByLabel('Each week starts on').selectOption('Monday');
    await counselor.getByLabel('Kind').selectOption('choice');
    await counselor.getByLabel('Question', { exact: true }).fill('How often did you feel at ease at home?');
    await counselor.getByLabel('Options, one a line').fill('Rarely\nSometimes\nMostly');
    await counselor.getByRole('button', { name: 'Add this question' }).click();
    await counselor.getByRole('button', { name: 'Save the check-in' }).click();
    await counselor.getByText('Check-in saved').waitFor();
    expect(await fitsWidth(counselor)).toBe(true);
    expect(await seriousViolations(counselor)).toEqual([]);
    await shot(counselor, 'check-ins-counselor-setup-375');

    // Tess has her workspace page and her check-in open: what they say is the "before".
    const tessHome = await own.page(tess);
    const tessErrors = uncaughtErrors(tessHome);
    await tessHome.goto(`/workspaces/${w}`);
    await tessHome.getByRole('link', { name: 'Your check-in for this week' }).waitFor();
    const tessCheckIn = await own.page(tess);
    await tessCheckIn.goto(`/workspaces/${w}/check-in`);
    await tessCheckIn.getByRole('heading', { name: 'Your check-in for this week', level: 1 }).waitFor();
    await tessCheckIn.getByText('How safe did you feel with your partner this week?').waitFor();

    // Ravi opens his check-in (his presence settles before Tess's "before").
    const raviPage = await own.page(ravi);
    await raviPage.goto(`/workspaces/${w}`);
    await raviPage.getByRole('link', { name: 'Your check-in for this week' }).click();
    await raviPage.getByRole('heading', { name: 'Your check-in for this week', level: 1 }).waitFor();
    await sleep(1500);
    const before = { home: await pageText(tessHome), checkIn: await pageText(tessCheckIn) };
    await shot(tessCheckIn, 'check-ins-partner-b-before-375');

    // Ravi answers by keyboard: sliders with arrow keys, a choice with the arrow keys of a radio group.
    const safe = raviPage.getByLabel('How safe did you feel with your partner this week?');
    await safe.focus();
    await raviPage.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await raviPage.keyboard.press('ArrowRight');
    await raviPage.getByLabel('How close did you feel to your partner this week?').focus();
    await raviPage.keyboard.press('End');
    await raviPage.getByRole('radio', { name: 'Harder than usual' }).focus();
    await raviPage.keyboard.press('Space');
    await raviPage.getByRole('radio', { name: 'Mostly' }).check();
    await raviPage.getByRole('button', { name: 'Save my answers' }).focus();
    await raviPage.keyboard.press('Enter');
    await raviPage.getByText('Your answers are kept for you and your counselor.').waitFor();
    await raviPage.getByText('3 of 10').first().waitFor();
    expect(await fitsWidth(raviPage)).toBe(true);
    expect(await seriousViolations(raviPage)).toEqual([]);
    await shot(raviPage, 'check-ins-partner-a-answered-375');

    // Tess: nothing changed, on the open pages (sockets) and once they are loaded again (REST).
    await sleep(1500);
    expect({ home: await pageText(tessHome), checkIn: await pageText(tessCheckIn) }).toEqual(before);
    await tessHome.reload();
    await tessHome.getByRole('link', { name: 'Your check-in for this week' }).waitFor();
    await tessCheckIn.reload();
    await tessCheckIn.getByText('How safe did you feel with your partner this week?').waitFor();
    await sleep(1000);
    expect({ home: await pageText(tessHome), checkIn: await pageText(tessCheckIn) }).toEqual(before);
    expect(await seriousViolations(tessCheckIn)).toEqual([]);
    await shot(tessCheckIn, 'check-ins-partner-b-after-375');

    // The counselor sees Ravi's answers, and that Tess has none, in the table.
    await counselor.reload();
    const table = counselor.getByRole('table');
    await table.waitFor();
    const raviRow = table.getByRole('row').filter({ has: counselor.getByRole('rowheader', { name: 'Ravi Lane' }) });
    await expect(raviRow.innerText()).resolves.toMatch(/3 of 10[\s\S]*10 of 10[\s\S]*Harder than usual[\s\S]*Mostly/);
    const tessRow = table.getByRole('row').filter({ has: counselor.getByRole('rowheader', { name: 'Tess Lane' }) });
    await expect(tessRow.innerText()).resolves.toContain('Not answered');
    expect(await fitsWidth(counselor)).toBe(true);
    expect(await seriousViolations(counselor)).toEqual([]);
    await counselor.getByRole('heading', { name: 'Answers, week by week' }).scrollIntoViewIfNeeded();
    await shot(counselor, 'check-ins-counselor-table-375');

    // Ravi shares one answer, on purpose: Tess sees that one and nothing else.
    await raviPage.getByRole('button', { name: 'Share this answer: How close did you feel to your partner this week?' }).click();
    await raviPage.getByText('· shared with your partner').waitFor();
    await tessCheckIn.reload();
    const shared = tessCheckIn.getByRole('region', { name: 'Shared with you' }).or(tessCheckIn.locator('section[aria-labelledby="check-in-shared-title"]'));
    await shared.first().waitFor();
    const sharedText = await shared.first().innerText();
    expect(sharedText).toContain('Ravi Lane');
    expect(sharedText).toContain('How close did you feel to your partner this week? 10 of 10');
    expect(sharedText).not.toContain('3 of 10');
    expect(sharedText).not.toContain('Harder than usual');
    await shot(tessCheckIn, 'check-ins-partner-b-shared-375');
    expect(tessErrors).toEqual([]);
  });
});
