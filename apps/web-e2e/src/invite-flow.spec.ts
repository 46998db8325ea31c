import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { editorArea, presenceNames, statusSays } from './support/editor';
import { uniqueEmail } from './support/rest';
import { eventually } from './support/wait';

/**
 * The whole first meeting, through the UI only: the counselor registers, starts a workspace and
 * makes an invite link; a partner opens it in a fresh browser, registers on the way, comes back to
 * the invite, joins, and both meet in a document.
 */
describe('a counselor invites a partner', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let counselor: Page;
  let partner: Page;
  let inviteUrl = '';
  let workspaceUrl = '';
  const password = 'a long and gentle password';

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the counselor registers and starts a workspace', async () => {
    const context = await newContext(browser);
    contexts.push(context);
    counselor = await newPage(context);
    await counselor.goto('/');
    // Not logged in: sent to log in, with a way to register.
    await counselor.waitForURL(/\/login/);
    await counselor.getByRole('link', { name: 'Create an account' }).click();
    await counselor.getByLabel('Your name').fill('Jordan Lee');
    await counselor.getByLabel('Email').fill(uniqueEmail('jordan'));
    await counselor.getByLabel('Password', { exact: true }).fill(password);
    await counselor.getByRole('button', { name: 'Create account' }).click();

    await counselor.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    await counselor.getByText('No workspaces yet').waitFor();
    await counselor.getByLabel('Workspace name').fill('Casey & Morgan');
    await counselor.getByRole('button', { name: 'Create workspace' }).click();
    await counselor.getByRole('heading', { name: 'Casey & Morgan', level: 1 }).waitFor();
    await counselor.getByText('You are the counselor here.').waitFor();
    workspaceUrl = new URL(counselor.url()).pathname;
  });

  it('the counselor creates an invite link and copies it', async () => {
    await counselor.getByRole('button', { name: 'Create an invite link' }).click();
    const link = counselor.getByLabel('Invite link');
    await link.waitFor();
    inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(/\/invite\/[^/]+$/);
    // The keyboard focus lands on the new link, ready to copy.
    await eventually(
      () => counselor.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? ''),
      (value) => value === inviteUrl,
      3000,
    );
    await counselor.getByRole('button', { name: 'Copy link' }).click();
    await counselor.getByText('Copied. Paste it into a message to send it.').waitFor();
    const copied = await counselor.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(inviteUrl);
  });

  it('the partner opens the link, registers on the way, and lands in the workspace', async () => {
    const context = await newContext(browser, { width: 390, height: 844 });
    contexts.push(context);
    partner = await newPage(context);
    await partner.goto(inviteUrl);
    await partner.getByRole('heading', { name: "You're invited" }).waitFor();
    // The link alone shows who invited them to what, before they have an account.
    await partner.getByText('Jordan Lee invited you to join Casey & Morgan as a partner.').waitFor();

    await partner.getByRole('link', { name: 'Create an account to join' }).click();
    await partner.waitForURL(/\/register\?next=/);
    await partner.getByText('Create an account to accept your invitation.').waitFor();
    await partner.getByLabel('Your name').fill('Casey Fox');
    await partner.getByLabel('Email').fill(uniqueEmail('casey'));
    await partner.getByLabel('Password', { exact: true }).fill(password);
    await partner.getByRole('button', { name: 'Create account' }).click();

    // Back on the invite, now logged in: one button to join.
    await partner.waitForURL(/\/invite\//);
    await partner.getByText('Jordan Lee invited you to join Casey & Morgan as a partner.').waitFor();
    await partner.getByText('Logged in as Casey Fox.').waitFor();
    await partner.getByRole('button', { name: 'Join Casey & Morgan' }).click();
    await partner.waitForURL((url) => url.pathname === workspaceUrl);
    await partner.getByText('Welcome to Casey & Morgan').waitFor();
    await partner.getByText('You are a partner here.').waitFor();
    const people = await partner.locator('.members').innerText();
    expect(people).toContain('Jordan Lee');
    expect(people).toContain('Casey Fox (you)');
    // A partner is never offered invites or private notes.
    expect(await partner.getByRole('button', { name: /invite link/i }).count()).toBe(0);
    expect(await partner.getByText('Private counselor notes').count()).toBe(0);
  });

  it('the used link cannot be used again', async () => {
    await partner.goto(inviteUrl);
    await partner.getByText('This invite link can no longer be used').waitFor();
    await partner.getByText('Ask your counselor to send you a new link.').waitFor();
  });

  it('the counselor sees the partner joined, and both see each other in a document', async () => {
    await counselor.reload();
    await counselor.locator('.members', { hasText: 'Casey Fox' }).waitFor();
    await counselor.getByText('One partner place is open.').waitFor();

    await counselor.getByRole('button', { name: 'New document' }).click();
    await counselor.getByRole('radio', { name: /^Agreement/ }).check();
    await counselor.getByLabel('Title').fill('How we rebuild trust');
    await counselor.getByRole('button', { name: 'Create agreement' }).click();
    await counselor.getByRole('heading', { name: 'How we rebuild trust', level: 1 }).waitFor();
    await statusSays(counselor, 'All changes saved').waitFor();

    await partner.goto(workspaceUrl);
    await partner.getByRole('link', { name: 'How we rebuild trust' }).click();
    await editorArea(partner).waitFor();

    await eventually(async () => (await presenceNames(counselor).allInnerTexts()).join('|'), /Casey Fox\s*Partner/);
    await eventually(async () => (await presenceNames(partner).allInnerTexts()).join('|'), /Jordan Lee\s*Counselor/);

    // Leaving is seen within a second: the server drops a closed connection's presence at once.
    const leftAt = Date.now();
    await partner.goto(workspaceUrl);
    await eventually(
      async () => (await presenceNames(counselor).allInnerTexts()).join('|'),
      (names) => !names.includes('Casey Fox'),
      3000,
    );
    expect(Date.now() - leftAt).toBeLessThan(1500);
    expect(uncaughtErrors(counselor)).toEqual([]);
    expect(uncaughtErrors(partner)).toEqual([]);
  });
});
