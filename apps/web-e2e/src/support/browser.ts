import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { e2e } from './environment';
import { LOGIN_COOKIE, type Session } from './rest';

/** Debian's Chromium, as installed by apt; no browser download works on these machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const SCREENSHOTS = resolve(__dirname, '../../screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export interface ContextOptions {
  /** Log in as this account (its session cookie is set before the first page loads). */
  as?: Session;
  width?: number;
  height?: number;
}

/** A fresh browser profile: its own cookies, storage and IndexedDB, like another device. */
export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const { baseUrl } = e2e();
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    // Clipboard access for the "Copy link" button.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  if (options.as) {
    await context.addCookies([{ name: LOGIN_COOKIE, value: options.as.session, url: baseUrl }]);
  }
  return context;
}

/** A page that fails the test on uncaught errors in the app. */
export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { uncaughtErrors?: string[] }).uncaughtErrors = errors;
  return page;
}

export function uncaughtErrors(page: Page): string[] {
  return (page as Page & { uncaughtErrors?: string[] }).uncaughtErrors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
