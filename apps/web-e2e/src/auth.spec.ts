import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { e2e } from './support/environment';
import { uniqueEmail } from './support/rest';

/** Registering, logging out and back in, with every mistake explained in words next to its field. */
describe('accounts', () => {
  const { couple } = e2e();
  const email = uniqueEmail('riley');
  const password = 'a quiet sentence to remember';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, { width: 375, height: 760 });
    page = await newPage(context);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('register explains what is missing, field by field', async () => {
    await page.goto('/register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Your name is required.').waitFor();
    await page.getByText('Email must be an email address.').waitFor();
    await page.getByText('Password must be at least 10 characters.').waitFor();
    // Each message is tied to its input for screen readers.
    const described = await page.getByLabel('Password', { exact: true }).getAttribute('aria-describedby');
    const message = await page.locator(`[id="${described!.split(' ')[0]}"]`).innerText();
    expect(message).toBe('Password must be at least 10 characters.');
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });

  it('an email already registered is said plainly, with a way to log in', async () => {
    await page.getByLabel('Your name').fill('Riley Stone');
    await page.getByLabel('Email').fill(couple.counselor.email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('An account with this email already exists.').waitFor();
    await page.getByRole('link', { name: 'Log in instead' }).waitFor();
  });

  it('registers and lands on an empty dashboard that says what to do next', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    await page.getByText('Hello, Riley Stone.').waitFor();
    await page.getByText('If your counselor sent you an invite link, open it').waitFor();
  });

  it('logs out, and the pages behind the login are closed again', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
  });

  it('a wrong password is refused in words; the right one logs in', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText("That email and password don't match an account.").waitFor();
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
