import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { newAgreementItem } from '@kinship/domain/agreements';
import { seriousViolations } from './support/axe';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { agreementInForce } from './support/agreements';
import { createDocument } from './support/rest';

const SHOTS = '/tmp/shots';
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** A week of commitments: a partner's promise on an item, a private check-in, the counselor's view. */
describe('commitments, week by week', () => {
  const own = coupleOfItsOwn(['Noor Counselor', 'Rae Lind', 'Sol Lind']);
  const COMMITMENT = 'I will say when I will be late, before it happens.';
  const NOTE = 'Texted at six on Tuesday.';

  it('a partner adds a commitment and checks in for the week by keyboard at 375 px; the counselor sees it; the other partner does not', async () => {
    const [rae, sol] = own.couple.partners;
    const agreement = await createDocument(own.baseUrl, rae, own.couple.workspaceId, 'agreement', 'Our evenings');
    await agreementInForce(own.baseUrl, [rae, sol], agreement.id, [
      newAgreementItem({ title: 'Being late', text: 'We say so before it happens.' }),
      newAgreementItem({ title: 'Sol’s walks', text: 'Sol walks alone on Sundays.', binds: sol.account.id }),
    ]);

    const raePage = await own.page(rae);
    await raePage.goto(`/workspaces/${own.couple.workspaceId}`);
    await raePage.getByRole('link', { name: 'Your week' }).click();
    await raePage.getByRole('heading', { name: 'Commitments', level: 1 }).waitFor();
    // Only the item that binds Rae is offered.
    const itemChoice = raePage.getByLabel('For this item');
    await itemChoice.waitFor();
    expect(await itemChoice.locator('option').allTextContents()).toEqual(['Our evenings — item 1: Being late']);
    await raePage.getByLabel('I will…').focus();
    await raePage.keyboard.type(COMMITMENT);
    await raePage.keyboard.press('Tab');
    await raePage.keyboard.press('Enter');
    const legend = raePage.getByText('How did it go this week?');
    await legend.waitFor();
    expect(await fitsWidth(raePage)).toBe(true);
    expect(await seriousViolations(raePage)).toEqual([]);
    await shot(raePage, 'commitments-partner-added-375');

    // By keyboard: into the choices, arrow to "Partly", a note, save.
    await raePage.getByRole('radio', { name: 'Kept' }).focus();
    await raePage.keyboard.press('ArrowRight');
    expect(await raePage.getByRole('radio', { name: 'Partly' }).isChecked()).toBe(true);
    await raePage.keyboard.press('Tab');
    await raePage.keyboard.type(NOTE);
    await raePage.keyboard.press('Tab');
    await raePage.keyboard.press('Enter');
    await raePage.getByText('Saved. Only you and your counselor see it.').waitFor();
    expect(await seriousViolations(raePage)).toEqual([]);
    await shot(raePage, 'commitments-partner-checked-in-375');

    // The counselor sees Rae's week, the check-in and its note.
    const counselor = await own.page(own.couple.counselor);
    await counselor.goto(`/workspaces/${own.couple.workspaceId}/commitments`);
    const raeWeek = counselor.getByRole('region', { name: 'Rae Lind’s week' });
    await raeWeek.getByText(COMMITMENT).waitFor();
    await raeWeek.getByText('This week: Partly').waitFor();
    await raeWeek.getByText(NOTE, { exact: false }).waitFor();
    await counselor.getByRole('region', { name: 'Sol Lind’s week' }).getByText('No commitments yet.').waitFor();
    expect(await fitsWidth(counselor)).toBe(true);
    expect(await seriousViolations(counselor)).toEqual([]);
    await shot(counselor, 'commitments-counselor-375');

    // Sol sees Rae's commitment (it belongs to the agreement) and nothing of the check-in.
    const solPage = await own.page(sol);
    await solPage.goto(`/workspaces/${own.couple.workspaceId}/commitments`);
    await solPage.getByRole('heading', { name: 'Your week' }).waitFor();
    await solPage.getByRole('region', { name: 'Commitments in your agreements' }).getByText(COMMITMENT).waitFor();
    const solSees = await solPage.locator('body').innerText();
    expect(solSees).not.toContain('Partly');
    expect(solSees).not.toContain(NOTE);
    expect(solSees).not.toContain('Rae Lind’s week');
    expect(await solPage.getByRole('region', { name: 'Rae Lind’s week' }).count()).toBe(0);
    // Sol's own item is offered to Sol.
    // The items in force are read after the page's own data: wait for the list before reading it.
    const options = solPage.getByLabel('For this item').locator('option');
    await options.first().waitFor({ state: 'attached' });
    expect(await options.allTextContents()).toEqual([
      'Our evenings — item 1: Being late',
      'Our evenings — item 2: Sol’s walks',
    ]);
    expect(await seriousViolations(solPage)).toEqual([]);
    await shot(solPage, 'commitments-other-partner-375');
  });
});
