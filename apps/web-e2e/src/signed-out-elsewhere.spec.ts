import type { Page } from 'playwright-core';
import { screenshot, uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { timeUntil } from './support/live';
import { call, LOGIN_COOKIE, type Session } from './support/rest';

/**
 * A session ended from somewhere else (another device's "Log out", "Log out everywhere"): every
 * page of this device leaves for the login page at once, and the login page says why.
 */
describe('signed out from another device', () => {
  const own = coupleOfItsOwn(['Eli Counselor', 'Fen Oak', 'Gus Oak']);
  const { baseUrl } = own;
  const phone = (as: Session) => own.page(as);

  /** Another device of the same person (a login through the API): its session cookie. */
  async function loginElsewhere(person: Session): Promise<string> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: person.email, password: person.password }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${LOGIN_COOKIE}=`))!;
    return cookie.slice(LOGIN_COOKIE.length + 1).split(';')[0]!;
  }

  const signedOutNotice = (page: Page) => page.getByText('You were signed out on this device');

  it('the Account and security page leaves at once (no request of its own needed) and the login page says why', async () => {
    const [fen] = own.couple.partners;
    const page = await phone(fen);
    await page.goto('/account/security');
    await page.getByRole('list', { name: 'Your sessions' }).waitFor();
    await page.getByText(fen.email).first().waitFor();

    const laptop = await loginElsewhere(fen);
    await call(baseUrl, laptop, 'POST', '/me/sessions/revoke-all', { includeCurrent: false });
    const ms = await timeUntil(async () => new URL(page.url()).pathname === '/login', 5000);
    expect(ms).toBeLessThan(5000);
    await signedOutNotice(page).waitFor();
    await page.getByText(/If that wasn't you, log in and change your password\./).waitFor();
    expect(await page.getByText(fen.email).count()).toBe(0);
    await screenshot(page, 'signed-out-elsewhere-375');
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('the workspace page leaves too after "Log out everywhere" from another device', async () => {
    const [, gus] = own.couple.partners;
    const page = await phone(gus);
    await page.goto(`/workspaces/${own.couple.workspaceId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();

    const laptop = await loginElsewhere(gus);
    await call(baseUrl, laptop, 'POST', '/me/sessions/revoke-all', { includeCurrent: true });
    const ms = await timeUntil(async () => new URL(page.url()).pathname === '/login', 5000);
    expect(ms).toBeLessThan(5000);
    await signedOutNotice(page).waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('a Log out on this device says nothing about another device', async () => {
    const page = await phone(own.couple.counselor);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByText('Welcome back.').waitFor();
    // Its own closing sockets must not turn into "signed out on this device" a moment later.
    await page.waitForTimeout(1500);
    expect(await signedOutNotice(page).count()).toBe(0);
  });
});
