import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { editorArea, statusSays } from './support/editor';
import { e2e } from './support/environment';
import { documentIdIn, floorPanel, pauseNotice, pressByKeyboard, tabTo } from './support/live';
import { createCouple, type Couple } from './support/rest';

const WIDTH = 375;

/**
 * The whole session on phones, by keyboard alone (Tab, Enter and typing; no pointer): start,
 * join, the floor with its mirror, a time-out answered in words, another and its pause, resume,
 * the end and the record.
 * Every page passes axe-core with no serious or critical violation and never scrolls sideways.
 */
describe('a live session at 375 px, by keyboard alone', () => {
  const { baseUrl } = e2e();
  let couple: Couple;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let counselor: Page;
  let morgan: Page;
  let casey: Page;

  beforeAll(async () => {
    couple = await createCouple(baseUrl, ['Kim Counselor', 'Morgan Reyes', 'Casey Brooks']);
    browser = await launchBrowser();
    const pages: Page[] = [];
    for (const person of [couple.counselor, ...couple.partners]) {
      const context = await newContext(browser, { as: person, width: WIDTH, height: 812 });
      contexts.push(context);
      pages.push(await newPage(context));
    }
    [counselor, morgan, casey] = pages as [Page, Page, Page];
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  async function expectFitsAndAccessible(page: Page, name: string) {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    await screenshot(page, name);
  }

  it('the counselor starts the session and both partners join, by keyboard', async () => {
    for (const page of [counselor, morgan, casey]) {
      await page.goto(`/workspaces/${couple.workspaceId}`);
      await page.getByRole('heading', { name: 'Documents' }).waitFor();
    }
    await counselor.getByRole('button', { name: 'Start live session' }).waitFor();
    await pressByKeyboard(counselor, 'Start live session');
    await counselor.getByText(/Your live session is on/).waitFor();
    for (const partner of [morgan, casey]) {
      await partner.getByText('Live session with Kim Counselor').waitFor();
      await expectFitsAndAccessible(partner, `live-workspace-partner-${WIDTH}`);
      await pressByKeyboard(partner, 'Join');
      await partner.waitForURL(/\/documents\//);
      await editorArea(partner).waitFor();
    }
    await counselor.locator('.session-person', { hasText: 'Casey Brooks' }).getByText(/In “/).waitFor();
    await expectFitsAndAccessible(counselor, `live-workspace-counselor-${WIDTH}`);
    await pressByKeyboard(counselor, 'Open the session dialogue');
    await counselor.waitForURL(/\/documents\//);
    expect(documentIdIn(counselor)).toBe(documentIdIn(morgan));
    await floorPanel(counselor).waitFor();
  });

  it('the floor, its mirror and its confirmation, by keyboard', async () => {
    await pressByKeyboard(counselor, 'Give the floor to Casey Brooks');
    await floorPanel(casey).getByText('You have the floor. Morgan Reyes listens without interrupting.').waitFor();
    await statusSays(casey, 'All changes saved').waitFor({ timeout: 15_000 });
    // The speaker writes in the dialogue by keyboard: Tab reaches the writing area.
    await tabTo(casey, /document text$/);
    await casey.keyboard.type('I need to know plans change before they do.');
    await morgan.getByText('I need to know plans change before they do.').waitFor();
    await pressByKeyboard(casey, "I'm done — listen back");

    await tabTo(morgan, 'What I heard you say…');
    await morgan.keyboard.type('You want to hear about a change before it happens.');
    await pressByKeyboard(morgan, 'Send my mirror');
    await floorPanel(casey).getByText('You want to hear about a change before it happens.').waitFor();
    await pressByKeyboard(casey, "That's what I meant");
    await floorPanel(counselor).getByText("Casey Brooks confirmed: that's what they meant.").waitFor();
  });

  it('a time-out answered in words, by keyboard', async () => {
    await pressByKeyboard(casey, 'Time-out');
    await casey.getByText('Your counselor has been asked for a pause.').waitFor();
    await counselor.getByText('Casey Brooks asked for a time-out', { exact: false }).waitFor();
    await pressByKeyboard(counselor, 'Answer…');
    // The answer's field has the focus at once.
    await counselor.keyboard.type('Two more minutes, then we stop together.');
    await pressByKeyboard(counselor, 'Send answer');
    await casey.getByText('Your counselor answered: “Two more minutes, then we stop together.”').waitFor();
    await counselor.getByText('Casey Brooks asked for a time-out', { exact: false }).waitFor({ state: 'detached' });
    expect(await pauseNotice(casey).count()).toBe(0);
  });

  it('a time-out and its pause, by keyboard; the document in session is accessible and fits', async () => {
    await pressByKeyboard(morgan, 'Time-out');
    await morgan.getByText('Your counselor has been asked for a pause.').waitFor();
    await counselor.getByText('Morgan Reyes asked for a time-out', { exact: false }).waitFor();
    await expectFitsAndAccessible(counselor, `live-document-time-out-counselor-${WIDTH}`);
    await pressByKeyboard(counselor, 'Pause (20 min break)');
    for (const page of [counselor, morgan, casey]) await pauseNotice(page).getByText(/Break: (20:00|19:[0-5]\d) left/).waitFor();

    await expectFitsAndAccessible(morgan, `live-document-paused-partner-${WIDTH}`);
    await expectFitsAndAccessible(casey, `live-document-paused-speaker-${WIDTH}`);
    // The counselor's moderation, opened by keyboard, is accessible too.
    await pressByKeyboard(counselor, 'Moderation');
    await counselor.getByRole('button', { name: 'Lock this document' }).waitFor();
    await expectFitsAndAccessible(counselor, `live-document-counselor-${WIDTH}`);

    await pressByKeyboard(counselor, 'Resume the session');
    for (const page of [counselor, morgan, casey]) await pauseNotice(page).waitFor({ state: 'detached' });
  });

  it('the end, by keyboard, and the record', async () => {
    await pressByKeyboard(counselor, 'End the session');
    const dialog = counselor.getByRole('dialog', { name: 'End the live session?' });
    await dialog.waitFor();
    // The safe choice has the focus first; Tab moves to the other.
    expect(await counselor.evaluate(() => document.activeElement?.textContent)).toBe('Keep it going');
    await counselor.keyboard.press('Tab');
    await counselor.keyboard.press('Enter');
    for (const page of [counselor, morgan, casey]) await page.getByText('The live session has ended.').waitFor();

    await pressByKeyboard(counselor, 'See the session record');
    await counselor.getByRole('heading', { name: 'Session record', level: 1 }).waitFor();
    await counselor.locator('.record-mirror[data-status="confirmed"]').waitFor();
    await tabTo(counselor, 'Your observations');
    await counselor.keyboard.type('Morgan asked for the pause calmly.');
    await pressByKeyboard(counselor, 'Save privately');
    await counselor.getByText('Saved, privately.').waitFor();
    await expectFitsAndAccessible(counselor, `live-record-counselor-${WIDTH}`);

    await pressByKeyboard(morgan, 'See the session record');
    await morgan.getByRole('heading', { name: 'Session record', level: 1 }).waitFor();
    await morgan.locator('.record-mirror[data-status="confirmed"]').waitFor();
    await expectFitsAndAccessible(morgan, `live-record-partner-${WIDTH}`);
    for (const page of [counselor, morgan, casey]) expect(uncaughtErrors(page)).toEqual([]);
  });
});
