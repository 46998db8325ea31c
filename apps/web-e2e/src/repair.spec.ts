import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { newAgreementItem } from '@kinship/domain/agreements';
import { seriousViolations } from './support/axe';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { agreementInForce } from './support/agreements';
import { call, createDocument } from './support/rest';

const SHOTS = '/tmp/shots';
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Presses a button by keyboard: focus it, then Enter. */
async function press(page: Page, name: string) {
  const button = page.getByRole('button', { name, exact: true });
  await button.waitFor();
  await button.focus();
  await page.keyboard.press('Enter');
}
/** Types into a labelled box, then Tab to its button and Enter (the form's own order). */
async function write(page: Page, label: string, text: string) {
  const box = page.getByLabel(label, { exact: true });
  await box.waitFor();
  await box.focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
}
async function clean(page: Page) {
  expect(await fitsWidth(page)).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
}

/** Two partners on two phones go through a guided repair to its end, by keyboard, at 375 px. */
describe('guided repair on two phones', () => {
  const own = coupleOfItsOwn(['Noor Counselor', 'Rae Lind', 'Sol Lind']);

  it('a repair to its end: calm, feelings, views with one “not quite”, the rest, and the last step as a proposed agreement item', async () => {
    const [rae, sol] = own.couple.partners;
    const w = own.couple.workspaceId;
    const agreement = await createDocument(own.baseUrl, rae, w, 'agreement', 'Our evenings');
    await agreementInForce(own.baseUrl, [rae, sol], agreement.id, [newAgreementItem({ title: 'Being late', text: 'We say so before it happens.' })]);

    const raePage = await own.page(rae);
    await raePage.goto(`/workspaces/${w}`);
    const open = raePage.getByRole('link', { name: 'Open repair' });
    await open.focus();
    await raePage.keyboard.press('Enter');
    await raePage.getByRole('heading', { name: 'Repair', level: 1 }).waitFor();
    // Betrayal repair waits for the counselor.
    expect(await raePage.getByRole('radio', { name: /Betrayal repair/ }).isDisabled()).toBe(true);
    await clean(raePage);
    await shot(raePage, 'repair-start-375');
    await press(raePage, 'Start the repair');
    await raePage.getByRole('heading', { name: 'Step 1 of 6: Calm enough to start' }).waitFor();

    const solPage = await own.page(sol);
    await solPage.goto(`/workspaces/${w}/repair`);
    await solPage.getByRole('heading', { name: 'Step 1 of 6: Calm enough to start' }).waitFor();
    // The break is there for both, at every step.
    await solPage.getByRole('button', { name: 'Take a break' }).waitFor();

    // 1. Calm, both.
    await press(raePage, 'I am calm and ready');
    await raePage.getByText('You said you are calm enough.', { exact: false }).waitFor();
    await press(solPage, 'I am calm and ready');
    await raePage.getByRole('heading', { name: 'Step 2 of 6: What I felt' }).waitFor(); // reached Rae over /live

    // 2. Feelings, by keyboard (Space ticks a box).
    for (const [page, feelings] of [
      [raePage, ['Hurt', 'Lonely']],
      [solPage, ['Scared']],
    ] as const) {
      await page.getByRole('heading', { name: 'Step 2 of 6: What I felt' }).waitFor();
      for (const f of feelings) {
        await page.getByRole('checkbox', { name: f }).focus();
        await page.keyboard.press('Space');
      }
      await press(page, 'Share my feelings');
    }
    await clean(solPage);

    // 3. Views: Rae tells, Sol says it back, "not quite", again, heard; then Sol.
    await raePage.getByRole('heading', { name: 'Step 3 of 6: Each of our views' }).waitFor();
    await write(raePage, 'My view', 'I waited an hour at the station and nobody called.');
    await solPage.getByText('I waited an hour at the station and nobody called.').first().waitFor();
    await write(solPage, 'Rae Lind’s view, in my words', 'You were annoyed that I was late.');
    await raePage.getByText('Is that what you meant?').waitFor();
    await clean(raePage);
    await shot(raePage, 'repair-heard-375');
    await press(raePage, 'Not quite');
    await solPage.getByText('You were annoyed that I was late.').first().waitFor();
    await write(solPage, 'Rae Lind’s view, in my words', 'You waited an hour alone and felt forgotten.');
    await raePage.getByText('You waited an hour alone and felt forgotten.').first().waitFor();
    await press(raePage, 'Yes, I was heard');
    await write(solPage, 'My view', 'My phone died and I panicked about being late.');
    await write(raePage, 'Sol Lind’s view, in my words', 'Your phone died and you were frightened.');
    await press(solPage, 'Yes, I was heard');

    // The counselor sees each step's progress and pauses; the partners see it.
    const counselor = await own.page(own.couple.counselor);
    await counselor.goto(`/workspaces/${w}/repair`);
    await counselor.getByRole('table').waitFor();
    await press(counselor, 'Pause the repair');
    await raePage.getByText('Paused by your counselor').waitFor();
    await clean(counselor);
    await shot(counselor, 'repair-counselor-375');
    await press(counselor, 'Resume the repair');
    await raePage.getByRole('heading', { name: 'Step 4 of 6: What set me off' }).waitFor();

    // 4–6, each in turn.
    for (const [label, r, s] of [
      ['What set me off', 'The silence.', 'Feeling blamed before I could explain.'],
      ['What I own', 'I assumed the worst.', 'I did not charge my phone.'],
      ['One thing I will do differently', 'I will ask what happened before I decide.', 'I will carry a charger.'],
    ] as const) {
      await write(raePage, label, r);
      await write(solPage, label, s);
    }
    await raePage.getByRole('heading', { name: 'Every step is done' }).waitFor();
    await solPage.getByRole('heading', { name: 'Every step is done' }).waitFor();
    await raePage.getByText('I will carry a charger.').first().waitFor();

    // The last step, turned into a proposed agreement item.
    const chooser = raePage.getByLabel('Propose it as an item of');
    await chooser.waitFor();
    expect(await chooser.locator('option').allTextContents()).toEqual(['Our evenings']);
    await press(raePage, 'Propose as an agreement item');
    await raePage.getByText('It is a proposed item now.').waitFor();
    await clean(raePage);
    await shot(raePage, 'repair-done-375');
    const view = await call<{ proposals: { id: string; state: string; title: string }[] }>(own.baseUrl, sol.session, 'GET', `/agreements/${agreement.id}`);
    const opened = view.proposals.filter((p) => p.state === 'open');
    expect(opened.map((p) => p.title)).toEqual(['From our repair: Rae Lind’s one thing']);
    const proposal = await call<{ items: { text: string; binds: string }[] }>(own.baseUrl, sol.session, 'GET', `/agreements/${agreement.id}/proposals/${opened[0]!.id}`);
    expect(proposal.items).toContainEqual(expect.objectContaining({ text: 'I will ask what happened before I decide.', binds: rae.account.id }));
  });
});
