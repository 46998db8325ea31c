import { screenshot, uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { openDocument } from './support/editor';
import { createDocument, type Session } from './support/rest';

/**
 * What a quick exit cannot clear: tab titles stay in the browser's history, so they name no
 * document, workspace or person. And the Exit control is easy to hit and hard to miss for Log out.
 */
describe('quick exit: no traces in titles, a clear Exit target', () => {
  const own = coupleOfItsOwn(['Max Counselor', 'Nia Reed', 'Oto Reed']);
  const { baseUrl } = own;
  const open = (as: Session, width: number) => own.page(as, width);

  it('tab titles name the kind of page only', async () => {
    const [nia] = own.couple.partners;
    const note = await createDocument(baseUrl, nia, own.couple.workspaceId, 'notes', 'Session 1 impressions');
    const page = await open(nia, 375);
    await openDocument(page, own.couple.workspaceId, note.id);
    expect(await page.title()).toBe('Document · Kinship');
    await page.goto(`/workspaces/${own.couple.workspaceId}`);
    await page.getByRole('heading', { level: 1, name: 'Nia Reed & Oto Reed' }).waitFor();
    expect(await page.title()).toBe('Workspace · Kinship');
    for (const name of ['Session 1', 'Nia', 'Oto', 'Reed']) expect(await page.title()).not.toContain(name);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('at 375 px Exit is a 44 px target at least 8 px from Log out; a tap between them hits neither', async () => {
    const page = await open(own.couple.counselor, 375);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    const exit = (await page.getByRole('button', { name: 'Exit' }).boundingBox())!;
    const logOut = (await page.getByRole('button', { name: 'Log out' }).boundingBox())!;
    expect(exit.width).toBeGreaterThanOrEqual(44);
    expect(exit.height).toBeGreaterThanOrEqual(44);
    expect(exit.x - (logOut.x + logOut.width)).toBeGreaterThanOrEqual(8);
    // Every point between them (a hurried tap just short of Exit) hits neither button.
    const between = [];
    for (let x = Math.ceil(logOut.x + logOut.width) + 1; x < exit.x; x++) between.push(x);
    const hits = await page.evaluate(
      ({ xs, y }) => xs.map((x) => document.elementFromPoint(x, y)?.closest('button')?.textContent?.trim() ?? null),
      { xs: between, y: logOut.y + logOut.height / 2 },
    );
    expect(hits.filter((hit) => hit !== null)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'quick-exit-header-375');
  });

  it('on a wide screen, Esc three times is said beside Exit', async () => {
    const page = await open(own.couple.counselor, 1280);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    await page.getByText('or press Esc 3 times').waitFor();
    expect(await page.getByRole('button', { name: 'Exit' }).getAttribute('title')).toMatch(/Esc three times/);
    const hint = (await page.getByText('or press Esc 3 times').boundingBox())!;
    const logOut = (await page.getByRole('button', { name: 'Log out' }).boundingBox())!;
    expect(hint.x - (logOut.x + logOut.width)).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'quick-exit-header-1280');
  });
});
