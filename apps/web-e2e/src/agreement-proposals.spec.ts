import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newAgreementItem } from '@kinship/domain/agreements';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { documentUrl } from './support/editor';
import { e2e } from './support/environment';
import { agreementInForce, editAgreementElsewhere, retitleIn } from './support/agreements';
import { pressByKeyboard, tabTo } from './support/live';
import { createDocument } from './support/rest';
import { eventually } from './support/wait';

/**
 * A change to an agreement in force: Alex proposes it on a phone, by keyboard alone; Alex and the
 * counselor comment; both partners accept; the new version is in force on the other partner's screen.
 */
describe('a proposal both partners accept', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  const items = [newAgreementItem({ title: 'Phones at dinner', text: 'Phones stay in the hall during dinner.' }), newAgreementItem({ title: 'Late', text: 'Text if later than 7.' })];
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let alexPage: Page;
  let samPage: Page;
  let agreementId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    const agreement = await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Evenings at home');
    agreementId = agreement.id;
    await agreementInForce(baseUrl, [alex, sam], agreementId, items);
    const alexContext = await newContext(browser, { as: alex, width: 375, height: 760 });
    const samContext = await newContext(browser, { as: sam });
    contexts = [alexContext, samContext];
    alexPage = await newPage(alexContext);
    samPage = await newPage(samContext);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('shows the version in force, read-only and numbered, with who accepted it', async () => {
    await samPage.goto(documentUrl(couple.workspaceId, agreementId));
    await samPage.getByRole('heading', { name: 'Version 1 in force' }).waitFor();
    await samPage.getByText(/Accepted by Alex Rivera .* and Sam Okafor/).waitFor();
    expect(await samPage.getByRole('list', { name: 'Version 1' }).getByRole('heading').allInnerTexts()).toEqual(['1. Phones at dinner', '2. Late']);
  });

  it('Alex proposes a change on a phone by keyboard, comments on an item and accepts; an edit by Sam withdraws it, and Alex is told why', async () => {
    await alexPage.goto(documentUrl(couple.workspaceId, agreementId));
    await alexPage.getByRole('heading', { name: 'Version 1 in force' }).waitFor();
    await pressByKeyboard(alexPage, 'Propose a change');
    await alexPage.waitForURL(/\/proposals\//);
    const proposalId = /\/proposals\/([0-9a-f-]{36})/.exec(alexPage.url())![1]!;
    await alexPage.getByRole('heading', { name: 'What changes from version 1' }).waitFor();

    await editAgreementElsewhere(baseUrl, alex, proposalId, (fragment) => retitleIn(fragment, items[0]!.id, 'Phones in the hall at dinner'));
    // The diff names the changed words, marked by more than colour.
    await alexPage.locator('ins.diff-added', { hasText: 'in the hall' }).waitFor();

    await tabTo(alexPage, 'Item');
    await alexPage.keyboard.press('ArrowDown');
    await tabTo(alexPage, 'Comment');
    await alexPage.keyboard.type('Does this include tablets?');
    await pressByKeyboard(alexPage, 'Add comment');
    await alexPage.locator('.proposal-comments__item', { hasText: 'Does this include tablets?' }).waitFor();
    expect(await alexPage.locator('.proposal-comments__item h3').allInnerTexts()).toEqual(['Item 2: Late']);

    expect(await alexPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(alexPage)).toEqual([]);
    await pressByKeyboard(alexPage, 'Accept this text');
    await alexPage.getByText(/You \(Alex Rivera\)\s*accepted this text/).waitFor();

    // Sam changes an item afterwards: Alex's acceptance is withdrawn, and Alex is told why.
    await editAgreementElsewhere(baseUrl, sam, proposalId, (fragment) => retitleIn(fragment, items[1]!.id, 'Late (after 7)'));
    await alexPage.getByText('Your acceptance was withdrawn').waitFor();
    await alexPage.getByText(/Withdrawn because Sam Okafor edited item 2 after you accepted/).waitFor();
    await pressByKeyboard(alexPage, 'Accept this text');
    await alexPage.getByText(/You \(Alex Rivera\)\s*accepted this text/).waitFor();
  });

  it('Sam reads the proposal and its comment and accepts: the new version is in force on Alex’s screen', async () => {
    await alexPage.goto(documentUrl(couple.workspaceId, agreementId));
    await alexPage.getByRole('heading', { name: 'Version 1 in force' }).waitFor();

    await samPage.goto(documentUrl(couple.workspaceId, agreementId));
    await samPage.getByRole('link', { name: 'Change to Evenings at home' }).click();
    await samPage.locator('.proposal-comments__item', { hasText: 'Does this include tablets?' }).waitFor();
    await samPage.getByText(/Alex Rivera\s*accepted this text/).waitFor();
    await samPage.getByText('Alex Rivera’s acceptance was withdrawn').waitFor();
    expect(await seriousViolations(samPage)).toEqual([]);
    await samPage.getByRole('button', { name: 'Accept this text' }).click();
    await samPage.getByText('In force as version 2').waitFor();

    await alexPage.getByRole('heading', { name: 'Version 2 in force' }).waitFor({ timeout: 10_000 });
    await eventually(
      () => alexPage.getByRole('list', { name: 'Version 2' }).getByRole('heading').allInnerTexts(),
      (titles) => titles.join('|') === '1. Phones in the hall at dinner|2. Late (after 7)',
    );
    expect(uncaughtErrors(alexPage)).toEqual([]);
    expect(uncaughtErrors(samPage)).toEqual([]);
  });
});
