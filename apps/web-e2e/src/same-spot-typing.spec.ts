import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AGREEMENT_FRAGMENT, readAgreement, writeAgreementItems } from '@kinship/domain/agreements';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { editorArea, openDocument, statusSays } from './support/editor';
import { e2e } from './support/environment';
import { editAgreementElsewhere } from './support/agreements';
import { createDocument, type Session } from './support/rest';
import { storedDocument } from './support/stored-document';
import { eventually } from './support/wait';

/** Two typists: the 50 rounds. Three: fewer, as each round takes longer (the suite has a time budget). */
const ROUNDS = 50;
const ROUNDS_OF_THREE = 30;

interface Typist {
  session: Session;
  page: Page;
  /** What this person adds at the end of the same line in a round. */
  words: (round: number) => string;
}

/**
 * The written text as this person sees it (`within`: the editor's part that holds it), without
 * the other people's caret labels or the controls around it.
 */
function textOnScreen(page: Page, within: string): Promise<string> {
  return page.locator(within).first().evaluate((area) => {
    const copy = area.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

/** Every browser shows the same text (each person's own keystrokes are already in their browser), or 10 s passed. */
async function settledTexts(typists: Typist[], within: string): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const seen = await Promise.all(typists.map((t) => textOnScreen(t.page, within)));
    if (seen.every((text) => text === seen[0]) || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Round after round, everyone types a sentence at the end of the same line at the same moment, at
 * a human pace (30–80 ms a key). Every sentence must arrive whole, in every browser: a keystroke
 * that lands beside someone else's equal character ("I", a space) must stay with its author's
 * words (the editor binding places each keystroke at its author's caret).
 */
describe('people typing at the same spot', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  async function typists(documentId: string, people: Array<{ session: Session; words: (round: number) => string }>): Promise<Typist[]> {
    const opened: Typist[] = [];
    for (const person of people) {
      const context = await newContext(browser, { as: person.session, width: 375, height: 812 });
      contexts.push(context);
      const page = await newPage(context);
      await openDocument(page, couple.workspaceId, documentId);
      opened.push({ ...person, page });
    }
    return opened;
  }

  async function race(people: Typist[], start: string, within: string, rounds: number): Promise<{ failed: Array<{ round: number; seen: string }>; typed: string[] }> {
    for (const person of people) {
      // The text read without others' caret labels (a caret drawn inside it splits it for getByText).
      await eventually(() => textOnScreen(person.page, within), (text) => text.includes(start));
      await person.page.locator(within).first().click();
    }
    const failed: Array<{ round: number; seen: string }> = [];
    const typed: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      const words = people.map((person) => person.words(round));
      // Everyone's first keystroke, then a pause until every browser holds all of them. Without it,
      // a browser slow to start (a loaded machine) types its first key after another's first key
      // arrived and while that person goes on typing: two insertions at one spot, each unseen by the
      // other, which any CRDT orders by client id, so one sentence's opening space can end up on the
      // far side of the other sentence. That is the race itself, not the binding; from here on
      // everyone types at once, beside one another's equal characters, which is what this proves.
      await Promise.all(
        people.map(async (person, i) => {
          await person.page.keyboard.press('ControlOrMeta+End');
          await person.page.keyboard.type(words[i]!.slice(0, 1));
        }),
      );
      await settledTexts(people, within);
      await Promise.all(
        people.map((person, i) => person.page.keyboard.type(words[i]!.slice(1), { delay: 30 + Math.floor(Math.random() * 50) })),
      );
      typed.push(...words);
      const seen = await settledTexts(people, within);
      const torn = seen.find((text) => !words.every((w) => text.includes(w)));
      if (torn) failed.push({ round, seen: torn.slice(torn.indexOf(` ${round}`) - 10) });
    }
    return { failed, typed };
  }

  it(`two partners finishing the same line of a note, ${ROUNDS} rounds: every sentence whole in every copy`, async () => {
    const note = await createDocument(baseUrl, alex, couple.workspaceId, 'notes', 'What we heard');
    const people = await typists(note.id, [
      { session: alex, words: (round) => ` I ${round} ask first.` },
      { session: sam, words: (round) => ` I ${round} say so.` },
    ]);
    await editorArea(people[0]!.page).click();
    await people[0]!.page.keyboard.type('We listen.');
    const { failed, typed } = await race(people, 'We listen.', '.prose', ROUNDS);
    expect({ torn: failed.length, failed }).toEqual({ torn: 0, failed: [] });
    for (const person of people) await statusSays(person.page, 'All changes saved').waitFor({ timeout: 15_000 });
    const stored = await storedDocument(baseUrl, sam, note.id, (doc) => doc.getXmlFragment('default').toString());
    for (const words of typed) expect(stored).toContain(words);
    for (const person of people) expect(uncaughtErrors(person.page)).toEqual([]);
  }, 240_000);

  it(`three people finishing the same agreement item, ${ROUNDS_OF_THREE} rounds: every sentence whole, and so the item both could accept`, async () => {
    const agreement = await createDocument(baseUrl, alex, couple.workspaceId, 'agreement', 'Evenings');
    const start = 'We eat together on weekdays.';
    await editAgreementElsewhere(baseUrl, alex, agreement.id, (fragment) =>
      writeAgreementItems(fragment, [{ id: 'evenings', title: 'Evenings', text: start, binds: 'both', status: 'active' }]),
    );
    const people = await typists(agreement.id, [
      { session: couple.counselor, words: (round) => ` R${round} I pause.` },
      { session: alex, words: (round) => ` A${round} I ask.` },
      { session: sam, words: (round) => ` S${round} I say.` },
    ]);
    const { failed, typed } = await race(people, start, '.agreement-item__content', ROUNDS_OF_THREE);
    expect({ torn: failed.length, failed }).toEqual({ torn: 0, failed: [] });
    for (const person of people) await statusSays(person.page, 'All changes saved').waitFor({ timeout: 15_000 });
    const items = await storedDocument(baseUrl, sam, agreement.id, (doc) => readAgreement(doc.getXmlFragment(AGREEMENT_FRAGMENT)));
    for (const words of typed) expect(items[0]!.text).toContain(words);
    for (const person of people) expect(uncaughtErrors(person.page)).toEqual([]);
  }, 240_000);
});
