import { seriousViolations } from './support/axe';
import { screenshot, uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { deviceContents, deviceCopyName } from './support/device';
import { openDocument, statusSays, typeAtEnd } from './support/editor';
import { focusedName, pressByKeyboard, tabTo } from './support/live';
import { call, createDocument, LOGIN_COOKIE, type Session } from './support/rest';
import { eventually } from './support/wait';

/**
 * Ending a membership and deleting an account, from the screen: the counselor removes a partner
 * (whose device copies of the workspace's documents go at their next visit, while what they wrote
 * stays theirs), and a partner deletes their account after reading what goes and what is kept.
 */
describe('ending a membership, deleting an account', () => {
  const own = coupleOfItsOwn(['Ari Counselor', 'Bo Lind', 'Cy Lind']);
  const { baseUrl } = own;
  const phone = (as: Session) => own.page(as);

  it('the counselor removes a partner by keyboard; at the partner’s next visit the workspace’s device copies are gone, and their writing keeps their name', async () => {
    const [bo] = own.couple.partners;
    const note = await createDocument(baseUrl, bo, own.couple.workspaceId, 'notes', 'Bo’s thoughts');
    const boPage = await phone(bo);
    await openDocument(boPage, own.couple.workspaceId, note.id);
    await typeAtEnd(boPage, 'Written by Bo before leaving.');
    await statusSays(boPage, 'All changes saved').waitFor();
    expect((await deviceContents(boPage)).databases).toContain(deviceCopyName(bo.account.id, note.id));
    await boPage.goto('/');
    await boPage.getByRole('heading', { name: 'Your workspaces' }).waitFor();

    const counselorPage = await phone(own.couple.counselor);
    await counselorPage.goto(`/workspaces/${own.couple.workspaceId}`);
    await pressByKeyboard(counselorPage, 'Remove Bo Lind from the workspace');
    const dialog = counselorPage.getByRole('dialog', { name: 'Remove Bo Lind from this workspace?' });
    await dialog.waitFor();
    expect(await focusedName(counselorPage)).toBe('Keep Bo Lind');
    // A modal dialog makes the page inert, so the dialog carries the quick exit too, ready to press.
    await dialog.getByRole('button', { name: 'Exit' }).click({ trial: true, timeout: 2000 });
    expect(await seriousViolations(counselorPage)).toEqual([]);
    await screenshot(counselorPage, 'remove-partner-dialog');
    await tabTo(counselorPage, 'Remove Bo Lind');
    await counselorPage.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => counselorPage.locator('.members').innerText(), (t) => !t.includes('Bo Lind'));

    // Bo's next visit: the workspace is gone from the list, and so are its documents' copies.
    await boPage.reload();
    await boPage.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    await eventually(() => deviceContents(boPage), (c) => !c.databases.includes(deviceCopyName(bo.account.id, note.id)) && !c.storageKeys.some((k) => k.includes(note.id)));
    // What Bo wrote stays under Bo's name.
    const authorship = await call<{ people: { id: string; name: string }[] }>(baseUrl, own.couple.counselor.session, 'GET', `/documents/${note.id}/authorship`);
    expect(authorship.people).toEqual([{ id: bo.account.id, name: 'Bo Lind' }]);
    expect(uncaughtErrors(boPage)).toEqual([]);
    expect(uncaughtErrors(counselorPage)).toEqual([]);
  });

  it('a partner deletes their account: told what goes and what the counselor keeps, confirms with their password, and is logged out for good', async () => {
    const [, cy] = own.couple.partners;
    const page = await phone(cy);
    await page.goto('/account/data');
    await page.getByRole('heading', { name: 'Delete my account' }).waitFor();
    await page.getByText(/shown as written by “A former member”, for 7 years/).waitFor();

    await page.getByLabel('Type your password to confirm').fill('not the password');
    await pressByKeyboard(page, 'Delete my account');
    const dialog = page.getByRole('dialog', { name: 'Delete your account now?' });
    await dialog.waitFor();
    expect(await focusedName(page)).toBe('Keep my account');
    await tabTo(page, 'Delete my account');
    await page.keyboard.press('Enter');
    await page.getByText('That password is not right; your account was not deleted.').waitFor();
    expect(page.url()).toMatch(/\/account\/data$/);

    await page.getByLabel('Type your password to confirm').fill(cy.password);
    await pressByKeyboard(page, 'Delete my account');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(/\/login/);
    // The login page says what happened, not just "Welcome back".
    await page.getByRole('heading', { level: 1, name: 'Your account was deleted' }).waitFor();
    expect(await page.getByText('Welcome back.').count()).toBe(0);
    const me = await fetch(`${baseUrl}/api/me`, { headers: { cookie: `${LOGIN_COOKIE}=${cy.session}` } });
    expect(me.status).toBe(401);
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: cy.email, password: cy.password }) });
    expect(login.status).toBe(401);
    await eventually(() => deviceContents(page), (c) => c.databases.length === 0 && c.storageKeys.length === 0);
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
