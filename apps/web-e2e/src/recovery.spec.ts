import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { openDocument, statusSays, typeAtEnd } from './support/editor';
import { timeUntil } from './support/live';
import { createDocument, uniqueEmail } from './support/rest';

const SHOTS = '/tmp/shots';
async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** A forgotten password is not the end of a person's records: a link from the counselor, or a recovery code. */
describe('recovering a forgotten password', () => {
  const own = coupleOfItsOwn(['Ida Counselor', 'Fen Ash', 'Gus Ash']);
  const NEW_PASSWORD = 'the river runs quietly home';

  it('the counselor issues a link; the partner opens it elsewhere and sets a new password; their old device is signed out; the new password signs in, back to their writing and its history', async () => {
    const [fen] = own.couple.partners;
    // Fen's phone, signed in: Fen writes in a letter of the workspace before forgetting the password.
    const FEN_LINE = 'I will tell you when I am running late.';
    const letter = await createDocument(own.baseUrl, fen, own.couple.workspaceId, 'notes', 'Letter to Gus');
    const oldPhone = await own.page(fen);
    await openDocument(oldPhone, own.couple.workspaceId, letter.id);
    await typeAtEnd(oldPhone, FEN_LINE);
    await statusSays(oldPhone, 'All changes saved').waitFor();

    const counselor = await own.page(own.couple.counselor);
    await counselor.goto(`/workspaces/${own.couple.workspaceId}`);
    await counselor.getByRole('button', { name: 'Recovery link for Fen Ash', exact: true }).click();
    const linkField = counselor.getByLabel('Recovery link for Fen Ash', { exact: true });
    await linkField.waitFor();
    const url = await linkField.inputValue();
    expect(url).toMatch(/\/recover\/[A-Za-z0-9_-]{43}$/);
    await counselor.getByText(/Works once, until/).waitFor();
    expect(await fitsWidth(counselor)).toBe(true);
    await counselor.getByRole('heading', { name: 'Forgotten passwords' }).scrollIntoViewIfNeeded();
    await shot(counselor, 'recovery-counselor-links-375');

    // Fen's phone, still signed in on the workspace.
    await oldPhone.goto(`/workspaces/${own.couple.workspaceId}`);
    await oldPhone.getByRole('heading', { level: 1 }).waitFor();

    // Fen, signed out somewhere else, opens the link.
    const elsewhere = await own.page(undefined);
    await elsewhere.goto(new URL(url).pathname);
    await elsewhere.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await elsewhere.getByText(`For Fen Ash (${fen.email})`).waitFor();
    await elsewhere.getByLabel('New password', { exact: true }).fill('password123');
    await elsewhere.getByRole('button', { name: 'Set new password' }).click();
    await elsewhere.getByText(/too common/).waitFor();
    expect(await fitsWidth(elsewhere)).toBe(true);
    await shot(elsewhere, 'recovery-link-page-375');
    await elsewhere.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await elsewhere.getByRole('button', { name: 'Set new password' }).click();
    await elsewhere.getByRole('heading', { name: 'Your new password is set' }).waitFor();
    await shot(elsewhere, 'recovery-link-done-375');

    // The old phone is signed out at once.
    const ms = await timeUntil(async () => new URL(oldPhone.url()).pathname === '/login', 5000);
    expect(ms).toBeLessThan(5000);
    await oldPhone.getByText('You were signed out on this device').waitFor();

    // The new password signs in.
    await elsewhere.getByRole('link', { name: 'Log in with your new password' }).click();
    await elsewhere.getByLabel('Email').fill(fen.email);
    await elsewhere.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await elsewhere.getByRole('button', { name: 'Log in' }).click();
    await elsewhere.getByRole('heading', { name: 'Your workspaces' }).waitFor();

    // Back in: the letter as Fen wrote it, and its history says who wrote it.
    await openDocument(elsewhere, own.couple.workspaceId, letter.id);
    await elsewhere.getByText(FEN_LINE).waitFor();
    await elsewhere.getByRole('button', { name: 'History' }).click();
    const fenRun = elsewhere.getByRole('region', { name: 'History' }).locator('.authored-run', { hasText: FEN_LINE });
    await fenRun.waitFor();
    expect(await fenRun.getAttribute('title')).toBe('Fen Ash');
    await shot(elsewhere, 'recovery-back-with-history-375');

    // The link worked once.
    await elsewhere.goto(new URL(url).pathname);
    await elsewhere.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await elsewhere.getByText(/already been used/).waitFor();
    await shot(elsewhere, 'recovery-link-used-375');
    for (const page of [counselor, elsewhere]) expect(uncaughtErrors(page)).toEqual([]);
  });

  it('codes are offered after registering; one of them sets a new password from "Forgot password?"; Account and security makes new ones with a warning', async () => {
    const page = await own.page(undefined);
    const email = uniqueEmail('hana');
    await page.goto('/register');
    await page.getByLabel('Your name').fill('Hana Lind');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('a calm and long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Keep a way back in' }).waitFor();
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    await shot(page, 'recovery-offer-375');
    await page.getByRole('button', { name: 'Make recovery codes' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    const codes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
    expect(codes).toHaveLength(10);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'recovery-codes-shown-375');
    await page.getByRole('button', { name: "I've saved them" }).click();
    await page.getByRole('heading', { name: 'Keep a way back in' }).waitFor({ state: 'detached' });

    await page.goto('/account/security');
    await page.getByRole('heading', { name: 'Recovery codes', exact: true }).waitFor();
    await page.getByText('You have 10 unused recovery codes').waitFor();
    await page.getByRole('button', { name: 'Make new codes…' }).click();
    await page.getByText('Your codes now will stop working').waitFor();
    await page.getByRole('heading', { name: 'Recovery codes', exact: true }).scrollIntoViewIfNeeded();
    await shot(page, 'recovery-codes-section-375');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Recovery code').fill('aaaa-bbbb-cccc-dddd');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText(/do not match/).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'recovery-forgot-password-375');
    await page.getByLabel('Recovery code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Your new password is set' }).waitFor();
    await page.getByRole('link', { name: 'Log in with your new password' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
