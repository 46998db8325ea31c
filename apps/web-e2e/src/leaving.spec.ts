import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { seriousViolations } from './support/axe';
import { screenshot, uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { deviceContents } from './support/device';
import { openDocument, statusSays, typeAtEnd } from './support/editor';
import { focusedName, pressByKeyboard, tabTo } from './support/live';
import { createDocument, LOGIN_COOKIE, type Session } from './support/rest';
import { eventually } from './support/wait';

/** The neutral page the quick exit leaves for (the default): answered here, so no test touches the network. */
const NEUTRAL = 'https://www.bbc.co.uk/weather';
const NEUTRAL_PAGE = '<!doctype html><title>Weather</title><h1>Weather forecast</h1>';

/**
 * Leaving: downloading one's records from the account page, and the quick exit, which leaves for
 * a neutral page at once, clears Kinship from the device, ends the session, and does not come
 * back with Back.
 */
describe('leaving', () => {
  const own = coupleOfItsOwn(['Jo Counselor', 'Kit Marsh', 'Lee Marsh'], {
    // The neutral page is answered here (the machine running the tests may have no internet).
    prepare: async (context) => {
      await context.route(`${NEUTRAL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: NEUTRAL_PAGE }));
    },
  });
  const { baseUrl } = own;
  const phone = (as: Session) => own.page(as);

  it('a partner downloads their records from the account page, by keyboard on a phone', async () => {
    const [kit] = own.couple.partners;
    const note = await createDocument(baseUrl, kit, own.couple.workspaceId, 'notes', 'Sunday walks');
    const page = await phone(kit);
    await openDocument(page, own.couple.workspaceId, note.id);
    await typeAtEnd(page, 'We walk by the river on Sundays.');
    await statusSays(page, 'All changes saved').waitFor();

    await page.goto('/');
    await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
    await pressByKeyboard(page, /Account and security$/);
    await page.waitForURL(/\/account\/security$/);
    await pressByKeyboard(page, /^Your records and account$/);
    await page.waitForURL(/\/account\/data$/);
    await page.getByRole('heading', { level: 1, name: 'Your records and account' }).waitFor();
    await page.getByRole('heading', { name: 'Leaving quickly' }).waitFor();
    await page.getByText(/for \d+ years/).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'account-data-page');

    await tabTo(page, 'Download my records');
    expect(await focusedName(page)).toBe('Download my records');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^kinship-records-kit-marsh-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(readFileSync((await download.path())!));
    const names = Object.keys(files);
    const notePath = names.find((n) => n.includes('/documents/notes/Sunday walks'))!;
    expect(notePath).toMatch(/document\.md$/);
    expect(strFromU8(files[notePath]!)).toContain('We walk by the river on Sundays.');
    expect(names).toContain('notifications.json');
    expect(names.some((n) => n.includes('counselor-notes'))).toBe(false);
    expect(uncaughtErrors(page)).toEqual([]);
  });

  it('Escape three times, even in the editor: a blank page at once, then the neutral page; Back does not return to the content, the session is over, the device is empty', async () => {
    const [, lee] = own.couple.partners;
    const note = await createDocument(baseUrl, lee, own.couple.workspaceId, 'notes', 'What I need');
    const page = await phone(lee);
    await openDocument(page, own.couple.workspaceId, note.id);
    await typeAtEnd(page, 'Private words for the counselor');
    await statusSays(page, 'All changes saved').waitFor();
    const before = await deviceContents(page);
    expect(before.databases.length).toBeGreaterThan(0);
    expect(before.storageKeys.length).toBeGreaterThan(0);
    await page.evaluate(() => sessionStorage.setItem('something', 'kept'));

    // The exit control is in view on the page.
    expect(await page.getByRole('button', { name: 'Exit' }).isVisible()).toBe(true);
    await screenshot(page, 'quick-exit-control-on-a-document');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    await page.waitForURL(`${NEUTRAL}**`);
    await page.getByRole('heading', { name: 'Weather forecast' }).waitFor();

    // The session is over: the old cookie gets 401.
    const me = await fetch(`${baseUrl}/api/me`, { headers: { cookie: `${LOGIN_COOKIE}=${lee.session}` } });
    expect(me.status).toBe(401);

    // Back does not bring the content back: at most Kinship's log-in page, never the document.
    await page.goBack();
    await page.waitForLoadState('load');
    await eventually(
      async () => ({ url: page.url(), text: await page.locator('body').innerText().catch(() => '') }),
      (seen) => !seen.text.includes('Private words') && (seen.url.startsWith(NEUTRAL) || /\/login/.test(seen.url) || seen.text.trim() === ''),
    );
    await page.waitForTimeout(500);
    expect(await page.locator('body').innerText().catch(() => '')).not.toContain('Private words');

    // The device holds nothing of Kinship: no databases, nothing in either storage, no caches.
    const check = await page.context().newPage();
    await check.goto(`${baseUrl}/api/health`);
    const left = await eventually(
      () =>
        check.evaluate(async () => ({
          databases: (await indexedDB.databases()).map((d) => d.name),
          local: Object.keys(localStorage).filter((k) => k.startsWith('kinship.')),
          session: sessionStorage.length,
          caches: await caches.keys(),
        })),
      (c) => c.databases.length === 0 && c.local.length === 0 && c.caches.length === 0,
    );
    expect(left).toEqual({ databases: [], local: [], session: 0, caches: [] });
  });

  it('the Exit button, by keyboard on a phone, leaves for the neutral page and ends the session', async () => {
    const { counselor } = own.couple;
    const page = await phone(counselor);
    await page.goto(`/workspaces/${own.couple.workspaceId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Remove Kit Marsh from the workspace' }).waitFor();
    await page.getByRole('link', { name: 'Export workspace' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'workspace-people-with-leaving-controls');
    await tabTo(page, 'Exit');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${NEUTRAL}**`);
    await eventually(
      async () => (await fetch(`${baseUrl}/api/me`, { headers: { cookie: `${LOGIN_COOKIE}=${counselor.session}` } })).status,
      (status) => status === 401,
    );
  });
});
