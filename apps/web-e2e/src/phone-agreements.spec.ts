import type { Locator, Page } from 'playwright-core';
import { newAgreementItem, type AgreementView } from '@kinship/domain/agreements';
import { agreementInForce } from './support/agreements';
import { seriousViolations } from './support/axe';
import { uncaughtErrors } from './support/browser';
import { coupleOfItsOwn } from './support/couple-of-its-own';
import { documentUrl, statusSays } from './support/editor';
import { coveredControls, screenShot, seenWhole, smallTargets } from './support/phone';
import { call, createDocument } from './support/rest';
import { storedDocument } from './support/stored-document';
import { eventually } from './support/wait';
import * as Y from 'yjs';

/**
 * An agreement on phones (issue 22, items 3, 4, 6, 7 and 8): the version in force reads as a
 * numbered list; every control measures at least 44 × 44 px and nothing fixed covers one; an
 * accept right after one's own edit goes through; a withdrawn acceptance is said to its reader
 * ("after you accepted") with a link to the item; a rename is asked calmly; nobody's words are
 * underlined in their colour; and an agreement archived by both partners says so on both pages,
 * while the document list never offers a one-click archive that would be refused.
 */
describe('an agreement on phones', () => {
  const stage = coupleOfItsOwn(['Dana Counselor', 'Jordan Blake', 'Riley Moss']);
  const items = [
    newAgreementItem({ title: 'Phones stay in the hall during dinner', text: 'Both phones go in the basket by the door until the dishes are done.' }),
    newAgreementItem({ title: 'Checking in when late', text: 'A message before seven if either of us will be later than planned.' }),
    newAgreementItem({ title: 'A pause when a talk gets heated', text: 'Either of us may ask for twenty minutes; we come back to it the same day.' }),
  ];
  let agreementId = '';
  /** A document of another kind, which partners archive with one tap (and a confirmation). */
  let checkIn = '';
  let jordan: Page;
  let riley: Page;

  const agreementUrl = () => documentUrl(stage.couple.workspaceId, agreementId);

  /**
   * Puts the caret at the end of a line of the editor. At 375 px it wraps: a tap at its bottom-right
   * corner lands on its last line, where End reaches its end (End only goes to the end of the visual line).
   */
  async function endOf(page: Page, text: Locator) {
    const box = (await text.boundingBox())!;
    await text.click({ position: { x: box.width - 2, y: box.height - 3 } });
    await page.keyboard.press('End');
  }

  beforeAll(async () => {
    const [jordanAccount, rileyAccount] = stage.couple.partners;
    agreementId = (await createDocument(stage.baseUrl, jordanAccount, stage.couple.workspaceId, 'agreement', 'Evenings at home')).id;
    await agreementInForce(stage.baseUrl, [jordanAccount, rileyAccount], agreementId, items);
    checkIn = (await createDocument(stage.baseUrl, rileyAccount, stage.couple.workspaceId, 'notes', 'Weekly check-in')).title;
    jordan = await stage.page(jordanAccount);
    riley = await stage.page(rileyAccount);
  });

  afterAll(() => {
    for (const page of [jordan, riley]) expect(uncaughtErrors(page)).toEqual([]);
  });

  /** How the version in force is laid out: each item's box, and its title's, text's and "binds" line's. */
  function listLayout(page: Page) {
    return page.getByRole('list', { name: 'Version 1' }).evaluate((list) => {
      const box = (el: Element) => {
        const r = el.getBoundingClientRect();
        const lineHeight = parseFloat(getComputedStyle(el).lineHeight);
        return { top: r.top, bottom: r.bottom, left: r.left, width: r.width, lines: Math.round(r.height / lineHeight) };
      };
      return {
        width: list.getBoundingClientRect().width,
        items: Array.from(list.children).map((item) => ({ item: box(item), parts: Array.from(item.children).map(box) })),
      };
    });
  }

  for (const width of [375, 1280]) {
    it(`the version in force reads as a numbered list, at ${width} px`, async () => {
      const page = width === 375 ? jordan : await stage.page(stage.couple.partners[1], width);
      await page.goto(agreementUrl());
      await page.getByRole('heading', { name: 'Version 1 in force' }).waitFor();
      const list = page.getByRole('list', { name: 'Version 1' });
      expect(await list.getByRole('heading').allInnerTexts()).toEqual(items.map((item, i) => `${i + 1}. ${item.title}`));
      await list.scrollIntoViewIfNeeded();
      await screenShot(page, `phone-agreement-in-force-${width}`);
      const layout = await listLayout(page);
      layout.items.forEach(({ item, parts }, i) => {
        // Each item spans the list, under the one before it.
        expect(item.width).toBeGreaterThan(layout.width * 0.95);
        if (i > 0) expect(item.top).toBeGreaterThanOrEqual(layout.items[i - 1]!.item.bottom);
        // Its title, text and "Binds both of you" one under the other, each as wide as the item
        // (not columns side by side), read in whole lines: a title in at most two, "binds" in one.
        expect(parts).toHaveLength(3);
        parts.forEach((part, j) => {
          expect(part.width).toBeGreaterThan(item.width * 0.8);
          if (j > 0) expect(part.top).toBeGreaterThanOrEqual(parts[j - 1]!.bottom - 1);
        });
        expect(parts[0]!.lines).toBeLessThanOrEqual(2);
        expect(parts[2]!.lines).toBe(1);
      });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });
  }

  it('on the agreement page every control is big enough for a thumb, and nothing fixed covers one', async () => {
    await jordan.goto(agreementUrl());
    await jordan.getByRole('heading', { name: 'Version 1 in force' }).waitFor();
    await jordan.getByRole('button', { name: 'Ask to archive' }).waitFor();
    expect(await smallTargets(jordan)).toEqual([]);
    expect(await coveredControls(jordan)).toEqual([]);
    expect(await seriousViolations(jordan)).toEqual([]);
  });

  it('an accept right after one’s own edit goes through; an acceptance another edit withdraws is said to its reader, with a link to the item', async () => {
    await jordan.goto(agreementUrl());
    await jordan.getByRole('button', { name: 'Propose a change' }).click();
    await jordan.waitForURL(/\/proposals\//);
    const proposalUrl = new URL(jordan.url()).pathname;
    await statusSays(jordan, 'All changes saved').waitFor({ timeout: 15_000 });

    // Jordan edits item 1's title, then taps Accept at once.
    await endOf(jordan, jordan.getByRole('group', { name: 'Item 1' }).locator('.agreement-item__title'));
    await jordan.keyboard.type(' on weekdays', { delay: 15 });
    await jordan.getByRole('button', { name: 'Accept this text' }).click();
    await jordan.getByText(/You \(Jordan Blake\)\s*accepted this text/).waitFor();
    // Her own edit is part of what she accepted: nothing withdraws it afterwards.
    await jordan.waitForTimeout(2500);
    expect(await jordan.getByText('Your acceptance was withdrawn').count()).toBe(0);
    expect(await jordan.getByText('The proposal changed since you read it', { exact: false }).count()).toBe(0);
    await jordan.getByText(/You \(Jordan Blake\)\s*accepted this text/).waitFor();

    // Riley edits item 2's text and taps Accept 1.5 s later.
    await riley.goto(proposalUrl);
    await statusSays(riley, 'All changes saved').waitFor({ timeout: 15_000 });
    await endOf(riley, riley.getByRole('group', { name: 'Item 2' }).getByText('A message before seven'));
    await riley.keyboard.type(' A call is fine too.', { delay: 15 });
    await riley.waitForTimeout(1500);
    await riley.getByRole('button', { name: 'Accept this text' }).click();
    await riley.getByText(/You \(Riley Moss\)\s*accepted this text/).waitFor();
    expect(await riley.getByText('The proposal changed since you read it', { exact: false }).count()).toBe(0);

    // Jordan's acceptance was withdrawn by Riley's edit: told to Jordan as "you", with the item a link away.
    await jordan.getByText('Your acceptance was withdrawn').waitFor();
    const reason = jordan.locator('.notice', { hasText: 'Your acceptance was withdrawn' });
    expect(await reason.innerText()).toMatch(/Withdrawn because Riley Moss edited item 2 after you accepted/);
    await riley.getByText('Jordan Blake’s acceptance was withdrawn').waitFor();
    expect(await riley.locator('.notice', { hasText: 'acceptance was withdrawn' }).innerText()).toMatch(/after Jordan Blake accepted/);

    // Everything on the open proposal is big enough and uncovered, the link included.
    expect(await smallTargets(jordan)).toEqual([]);
    expect(await coveredControls(jordan)).toEqual([]);
    expect(await seriousViolations(jordan)).toEqual([]);
    await reason.getByRole('link', { name: 'See item 2' }).scrollIntoViewIfNeeded();
    await screenShot(jordan, 'phone-agreement-withdrawn-reason');
    await reason.getByRole('link', { name: 'See item 2' }).click();
    const item2 = jordan.getByRole('group', { name: 'Item 2' });
    await eventually(() => seenWhole(item2.locator('.agreement-item__number')), (seen) => seen);
    await screenShot(jordan, 'phone-agreement-withdrawn-item');

    // Jordan accepts again: both accepted the same text, with both edits in it.
    await jordan.getByRole('button', { name: 'Accept this text' }).click();
    await jordan.getByText('In force as version 2').waitFor();
    const agreement = await call<AgreementView>(stage.baseUrl, stage.couple.partners[0].session, 'GET', `/agreements/${agreementId}`);
    expect(agreement.inForce?.items.map((i) => [i.title, i.text])).toEqual([
      [`${items[0]!.title} on weekdays`, items[0]!.text],
      [items[1]!.title, `${items[1]!.text} A call is fine too.`],
      [items[2]!.title, items[2]!.text],
    ]);
  });

  it('the versions page is big enough for a thumb too', async () => {
    await jordan.goto(agreementUrl());
    await jordan.getByRole('link', { name: 'All versions and compare' }).click();
    await jordan.waitForURL(/\/versions$/);
    await jordan.getByRole('heading', { level: 1 }).first().waitFor();
    await jordan.getByText('Version 2', { exact: false }).first().waitFor();
    expect(await smallTargets(jordan)).toEqual([]);
    expect(await coveredControls(jordan)).toEqual([]);
    await screenShot(jordan, 'phone-agreement-versions');
  });

  it('a new title is asked for calmly: its confirmation is not a red danger button', async () => {
    const notes = await createDocument(stage.baseUrl, stage.couple.partners[0], stage.couple.workspaceId, 'notes', 'How we talk');
    await jordan.goto(`/workspaces/${stage.couple.workspaceId}`);
    await jordan.getByRole('button', { name: `Rename “${notes.title}”` }).click();
    await jordan.getByLabel('New title for “How we talk”').fill('How we listen');
    await jordan.getByRole('button', { name: 'Save title' }).click();
    const dialog = jordan.getByRole('dialog', { name: 'Rename “How we talk” to “How we listen”?' });
    const confirm = dialog.getByRole('button', { name: 'Rename' });
    await confirm.waitFor();
    expect(await confirm.getAttribute('class')).not.toContain('button--danger');
    await screenShot(jordan, 'phone-rename-confirm');
    await confirm.click();
    await jordan.getByRole('link', { name: 'How we listen' }).waitFor();
  });

  it('in “Who wrote what”, nobody’s words are underlined in their colour', async () => {
    const notes = await createDocument(stage.baseUrl, stage.couple.partners[0], stage.couple.workspaceId, 'notes', 'What we each said');
    for (const [person, line] of [
      [stage.couple.partners[0], 'Jordan: I felt unheard on Sunday.'],
      [stage.couple.partners[1], 'Riley: I did not know it mattered so much.'],
    ] as const) {
      await storedDocument(stage.baseUrl, person, notes.id, async (doc) => {
        const fragment = doc.getXmlFragment('default');
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(line)]);
        fragment.insert(fragment.length, [paragraph]);
        await new Promise((r) => setTimeout(r, 500));
      });
    }
    await jordan.goto(documentUrl(stage.couple.workspaceId, notes.id));
    await jordan.getByRole('button', { name: 'History' }).click();
    const runs = jordan.locator('.authored-run');
    await runs.nth(1).waitFor();
    const styles = await runs.evaluateAll((els) =>
      els.map((el) => {
        const style = getComputedStyle(el);
        return { line: style.textDecorationLine, bottom: parseFloat(style.borderBottomWidth), color: style.color };
      }),
    );
    for (const style of styles) {
      expect(style.line).toBe('none');
      expect(style.bottom).toBe(0);
    }
    expect(await smallTargets(jordan, '.history-panel')).toEqual([]);
    await screenShot(jordan, 'phone-who-wrote-what');
  });

  it('archived by both partners: both open pages say so, and the document list never offers a one-click archive of an agreement in force', async () => {
    for (const page of [jordan, riley]) {
      await page.goto(`/workspaces/${stage.couple.workspaceId}`);
      await page.getByRole('link', { name: 'Evenings at home' }).waitFor();
      // Other documents' rows are there, with their archive: the agreement's row has none.
      await page.getByRole('button', { name: `Archive “${checkIn}”` }).waitFor();
      expect(await page.getByRole('button', { name: 'Archive “Evenings at home”' }).count()).toBe(0);
    }
    await screenShot(jordan, 'phone-documents-agreement-in-force');

    for (const page of [jordan, riley]) {
      await page.goto(agreementUrl());
      await page.getByRole('heading', { name: /^Version \d+ in force$/ }).waitFor();
    }
    await jordan.getByRole('button', { name: 'Ask to archive' }).click();
    await jordan.getByText(/You asked to archive this agreement/).waitFor();
    await riley.getByRole('button', { name: 'Confirm: archive it' }).click();
    for (const page of [riley, jordan]) await page.getByText('This agreement is archived').waitFor({ timeout: 10_000 });
    await jordan.getByText('This agreement is archived').scrollIntoViewIfNeeded();
    await screenShot(jordan, 'phone-agreement-archived');
    expect(await smallTargets(jordan)).toEqual([]);
    expect(await seriousViolations(jordan)).toEqual([]);
  });
});
