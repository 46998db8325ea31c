import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage, uncaughtErrors } from './support/browser';
import { editorArea, openDocument, statusSays } from './support/editor';
import { e2e } from './support/environment';
import { createDocument, type Session } from './support/rest';
import { storedBlockTexts } from './support/stored-document';

const ROUNDS = 20;

interface Writer {
  session: Session;
  page: Page;
  /** What this person writes in a round. */
  line: (round: number) => string;
}

interface FailedRound {
  round: number;
  typed: string[];
  /** The blocks of this round as one browser shows them. */
  seen: string[];
}

/** The text of each block as this person sees it, without the other people's caret labels. */
function blocksOnScreen(page: Page): Promise<string[]> {
  return editorArea(page).evaluate((area) =>
    Array.from(area.children, (block) => {
      const copy = block.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    }),
  );
}

/**
 * Each person's own keystrokes are already in their browser, so once every browser shows the same
 * blocks, everyone has everything typed (or 10 s passed): that is the round's outcome.
 */
async function settledBlocks(writers: Writer[]): Promise<string[][]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const seen = await Promise.all(writers.map((writer) => blocksOnScreen(writer.page)));
    const agree = seen.every((blocks) => JSON.stringify(blocks) === JSON.stringify(seen[0]));
    if (agree || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The counselor and both partners each add a line at the end of the same agreement at the same
 * moment, round after round, typing at a normal pace. Every line must hold exactly what its author
 * typed, in every browser and in what the server stored: a character that lands in someone else's
 * line puts words in their mouth.
 */
describe('three people adding lines at the same moment', () => {
  const { baseUrl, couple } = e2e();
  const [alex, sam] = couple.partners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const writers: Writer[] = [];
  let documentId = '';
  const opening = 'What we promise each other.';

  beforeAll(async () => {
    browser = await launchBrowser();
    documentId = (await createDocument(baseUrl, couple.counselor, couple.workspaceId, 'agreement', 'Our promises')).id;
    const people = [
      { session: couple.counselor, line: (round: number) => `Robin ${round}: we pause.` },
      { session: alex, line: (round: number) => `Alex ${round}: I ask first.` },
      { session: sam, line: (round: number) => `Sam ${round}: I say so.` },
    ];
    for (const person of people) {
      const context = await newContext(browser, { as: person.session });
      contexts.push(context);
      const page = await newPage(context);
      await openDocument(page, couple.workspaceId, documentId);
      writers.push({ ...person, page });
    }
    await editorArea(writers[0]!.page).click();
    await writers[0]!.page.keyboard.type(opening);
    for (const writer of writers) {
      await writer.page.getByText(opening).waitFor();
      await editorArea(writer.page).click();
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it(`every line holds exactly what its author typed, over ${ROUNDS} rounds`, async () => {
    const written = [opening];
    const failedRounds: FailedRound[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const typed = writers.map((writer) => writer.line(round));
      await Promise.all(
        writers.map(async (writer, i) => {
          await writer.page.keyboard.press('ControlOrMeta+End');
          await writer.page.keyboard.press('Enter');
          await writer.page.keyboard.type(typed[i]!, { delay: 30 + Math.floor(Math.random() * 50) });
        }),
      );
      written.push(...typed);
      const seen = await settledBlocks(writers);
      const broken = seen.find((blocks) => !typed.every((line) => blocks.filter((block) => block === line).length === 1));
      if (broken) failedRounds.push({ round, typed, seen: broken.filter((block) => block.includes(` ${round}:`)) });
    }

    expect({ failed: failedRounds.length, failedRounds }).toEqual({ failed: 0, failedRounds: [] });

    for (const writer of writers) await statusSays(writer.page, 'All changes saved').waitFor({ timeout: 10_000 });
    const onScreen = await blocksOnScreen(writers[0]!.page);
    expect([...onScreen].sort()).toEqual([...written].sort());
    for (const writer of writers.slice(1)) expect(await blocksOnScreen(writer.page)).toEqual(onScreen);
    // What the server stored, read by a client of its own.
    expect(await storedBlockTexts(baseUrl, sam, documentId)).toEqual(onScreen);
    for (const writer of writers) expect(uncaughtErrors(writer.page)).toEqual([]);
  });
});
