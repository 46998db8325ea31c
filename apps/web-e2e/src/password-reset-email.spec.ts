import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiProcess, stopApiProcess, type ApiProcess } from './support/api-process';
import { launchBrowser, uncaughtErrors } from './support/browser';
import { openDocument, statusSays, typeAtEnd } from './support/editor';
import { timeUntil } from './support/live';
import { createCouple, createDocument, LOGIN_COOKIE, type Session } from './support/rest';
import { SmtpInbox } from './support/smtp-inbox';

const SHOTS = '/tmp/shots';
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/**
 * "Forgot password?" by email, in a practice that has set up mail: this spec's own API process with
 * SMTP_URL pointing at a test SMTP server (the run's shared API has no mail, so its journeys are
 * untouched).
 */
describe('a forgotten password, set again through a link by email', () => {
  let inbox: SmtpInbox;
  let api: ApiProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const NEW_PASSWORD = 'the kettle sings at dawn';

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    [api, browser] = await Promise.all([startApiProcess({ SMTP_URL: inbox.url, MAIL_FROM: 'Kinship <kinship@practice.test>' }), launchBrowser()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    if (api) await stopApiProcess(api.child);
    await inbox?.close();
  });

  async function page(as?: Session, width = 375): Promise<Page> {
    const context = await browser.newContext({ baseURL: api.baseUrl, viewport: { width, height: 760 } });
    if (as) await context.addCookies([{ name: LOGIN_COOKIE, value: as.session, url: api.baseUrl }]);
    contexts.push(context);
    const opened = await context.newPage();
    const errors: string[] = [];
    opened.on('pageerror', (error) => errors.push(error.message));
    (opened as Page & { uncaughtErrors?: string[] }).uncaughtErrors = errors;
    return opened;
  }

  it('forgot password → the mail → its link → a new password (the old device signed out) → signed in, back to their writing and its history; the link then works no more', async () => {
    const couple = await createCouple(api.baseUrl, ['Ines Counselor', 'Juno Vale', 'Kit Vale']);
    const [person] = couple.partners;
    // Juno writes in a letter of the workspace before forgetting the password.
    const JUNO_LINE = 'Sunday evenings are for talking, phones away.';
    const letter = await createDocument(api.baseUrl, person, couple.workspaceId, 'notes', 'Sunday evenings');
    const oldDevice = await page(person);
    await openDocument(oldDevice, couple.workspaceId, letter.id);
    await typeAtEnd(oldDevice, JUNO_LINE);
    await statusSays(oldDevice, 'All changes saved').waitFor();

    const wide = await page(undefined, 1280);
    await wide.goto('/forgot-password');
    await wide.getByRole('button', { name: 'Email me a link' }).waitFor();
    await shot(wide, 'reset-mail-forgot-1280');

    const phone = await page(undefined);
    await phone.goto('/login');
    await phone.getByRole('link', { name: 'Forgot password?' }).click();
    await phone.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await phone.getByText('We can email you a link').waitFor();
    expect(await fitsWidth(phone)).toBe(true);
    await shot(phone, 'reset-mail-forgot-375');
    // The recovery-code form waits, folded, under "Use a recovery code instead": only one Email field shows.
    await phone.getByRole('textbox', { name: 'Email' }).fill(person.email);
    await phone.getByRole('button', { name: 'Email me a link' }).click();
    await phone.getByText('Check your email').waitFor();
    await phone.getByText(`If an account uses ${person.email}`).waitFor();
    await shot(phone, 'reset-mail-sent-375');

    const mail = await inbox.mailTo(person.email);
    expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toMatch(/Juno|Vale|Kit|Ines|Sunday/);
    const link = new URL(mail.text.match(/https?:\/\/\S+/)![0]);
    expect(link.pathname).toMatch(/^\/reset-password\/[A-Za-z0-9_-]{43}$/);

    await phone.goto(link.pathname);
    await phone.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await phone.getByText(`For the account that uses ${person.email}.`).waitFor();
    await phone.getByLabel('New password', { exact: true }).fill('password123');
    await phone.getByRole('button', { name: 'Set new password' }).click();
    await phone.getByText(/too common/).waitFor();
    expect(await fitsWidth(phone)).toBe(true);
    await shot(phone, 'reset-mail-link-page-375');
    await phone.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await phone.getByRole('button', { name: 'Set new password' }).click();
    await phone.getByRole('heading', { name: 'Your new password is set' }).waitFor();
    await shot(phone, 'reset-mail-done-375');

    // The device that was signed in is signed out at once.
    expect(await timeUntil(async () => new URL(oldDevice.url()).pathname === '/login', 5000)).toBeLessThan(5000);

    await phone.getByRole('link', { name: 'Log in with your new password' }).click();
    await phone.getByLabel('Email').fill(person.email);
    await phone.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await phone.getByRole('button', { name: 'Log in' }).click();
    await phone.getByRole('heading', { name: 'Your workspaces' }).waitFor();

    // Back in: the letter as Juno wrote it, and its history says who wrote it.
    await openDocument(phone, couple.workspaceId, letter.id);
    await phone.getByText(JUNO_LINE).waitFor();
    await phone.getByRole('button', { name: 'History' }).click();
    const junoRun = phone.getByRole('region', { name: 'History' }).locator('.authored-run', { hasText: JUNO_LINE });
    await junoRun.waitFor();
    expect(await junoRun.getAttribute('title')).toBe('Juno Vale');

    // With email set up, Account and security offers the mail that says only "something is waiting"; off until chosen.
    await phone.goto('/account/security');
    const notice = phone.getByRole('checkbox', { name: 'Email me when something is waiting' });
    await notice.scrollIntoViewIfNeeded();
    expect(await notice.isChecked()).toBe(false);
    const saved = phone.waitForResponse((r) => r.url().endsWith('/api/me/notice-mail') && r.request().method() === 'PUT');
    await notice.check();
    expect((await saved).status()).toBe(200);
    await phone.reload();
    await phone.getByRole('heading', { name: 'Email when something is waiting' }).waitFor();
    expect(await notice.isChecked()).toBe(true);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.getByRole('heading', { name: 'Email when something is waiting' }).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${SHOTS}/notice-mail-setting-375.png` });

    await phone.goto(link.pathname);
    await phone.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await phone.getByText(/already been used/).waitFor();
    await shot(phone, 'reset-mail-used-375');
    for (const p of [phone, wide]) expect(uncaughtErrors(p)).toEqual([]);
  });
});
