import { screenshot, uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { deviceContents, deviceCopyName } from './support/device';
import { openDocument, statusSays, typeAtEnd } from './support/editor';
import { call, createDocument, type Session } from './support/rest';
import { eventually } from './support/wait';

/**
 * A partner removed by the counselor while the workspace is open on their screen is told so, in
 * plain words, on the home page; no stale copy of the workspace is shown after.
 */
describe('a partner removed while the workspace is open', () => {
  const own = coupleOfItsOwn(['Hal Counselor', 'Ida Stone', 'Jay Stone']);
  const { baseUrl } = own;
  const phone = (as: Session) => own.page(as);
  const workspaceName = 'Ida Stone & Jay Stone';
  const remove = (partner: Session) =>
    call(baseUrl, own.couple.counselor.session, 'DELETE', `/workspaces/${own.couple.workspaceId}/members/${partner.account.id}`);

  it('on a document: the page leaves for home and says "You are no longer in …"; the documents and the device copy are gone', async () => {
    const [ida] = own.couple.partners;
    const note = await createDocument(baseUrl, ida, own.couple.workspaceId, 'notes', 'Session 1 impressions');
    const page = await phone(ida);
    await openDocument(page, own.couple.workspaceId, note.id);
    await typeAtEnd(page, 'Written before the removal.');
    await statusSays(page, 'All changes saved').waitFor();

    await remove(ida);
    await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
    await page.getByText(`You are no longer in “${workspaceName}”.`).waitFor();
    await screenshot(page, 'no-longer-in-workspace-375');
    // No stale copy of the workspace: not listed, and going back to it does not show it.
    expect(await page.getByText('You are a partner').count()).toBe(0);
    await eventually(() => deviceContents(page), (c) => !c.databases.includes(deviceCopyName(ida.account.id, note.id)));
    // Back into the workspace within the app (no reload, so the in-memory cache would show it).
    await page.evaluate((path) => {
      history.pushState({}, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/workspaces/${own.couple.workspaceId}`);
    await page.getByText('This workspace is not available').waitFor();
    expect(await page.getByText('Session 1 impressions').count()).toBe(0);
    expect(await page.getByText('You are a partner here.').count()).toBe(0);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('on the workspace page: told at once too (the live socket)', async () => {
    const [, jay] = own.couple.partners;
    const page = await phone(jay);
    await page.goto(`/workspaces/${own.couple.workspaceId}`);
    await page.getByText('You are a partner here.').waitFor();

    await remove(jay);
    await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
    await page.getByText(`You are no longer in “${workspaceName}”.`).waitFor();
    expect(await page.getByRole('link', { name: new RegExp(workspaceName) }).count()).toBe(0);
    expect(uncaughtErrors(page)).toEqual([]);
  });
});
