import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type NotificationsPage } from '@kinship/domain/wire';
import { newAgreementItem } from '@kinship/domain/agreements';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { documentUrl } from './support/editor';
import { e2e } from './support/environment';
import { agreementInForce } from './support/agreements';
import { focusedName, pressByKeyboard, tabTo } from './support/live';
import { call, createDocument } from './support/rest';
import { eventually } from './support/wait';

/**
 * Notifications: Alex proposes a change; Sam, on a phone elsewhere in the app, sees the bell count
 * 1 without reloading, opens the list by keyboard, follows it to the proposal (read on open), and
 * later clears a second one with "Mark all read".
 */
describe('notifications', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  const items = [newAgreementItem({ title: 'Screens', text: 'No screens after ten.' }), newAgreementItem({ title: 'Walks', text: 'A walk on Sundays.' })];
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let alexPage: Page;
  let samPage: Page;
  let agreementId = '';
  let proposalId = '';
  const bell = (page: Page) => page.getByRole('button', { name: /^Notifications, / });

  beforeAll(async () => {
    browser = await launchBrowser();
    const agreement = await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Evenings apart');
    agreementId = agreement.id;
    await agreementInForce(baseUrl, [alex, sam], agreementId, items);
    // What the earlier steps told Sam is read: the journey starts from a clear bell.
    await call(baseUrl, sam.session, 'POST', '/notifications/read', { all: true });
    const alexContext = await newContext(browser, { as: alex });
    const samContext = await newContext(browser, { as: sam, width: 375, height: 760 });
    contexts = [alexContext, samContext];
    alexPage = await newPage(alexContext);
    samPage = await newPage(samContext);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('Alex proposes; Sam’s bell shows 1 without a reload, the list links to the proposal, and opening it clears the badge', async () => {
    await samPage.goto('/');
    await bell(samPage).waitFor();
    expect(await bell(samPage).getAttribute('aria-label')).toBe('Notifications, none unread');

    await alexPage.goto(documentUrl(couple.workspaceId, agreementId));
    await alexPage.getByRole('heading', { name: 'Version 1 in force' }).waitFor();
    await alexPage.getByRole('button', { name: 'Propose a change' }).click();
    await alexPage.waitForURL(/\/proposals\//);
    proposalId = /\/proposals\/([0-9a-f-]{36})/.exec(alexPage.url())![1]!;

    await samPage.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 5000 });
    expect(await samPage.getByTestId('notifications-count').innerText()).toBe('1');

    await pressByKeyboard(samPage, 'Notifications, 1 unread');
    const list = samPage.getByRole('region', { name: 'Notifications' });
    await list.waitFor();
    const link = list.getByRole('link', { name: /^Unread: Alex Rivera proposed a change to “Evenings apart”/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/workspaces/${couple.workspaceId}/agreements/${agreementId}/proposals/${proposalId}`);
    expect(await samPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(samPage)).toEqual([]);

    // Tab from the bell into the list, to the notification, and open it.
    await tabTo(samPage, /^Unread: Alex Rivera proposed a change/);
    await samPage.keyboard.press('Enter');
    await samPage.waitForURL(new RegExp(`/proposals/${proposalId}$`));
    await samPage.getByRole('button', { name: 'Notifications, none unread' }).waitFor();
    // The badge clears at once (optimistically); the server has it once the mark request lands.
    const stored = await eventually(() => call<NotificationsPage>(baseUrl, sam.session, 'GET', '/notifications'), (page) => page.unread === 0);
    expect(stored.notifications[0]).toMatchObject({ proposalId, kind: 'proposal.opened' });
    expect(stored.notifications[0]!.readAt).not.toBeNull();
  });

  it('a comment by Alex arrives on Sam’s proposal page; "Mark all read" clears it; Escape closes the list and returns to the bell', async () => {
    await call(baseUrl, alex.session, 'POST', `/agreements/${agreementId}/proposals/${proposalId}/comments`, { itemId: items[0]!.id, text: 'And phones?' });
    await samPage.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 5000 });
    await bell(samPage).focus();
    await samPage.keyboard.press('Enter');
    await samPage.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: /^Unread: Alex Rivera commented on a proposal/ }).waitFor();
    await pressByKeyboard(samPage, 'Mark all read');
    await samPage.getByRole('button', { name: 'Notifications, none unread' }).waitFor();
    expect(await samPage.getByTestId('notifications-count').count()).toBe(0);
    expect((await call<NotificationsPage>(baseUrl, sam.session, 'GET', '/notifications')).unread).toBe(0);

    await samPage.keyboard.press('Escape');
    await samPage.getByRole('region', { name: 'Notifications' }).waitFor({ state: 'hidden' });
    expect(await focusedName(samPage)).toBe('Notifications, none unread');
    expect(uncaughtErrors(samPage)).toEqual([]);
    expect(uncaughtErrors(alexPage)).toEqual([]);
  });
});
