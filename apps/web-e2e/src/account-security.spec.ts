import { createHash, createHmac } from 'node:crypto';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { e2e } from './support/environment';
import { deviceContents } from './support/device';
import { openDocument, statusSays, typeAtEnd } from './support/editor';
import { call, createDocument, register, LOGIN_COOKIE, type Session } from './support/rest';
import { eventually } from './support/wait';

/** RFC 6238 (HMAC-SHA1, 6 digits, 30 s), computed here as an authenticator app would. */
function totp(base32: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/** Presses Tab until the focused element is named `name`; fails after 40 presses. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const label = el instanceof HTMLInputElement ? el.labels?.[0]?.textContent : null;
      return el?.getAttribute('aria-label') ?? label ?? el?.textContent?.trim() ?? '';
    });
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

const fitsWidth = (page: Page, width: number) => page.evaluate((w) => document.documentElement.scrollWidth <= w, width);

/** A person's sessions and two-step sign-in, on a phone, by keyboard. */
describe('account and security', () => {
  const { baseUrl } = e2e();
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  async function phone(as?: Session) {
    const context = await newContext(browser, { as, width: 375, height: 760 });
    contexts.push(context);
    return newPage(context);
  }

  /** Another device's session of the same person (a login through the API). */
  async function loginElsewhere(person: Session): Promise<string> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0' },
      body: JSON.stringify({ email: person.email, password: person.password }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${LOGIN_COOKIE}=`))!;
    return cookie.slice(LOGIN_COOKIE.length + 1).split(';')[0]!;
  }
  const stillSignedIn = async (session: string) =>
    (await fetch(`${baseUrl}/api/me`, { headers: { cookie: `${LOGIN_COOKIE}=${session}` } })).status === 200;

  it('lists where one is signed in, logs out the other devices, then everywhere, by keyboard at 375 px', async () => {
    const person = await register(baseUrl, 'Morgan Lee');
    const laptop = await loginElsewhere(person);
    const page = await phone(person);
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    // From the header's account link, by keyboard.
    await tabTo(page, /Account and security$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account\/security$/);
    await page.getByRole('heading', { name: 'Account and security', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Your sessions' });
    await eventually(() => list.getByRole('listitem').count(), (n) => n === 2);
    await list.getByText('This device').waitFor();
    await list.getByText('Firefox 128 on Windows 10').waitFor();
    expect(await fitsWidth(page, 375)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'account-security-sessions-375');

    await tabTo(page, 'Log out all other devices');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('One other device is logged out.').waitFor();
    await eventually(() => list.getByRole('listitem').count(), (n) => n === 1);
    expect(await stillSignedIn(laptop)).toBe(false);
    expect(await stillSignedIn(person.session)).toBe(true);

    await tabTo(page, 'Log out everywhere');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Log out everywhere, this device too?' });
    await dialog.waitFor();
    await screenshot(page, 'account-security-everywhere-375');
    // The safe choice has the focus first; Tab to the other.
    await tabTo(page, 'Log out everywhere');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/login/);
    expect(await stillSignedIn(person.session)).toBe(false);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('sets up two-step sign-in (QR code, recovery codes shown once), then signs in with a code, at 375 px', async () => {
    const person = await register(baseUrl, 'Robin Ash');
    const page = await phone(person);
    await page.goto('/account/security');
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    await tabTo(page, 'Set up two-step sign-in');
    await page.keyboard.press('Enter');
    const qr = page.getByRole('img', { name: 'QR code to scan with your authenticator app' });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The key to type by hand: whole, in groups of four, with its own Copy button.
    const key = page.getByRole('group', { name: 'Or type this key into the app' });
    const shown = (await key.locator('.totp-key__value').innerText()).trim();
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const secret = shown.replace(/ /g, '');
    await key.getByRole('button', { name: 'Copy key' }).click();
    await key.getByText(/^Copied\./).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const box = (await key.locator('.totp-key__value').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await fitsWidth(page, 375)).toBe(true);
    await screenshot(page, 'two-step-enroll-375');

    await tabTo(page, 'Code from the app');
    const usedCode = totp(secret);
    await page.keyboard.type(usedCode);
    await page.keyboard.press('Enter');
    const codes = page.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBe(10);
    const first = (await codes.getByRole('listitem').first().textContent())!.trim();
    expect(first).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    await page.getByRole('button', { name: 'Download as a text file' }).waitFor();
    expect(await fitsWidth(page, 375)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'two-step-recovery-codes-375');
    await page.getByRole('button', { name: "I've saved them" }).click();
    await page.getByText(/Two-step sign-in is on\. You have 10 unused recovery codes\./).waitFor();
    // Shown once: a reload does not show them again.
    await page.reload();
    await page.getByText(/Two-step sign-in is on/).waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0);

    // Signing in on another phone: password, then the code.
    const other = await phone();
    await other.goto('/login');
    await other.getByLabel('Email').fill(person.email);
    await other.getByLabel('Password', { exact: true }).fill(person.password);
    await other.getByRole('button', { name: 'Log in' }).click();
    const code = other.getByLabel('Code from your authenticator app');
    await code.waitFor();
    expect(await other.evaluate(() => document.cookie)).toBe('');
    await screenshot(other, 'two-step-login-375');
    // The code used to turn it on cannot be used again; the next one can.
    await code.fill(usedCode);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText(/used already/).waitFor();
    await code.fill(totp(secret, Date.now() + 30_000));
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.waitForURL((url) => url.pathname === '/');
    await other.getByRole('link', { name: /Account and security/ }).waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
    expect(uncaughtErrors(other)).toEqual([]);
  });

  it('changes the password by keyboard at 375 px: the other device is signed out, the new password logs in and the old one does not', async () => {
    const person = await register(baseUrl, 'Quinn Vale');
    const other = await phone(person);
    await other.goto('/');
    await other.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    // The other device's session: the browser above has one cookie, this page another.
    const page = await phone({ ...person, session: await loginElsewhere(person) });
    await page.goto('/account/security');
    await page.getByRole('list', { name: 'Your sessions' }).waitFor();

    // The session list's advice links to the card.
    await tabTo(page, 'change your password');
    await page.keyboard.press('Enter');
    await eventually(() => page.evaluate(() => document.activeElement?.id ?? ''), (id) => id === 'change-password');
    await page.getByRole('heading', { name: 'Change password', level: 2 }).waitFor();

    // A wrong current password is said next to it.
    await tabTo(page, 'Current password');
    await page.keyboard.type('not my password at all');
    await tabTo(page, 'New password');
    await page.keyboard.type('a brand new sentence for me');
    await page.keyboard.press('Enter');
    const current = page.getByLabel('Current password', { exact: true });
    await eventually(() => current.getAttribute('aria-invalid'), (v) => v === 'true');
    expect(await stillSignedIn(person.session)).toBe(true);

    await current.fill('');
    await tabTo(page, 'Current password');
    await page.keyboard.type(person.password);
    await page.keyboard.press('Enter');
    const done = page.getByRole('status').getByText('Your password is changed. One other device was signed out. This device stays signed in.');
    await done.waitFor();
    expect(await done.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await fitsWidth(page, 375)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'change-password-375');

    // The other device leaves for the login page, saying why; this one stays.
    await other.waitForURL(/\/login/);
    await other.getByText('You were signed out on this device').waitFor();
    expect(await stillSignedIn(person.session)).toBe(false);
    const login = (password: string) =>
      fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: person.email, password }) });
    expect((await login('a brand new sentence for me')).status).toBe(200);
    expect((await login(person.password)).status).toBe(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Account and security', level: 1 }).waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
    expect(uncaughtErrors(other)).toEqual([]);
  });

  it('warns a minute before idle sign-out; staying counts as activity; signed out when idle, it keeps the device copy', async () => {
    const db = new Client({ connectionString: e2e().databaseUrl });
    await db.connect();
    try {
      const person = await register(baseUrl, 'Sasha Idle');
      const workspace = await call<{ id: string }>(baseUrl, person.session, 'POST', '/workspaces', { name: 'Quiet practice' });
      const notes = await createDocument(baseUrl, person, workspace.id, 'notes', 'Notes left open');
      const tokenHash = createHash('sha256').update(person.session).digest('hex');
      /** Moves the server's idle clock: last seen this many minutes ago. */
      const lastSeen = (minutes: number) => db.query(`UPDATE auth_session SET last_seen_at = now() - make_interval(secs => $2) WHERE token_hash = $1`, [tokenHash, minutes * 60]);

      // However long this deployment lets a session idle (30 minutes by default).
      const { idleMs } = await call<{ idleMs: number }>(baseUrl, person.session, 'GET', '/me/activity');
      const idleMinutes = idleMs / 60_000;

      const page = await phone(person);
      // The page's clock runs as usual until the test moves it on (nobody waits 29 minutes).
      await page.clock.install();
      await openDocument(page, workspace.id, notes.id);
      await typeAtEnd(page, 'Left on the screen.');
      await statusSays(page, 'All changes saved').waitFor();

      // A minute short of the idle time without an action, on the server and on the page.
      await lastSeen(idleMinutes - 1);
      await page.clock.fastForward(idleMs - 60_000);
      const warning = page.getByRole('alertdialog', { name: /You'll be signed out in \d+ s/ });
      await warning.waitFor();
      const stay = warning.getByRole('button', { name: 'Stay signed in' });
      expect(await stay.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
      expect(await fitsWidth(page, 375)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'idle-warning-375');

      // Staying is an action: the server's idle clock starts again.
      await page.keyboard.press('Enter');
      await eventually(
        async () => (await db.query(`SELECT now() - last_seen_at < interval '1 minute' AS fresh FROM auth_session WHERE token_hash = $1`, [tokenHash])).rows[0].fresh,
        (fresh) => fresh === true,
      );

      // Then nothing more for longer than the idle time: the server ends the session, and the page signs out saying why.
      await lastSeen(idleMinutes + 1);
      await page.clock.fastForward('02:00');
      await page.waitForURL(/\/login/);
      await page.getByText('You were signed out because nothing happened for a while').waitFor();
      expect(await stillSignedIn(person.session)).toBe(false);
      // The device copy of the document is still here, for the next login.
      const kept = await deviceContents(page);
      expect(kept.databases).toContain(`kinship:${person.account.id}:${notes.id}`);
      await screenshot(page, 'idle-signed-out-375');
      expect(uncaughtErrors(page)).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
