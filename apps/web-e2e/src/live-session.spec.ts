import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { launchBrowser, newContext, newPage, screenshot, uncaughtErrors } from './support/browser';
import { documentUrl, editorArea, statusSays, typeAtEnd } from './support/editor';
import { e2e } from './support/environment';
import {
  documentIdIn,
  editorIsEditable,
  floorPanel,
  liveDock,
  pauseNotice,
  timerValue,
  timeUntil,
  writeHold,
} from './support/live';
import { counselorSocket, type LiveTestSocket } from './support/live-socket';
import { routeLiveSockets, watchWire } from './support/live-wire';
import { createCouple, createDocument, type Couple } from './support/rest';
import { eventually } from './support/wait';

/**
 * A live counseling session, in three browsers (the counselor and both partners) against the
 * real API: start and join, a lock, a time-out and its pause, the floor passed only once the
 * mirror is confirmed, reloads that come back as things are, the end, and the session's record,
 * where a partner's page never receives the counselor's private observations, by any path.
 */
describe('a live counseling session', () => {
  const { baseUrl } = e2e();
  let couple: Couple;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let counselor: Page;
  let riley: Page;
  let jordan: Page;
  let agreementId = '';
  let dialogueId = '';
  const observation = `Observed-${Math.random().toString(36).slice(2, 10)}-privately`;
  /** Everything the partners' pages received: REST and other HTTP bodies, WebSocket frames. */
  const partnerWire: string[] = [];
  const partnerRequests: string[] = [];
  /** Live-session sockets each partner's page opened (one per page load, whatever page; the app-wide notifications socket aside). */
  const liveSockets = new Map<Page, number>();
  /** Riley's phone: its live-session socket goes through the test, which can cut it. */
  let rileyPhone: BrowserContext;
  let liveCut = false;
  const phoneLiveSockets = new Set<WebSocketRoute>();

  beforeAll(async () => {
    // A workspace of its own: the session here never shows in other journeys.
    couple = await createCouple(baseUrl, ['Dana Counselor', 'Riley Park', 'Jordan Lee']);
    browser = await launchBrowser();
    agreementId = (await createDocument(baseUrl, couple.counselor, couple.workspaceId, 'agreement', 'Evenings at home')).id;
    const pages: Page[] = [];
    for (const person of [couple.counselor, ...couple.partners]) {
      const context = await newContext(browser, { as: person });
      contexts.push(context);
      pages.push(await newPage(context));
    }
    [counselor, riley, jordan] = pages as [Page, Page, Page];
    rileyPhone = await newContext(browser, { as: couple.partners[0], width: 390, height: 844 });
    contexts.push(rileyPhone);
    await routeLiveSockets(rileyPhone, () => liveCut, phoneLiveSockets);
    const wire = { received: partnerWire, requests: partnerRequests, liveSockets };
    watchWire(riley, wire);
    watchWire(jordan, wire);
    for (const page of pages) await page.goto(`/workspaces/${couple.workspaceId}`);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the counselor starts a session; both partners see it and join with one click', async () => {
    // Partners see no control that is not theirs.
    await riley.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await riley.getByRole('button', { name: 'Start live session' }).count()).toBe(0);

    await counselor.getByRole('button', { name: 'Start live session' }).click();
    await counselor.getByText(/Your live session is on/).waitFor();
    for (const partner of [riley, jordan]) {
      await partner.getByText('Live session with Dana Counselor').waitFor();
      await partner.getByRole('button', { name: 'Join' }).click();
      await partner.waitForURL(/\/documents\//);
      await editorArea(partner).waitFor();
    }
    dialogueId = documentIdIn(riley);
    // From the workspace page into the dialogue: still the one live-session socket.
    expect(liveSockets.get(riley)).toBe(1);
    expect(liveSockets.get(jordan)).toBe(1);
    expect(documentIdIn(jordan)).toBe(dialogueId);
    await riley.getByText("You're in the live session with Dana Counselor").waitFor();

    // The counselor sees who is connected, and where.
    const people = counselor.locator('.session-person');
    await eventually(
      async () => (await people.allInnerTexts()).join(' | '),
      (text) => /Riley Park[\s\S]*In “/.test(text) && /Jordan Lee[\s\S]*In “/.test(text) && !text.includes('not joined'),
    );
    await screenshot(counselor, 'live-workspace-counselor-1280');
  });

  it('the counselor locks a document: the partner’s editor turns read-only within a second, with the reason; unlocked, they type again', async () => {
    await counselor.goto(documentUrl(couple.workspaceId, agreementId));
    await riley.goto(documentUrl(couple.workspaceId, agreementId));
    await statusSays(riley, 'All changes saved').waitFor({ timeout: 15_000 });
    await statusSays(counselor, 'All changes saved').waitFor({ timeout: 15_000 });
    await typeAtEnd(riley, 'We eat together on weekdays.');
    await counselor.getByText('We eat together on weekdays.').waitFor();

    await counselor.getByRole('button', { name: 'Lock this document' }).click();
    const ms = await timeUntil(async () => !(await editorIsEditable(riley)));
    expect(ms).toBeLessThan(1000);
    await writeHold(riley).getByText('Your counselor is keeping this document still for now').waitFor({ timeout: 1000 });
    // Reading is not a failure: the status says so plainly.
    await riley.locator('.save-status', { hasText: 'Read only' }).waitFor();
    expect(await riley.getByText('Change not saved').count()).toBe(0);
    // Keys pressed in the locked document change nothing, here or there.
    await editorArea(riley).click();
    await riley.keyboard.type('Not now.');
    await riley.waitForTimeout(300);
    expect(await editorArea(riley).innerText()).not.toContain('Not now.');
    // The counselor still writes (the lock holds partners only).
    await counselor.getByText('Locked: partners can read it, not change it.').waitFor();

    await counselor.getByRole('button', { name: 'Unlock this document' }).click();
    await timeUntil(() => editorIsEditable(riley), 2000);
    expect(await writeHold(riley).innerText()).toBe('');
    await typeAtEnd(riley, ' After the lock.');
    await counselor.getByText('After the lock.').waitFor();
    expect(await counselor.getByText('Not now.').count()).toBe(0);
  });

  it('a dropped live connection comes back in the session’s current state by itself', async () => {
    const phone = await newPage(rileyPhone);
    await phone.goto(documentUrl(couple.workspaceId, agreementId));
    await liveDock(phone).getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
    await timeUntil(() => editorIsEditable(phone), 15_000);

    liveCut = true;
    for (const socket of phoneLiveSockets) await socket.close({ code: 1001, reason: 'cut by the test' });
    await liveDock(phone).getByText('Reconnecting…').waitFor();
    await counselor.getByRole('button', { name: 'Lock this document' }).click();
    await writeHold(riley).getByText('Your counselor is keeping this document still for now').waitFor();

    liveCut = false;
    // No click, no reload: the socket comes back and so does the lock.
    await writeHold(phone).getByText('Your counselor is keeping this document still for now').waitFor({ timeout: 15_000 });
    expect(await editorIsEditable(phone)).toBe(false);
    await liveDock(phone).getByText('Live', { exact: true }).waitFor();
    await counselor.getByRole('button', { name: 'Unlock this document' }).click();
    await timeUntil(() => editorIsEditable(phone), 2000);
    expect(uncaughtErrors(phone)).toEqual([]);
    await phone.close();
  });

  it('a partner’s time-out reaches the counselor within a second; granted, everyone sees the pause with the break countdown', async () => {
    await jordan.goto(`/workspaces/${couple.workspaceId}`);
    await liveDock(jordan).waitFor();
    const alert = counselor.locator('.live-dock [role="alert"]');
    await jordan.getByRole('button', { name: 'Time-out' }).click();
    const ms = await timeUntil(async () => (await alert.innerText()).includes('Jordan Lee asked for a time-out'));
    expect(ms).toBeLessThan(1000);
    await screenshot(counselor, 'live-time-out-counselor-1280');
    await jordan.getByText('Your counselor has been asked for a pause.').waitFor();
    // The other partner is not told who asked.
    expect(await riley.getByText(/asked for a time-out/).count()).toBe(0);

    await counselor.getByRole('button', { name: 'Pause (20 min break)' }).click();
    // The counselor and the partner who asked see the time-out; the other partner sees the
    // counselor's own pause, so nothing tells them that someone asked.
    for (const page of [counselor, jordan]) await pauseNotice(page).getByText('Paused for a time-out').waitFor();
    await pauseNotice(riley).getByText('Paused by your counselor').waitFor();
    for (const page of [counselor, riley, jordan]) await pauseNotice(page).getByText(/Break: (20:00|19:[0-5]\d) left/).waitFor();
    expect(await riley.getByText(/Paused for a time-out|asked for a time-out/).count()).toBe(0);
    // Calm, not an error: no alert styling, and the partner's editor says why it rests.
    expect(await riley.locator('.notice--error').count()).toBe(0);
    expect(await editorIsEditable(riley)).toBe(false);
    await writeHold(riley).getByText('Paused by your counselor').waitFor();
    // The countdown moves.
    const before = await pauseNotice(riley).locator('[role="timer"]').innerText();
    await eventually(() => pauseNotice(riley).locator('[role="timer"]').innerText(), (now) => now !== before, 3000);
    // The time-out button stays there while paused.
    await jordan.getByRole('button', { name: 'Time-out' }).waitFor();
    await screenshot(riley, 'live-paused-partner-1280');
  });

  it('a reload while paused comes back paused, with no clicks', async () => {
    await riley.reload();
    await pauseNotice(riley).getByText('Paused by your counselor').waitFor({ timeout: 15_000 });
    await pauseNotice(riley).getByText(/Break: 19:[0-5]\d left/).waitFor();
    await writeHold(riley).getByText('Paused by your counselor').waitFor();
    expect(await editorIsEditable(riley)).toBe(false);
    await counselor.getByRole('button', { name: 'Resume the session' }).first().click();
    for (const page of [counselor, riley, jordan]) await pauseNotice(page).waitFor({ state: 'detached' });
    await timeUntil(() => editorIsEditable(riley), 2000);
  });

  it('the floor passes only once the mirror is confirmed', async () => {
    for (const page of [counselor, riley, jordan]) {
      await page.goto(documentUrl(couple.workspaceId, dialogueId));
      await floorPanel(page).waitFor();
    }
    await floorPanel(riley).getByText(/Nobody has the floor/).waitFor();
    // Partners never see the controls that pass the floor.
    expect(await riley.getByRole('button', { name: /Give the floor/ }).count()).toBe(0);

    await counselor.getByRole('button', { name: 'Give the floor to Riley Park' }).click();
    await floorPanel(riley).getByText('You have the floor. Jordan Lee listens without interrupting.').waitFor();
    await floorPanel(jordan).getByText('Riley Park has the floor. You listen without interrupting.').waitFor();
    await timeUntil(async () => !(await editorIsEditable(jordan)), 2000);
    await writeHold(jordan).getByText('Riley Park has the floor').waitFor();
    await statusSays(riley, 'All changes saved').waitFor({ timeout: 15_000 });
    await typeAtEnd(riley, 'I feel alone when the evenings go to screens.');
    await jordan.getByText('I feel alone when the evenings go to screens.').waitFor();
    await screenshot(jordan, 'live-dialogue-listener-1280');
    await screenshot(counselor, 'live-dialogue-counselor-1280');

    // Until the mirror is confirmed, the floor cannot pass: no control for it, and the server
    // refuses the event itself, naming the rule, with nothing changed on anyone's screen.
    await floorPanel(counselor).getByText('The floor can pass once Riley Park confirms the mirror.').waitFor();
    expect(await counselor.getByRole('button', { name: 'Give the floor to Jordan Lee' }).count()).toBe(0);
    const socket: LiveTestSocket = await counselorSocket(baseUrl, couple.counselor, couple.workspaceId);
    try {
      const refusal = await socket.refusalOf('floor:give', { speakerId: couple.partners[1].account.id });
      expect(refusal.rule).toBe('floor.mirror-unconfirmed');
    } finally {
      socket.close();
    }
    await floorPanel(riley).getByText('You have the floor. Jordan Lee listens without interrupting.').waitFor();

    await floorPanel(riley).getByRole('button', { name: "I'm done — listen back" }).click();
    const mirrorBox = floorPanel(jordan).getByLabel('What I heard you say…');
    await mirrorBox.fill('You want us to put the phones away at dinner.');
    await floorPanel(jordan).getByRole('button', { name: 'Send my mirror' }).click();

    await floorPanel(riley).getByText('You want us to put the phones away at dinner.').waitFor();
    await floorPanel(riley).getByRole('button', { name: 'Clarify…' }).click();
    await floorPanel(riley).getByLabel('What I meant').fill('Not only dinner: I miss talking with you in the evening.');
    await floorPanel(riley).getByRole('button', { name: 'Send my clarification' }).click();

    await floorPanel(jordan).getByText('Not only dinner: I miss talking with you in the evening.').waitFor();
    await floorPanel(jordan).getByLabel('What I heard you say…').fill('You miss our evening talks, and feel alone without them.');
    await floorPanel(jordan).getByRole('button', { name: 'Send my mirror' }).click();
    expect(await counselor.getByRole('button', { name: 'Give the floor to Jordan Lee' }).count()).toBe(0);

    await floorPanel(riley).getByText('You miss our evening talks, and feel alone without them.').waitFor();
    await screenshot(riley, 'live-dialogue-speaker-confirming-1280');
    await floorPanel(riley).getByRole('button', { name: "That's what I meant" }).click();
    await floorPanel(jordan).getByText("Riley Park confirmed: that's what they meant.").waitFor();

    await counselor.getByRole('button', { name: 'Give the floor to Jordan Lee' }).click();
    await floorPanel(jordan).getByText('You have the floor. Riley Park listens without interrupting.').waitFor();
    await timeUntil(async () => !(await editorIsEditable(riley)), 2000);
    await writeHold(riley).getByText('Jordan Lee has the floor').waitFor();
    await timeUntil(() => editorIsEditable(jordan), 2000);
  });

  it('a reload comes back with the lock, the floor and the running timer, with no clicks', async () => {
    await counselor.getByRole('spinbutton', { name: 'Minutes (optional)' }).fill('10');
    await counselor.getByRole('button', { name: 'Start the timer' }).click();
    for (const page of [counselor, riley, jordan]) await timerValue(page).getByText(/^(10:00|9:[0-5]\d)$/).waitFor();
    const first = await timerValue(riley).innerText();
    await eventually(() => timerValue(riley).innerText(), (now) => now !== first, 3000);

    await counselor.goto(documentUrl(couple.workspaceId, agreementId));
    await counselor.getByRole('button', { name: 'Lock this document' }).click();
    await counselor.getByRole('button', { name: 'Unlock this document' }).waitFor();

    // Jordan reloads the dialogue: the floor, the phase and the timer are there again.
    await jordan.reload();
    await floorPanel(jordan).getByText('You have the floor. Riley Park listens without interrupting.').waitFor({ timeout: 15_000 });
    await timerValue(jordan).getByText(/^9:[0-5]\d$/).waitFor();
    await timeUntil(() => editorIsEditable(jordan), 5000);
    // Riley reloads on the locked agreement: read-only again, with the reason.
    await riley.goto(documentUrl(couple.workspaceId, agreementId));
    await writeHold(riley).getByText('Your counselor is keeping this document still for now').waitFor({ timeout: 15_000 });
    expect(await editorIsEditable(riley)).toBe(false);
    await timerValue(riley).getByText(/^9:[0-5]\d$/).waitFor();
    expect(await riley.getByRole('button', { name: 'Join' }).count()).toBe(0);
  });

  it('“Bring everyone here” opens the counselor’s document on every partner’s screen, at the counselor’s place', async () => {
    // The counselor (on the locked agreement) opens it again and writes enough to scroll.
    await counselor.getByRole('button', { name: 'Unlock this document' }).click();
    await timeUntil(() => editorIsEditable(riley), 2000);
    await editorArea(counselor).click();
    await counselor.keyboard.press('ControlOrMeta+End');
    for (let line = 1; line <= 40; line++) {
      await counselor.keyboard.press('Enter');
      await counselor.keyboard.type(`Evening note ${line}`);
    }
    await statusSays(counselor, 'All changes saved').waitFor({ timeout: 15_000 });
    // The counselor's caret goes into line 31, and Riley scrolls back to the top meanwhile.
    await editorArea(counselor).getByText('Evening note 31', { exact: true }).click();
    await riley.evaluate(() => window.scrollTo(0, 0));
    expect(documentIdIn(jordan)).toBe(dialogueId);

    await counselor.getByRole('button', { name: 'Bring everyone here' }).click();
    await jordan.waitForURL((url) => url.pathname.endsWith(agreementId));
    for (const page of [jordan, riley]) {
      // The paragraph (the counselor's caret, drawn inside it, adds its name label to its text).
      const line = editorArea(page).locator('p', { hasText: /^Evening note 31(?!\d)/ });
      await eventually(
        () => line.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const selected = window.getSelection()?.anchorNode;
          return box.top >= 0 && box.bottom <= window.innerHeight && !!selected && el.contains(selected);
        }),
        (inView) => inView === true,
        10_000,
      );
    }
  });

  it('presence drops truthfully when a partner leaves, and comes back when they return', async () => {
    const person = counselor.locator('.session-person', { hasText: 'Jordan Lee' });
    await person.getByText('In this document').waitFor();
    await jordan.goto('about:blank');
    await person.getByText('Not connected').waitFor({ timeout: 10_000 });
    await jordan.goto(documentUrl(couple.workspaceId, dialogueId));
    await person.getByText(/^In “Session dialogue/).waitFor({ timeout: 10_000 });
  });

  it('the counselor ends the session after confirming; everyone is told, and the editors open again', async () => {
    await counselor.getByRole('button', { name: 'End the session' }).click();
    const dialog = counselor.getByRole('dialog', { name: 'End the live session?' });
    await dialog.getByRole('button', { name: 'End the session' }).click();
    for (const page of [counselor, riley, jordan]) await page.getByText('The live session has ended.').waitFor();
    await timeUntil(() => editorIsEditable(riley), 2000);
    expect(await liveDock(riley).count()).toBe(0);
  });

  it('the record shows the turns and mirrors; a partner’s page never receives the counselor’s private observations', async () => {
    await counselor.getByRole('link', { name: 'See the session record' }).click();
    await counselor.getByRole('heading', { name: 'Session record', level: 1 }).waitFor();
    await counselor.getByText('Only you can see this.').waitFor();
    await counselor.getByLabel('Your observations').fill(`${observation}: Riley softened once heard.`);
    await counselor.getByRole('button', { name: 'Save privately' }).click();
    await counselor.getByText('Saved, privately.').waitFor();
    await counselor.getByLabel('What you would like them to take away').fill('You both named what the evenings mean to you.');
    await counselor.getByRole('button', { name: 'Save the summary' }).click();
    await counselor.getByText('Summary saved. Both partners can read it.').waitFor();

    const turns = counselor.locator('.record-turn');
    await eventually(() => turns.count(), (n) => n === 2);
    await turns.nth(0).getByText(/Riley Park\s*had the floor,\s*Jordan Lee\s*listened/).waitFor();
    const mirrors = turns.nth(0).locator('.record-mirror');
    expect(await mirrors.count()).toBe(2);
    expect(await mirrors.nth(0).getAttribute('data-status')).toBe('clarified');
    expect(await mirrors.nth(0).innerText()).toContain('You want us to put the phones away at dinner.');
    expect(await mirrors.nth(1).getAttribute('data-status')).toBe('confirmed');
    expect(await mirrors.nth(1).innerText()).toContain("Confirmed: that's what they meant");
    await counselor.getByText(/Jordan Lee\s*asked for a time-out/).waitFor();
    await counselor.locator('.record-section').getByRole('link', { name: 'Evenings at home' }).waitFor();

    // Jordan opens it from the workspace's list of sessions.
    await jordan.goto(`/workspaces/${couple.workspaceId}`);
    await jordan.locator('.session-history').getByRole('link').first().click();
    await jordan.getByRole('heading', { name: 'Session record', level: 1 }).waitFor();
    await jordan.getByText('You both named what the evenings mean to you.').waitFor();
    await jordan.getByText('You miss our evening talks, and feel alone without them.').waitFor();
    expect(await jordan.getByText('Private observations').count()).toBe(0);
    expect(await jordan.getByText('Only you can see this.').count()).toBe(0);
    await screenshot(jordan, 'live-record-partner-1280');
    await screenshot(counselor, 'live-record-counselor-1280');
    // Riley too, after a reload of the record.
    await riley.goto(jordan.url());
    await riley.getByText('You both named what the evenings mean to you.').waitFor();
    await riley.waitForTimeout(500);

    const everything = partnerWire.join('\n');
    expect(partnerWire.length).toBeGreaterThan(20);
    // The record itself did reach the partners (the check can see what it looks for)…
    expect(everything).toContain('You both named what the evenings mean to you.');
    // …and the observations never did, by REST or by any socket frame.
    expect(everything).not.toContain(observation);
    expect(partnerRequests.filter((url) => url.includes('/observations'))).toEqual([]);
    for (const page of [counselor, riley, jordan]) expect(uncaughtErrors(page)).toEqual([]);
  });
});
