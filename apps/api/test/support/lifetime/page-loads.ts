import * as Y from 'yjs';
import { ReceiptStatus } from '@kinship/domain/wire';
import { AgreementItem, readAgreement } from '@kinship/domain/agreements';
import { FIELD } from '../agreement-client';
import { until } from '../sync-client';
import { pause, pick, rngOf, Rng, words, WORDS } from './lifetime-plan';
import type { LifetimeRun, Person, Sentence, Server } from './lifetime-run';
import { Page } from './lifetime-page';

/** The lifetime spec's page loads (lifetime.spec.ts): sentences typed and deleted in the notes, the agreement read, long-lived devices, paste floods. */

// ---- Sentences in the notes: typed whole lines at line starts, so nobody's line is split.

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/**
 * Types a sentence as a person does: in three bursts with a draft tail, then deletes the tail.
 * Returns it, `typed`; the caller marks it `present` once a receipt said stored.
 */
export async function typeSentence(run: LifetimeRun, page: Page, owner: string, label: string, rng: Rng, offline = false): Promise<Sentence> {
  const id = `⟦${label}⟧`;
  const line = `${id} ${page.person.name}: ${words(rng, 4 + Math.floor(rng() * 6))}.\n`;
  const body = line.slice(0, -1);
  const draft = ` (draft ${words(rng, 2)})`;
  const typed = body + draft + '\n';
  const sentence: Sentence = { id, owner, line, state: 'typed' };
  run.sentences.set(id, sentence);
  const text = page.text;
  let at = pick(rng, lineStarts(text.toString()));
  const cuts = [Math.floor(typed.length / 3), Math.floor((2 * typed.length) / 3), typed.length];
  let from = 0;
  for (const cut of cuts) {
    text.insert(at, typed.slice(from, cut));
    page.unsaved = true;
    const after = Y.createRelativePositionFromTypeIndex(text, at + cut - from, -1);
    from = cut;
    // Between bursts others' edits may arrive: the caret follows the last typed character.
    if (!offline) await pause(rng() * 6);
    at = Y.createAbsolutePositionFromRelativePosition(after, page.doc)!.index;
  }
  const start = text.toString().indexOf(body + draft);
  if (start < 0) throw new Error(`${label}: the typed line is not whole in its own page`);
  text.delete(start + body.length, draft.length);
  return sentence;
}

/** Deletes one of the owner's acknowledged sentences this page shows: the whole line. */
export function deleteOwnSentence(run: LifetimeRun, page: Page, owner: string, rng: Rng): Sentence | null {
  const current = page.text.toString();
  const candidates = [...run.sentences.values()].filter((s) => s.owner === owner && s.state === 'present' && current.includes(s.line));
  if (candidates.length === 0) return null;
  const sentence = pick(rng, candidates);
  const start = current.indexOf(sentence.line);
  page.text.delete(start, sentence.line.length);
  sentence.state = 'deleting';
  return sentence;
}

export function settleSentences(run: LifetimeRun, typed: Sentence[], deleting: Sentence[], status: ReceiptStatus | 'lost', who: string): void {
  if (status === ReceiptStatus.stored) {
    run.receipts.stored++;
    typed.forEach((s) => (s.state = 'present'));
    deleting.forEach((s) => (s.state = 'deleted'));
    return;
  }
  if (status === ReceiptStatus.refused) {
    run.receipts.refused++;
    run.fail(`${who}: an honest edit was refused`);
  }
  typed.forEach((s) => (s.state = 'unknown'));
  deleting.forEach((s) => (s.state = 'unknown'));
}

/** One page load of the notes: sync, type a sentence, maybe delete an earlier one, receipt, leave. */
export async function notesVisit(run: LifetimeRun, notesId: string, person: Person, day: number, n: number, server?: Server): Promise<void> {
  const rng = rngOf(`${person.key}/notes`);
  const who = `${person.name}'s page load ${day}.${n}`;
  const chosen = pick(rng, run.alive());
  const page = new Page(run, who, person, notesId, server ?? chosen);
  run.loads.notes++;
  let typed: Sentence[] = [];
  let deleting: Sentence[] = [];
  try {
    await page.synced();
    typed = [await typeSentence(run, page, `${person.key}/pages`, `${person.key[0]}-${day}-${n}`, rng)];
    if (rng() < 0.3) {
      const gone = deleteOwnSentence(run, page, `${person.key}/pages`, rng);
      if (gone) deleting = [gone];
    }
    const status = await page.receipt();
    settleSentences(run, typed, deleting, status, who);
  } catch (error) {
    settleSentences(run, typed, deleting, 'lost', who);
    run.fail(`${who}: ${(error as Error).message}`);
  } finally {
    page.destroy();
  }
}

/** One page load of the agreement (sealed: read only): it shows the version in force. */
export async function agreementVisit(run: LifetimeRun, agreementId: string, person: Person, expected: AgreementItem[] | null): Promise<void> {
  const rng = rngOf(`${person.key}/agreement`);
  const page = new Page(run, `${person.name}'s agreement page`, person, agreementId, pick(rng, run.alive()));
  run.loads.agreement++;
  try {
    await page.synced();
    if (expected) {
      const shows = () => JSON.stringify(readAgreement(page.doc.getXmlFragment(FIELD))) === JSON.stringify(expected);
      await until(shows, 5000, 'the version in force').catch(() =>
        run.fail(`${person.name}'s agreement page on ${page.server.name} does not show the version in force: ${JSON.stringify(readAgreement(page.doc.getXmlFragment(FIELD)).map((i) => i.title))}`),
      );
    }
  } catch (error) {
    run.fail(`${person.name}'s agreement page: ${(error as Error).message}`);
  } finally {
    page.destroy();
  }
}

// ---- Long-lived devices.

export interface Device {
  page: Page;
  owner: string;
  rng: Rng;
  /** Days offline: from the first to the second, inclusive. */
  away: [number, number][];
  writes: boolean;
  typed: Sentence[];
  deleting: Sentence[];
}

/** A device's day: online or offline, it may write (and delete one of its own sentences). */
export async function deviceDay(run: LifetimeRun, device: Device, day: number, mustWrite: boolean): Promise<void> {
  if (!device.writes) return;
  const { page, rng } = device;
  if (rng() < 0.6 || mustWrite) device.typed.push(await typeSentence(run, page, device.owner, `${device.owner}-${day}`, rng, page.offline));
  if (rng() < 0.2) {
    const gone = deleteOwnSentence(run, page, device.owner, rng);
    if (gone) device.deleting.push(gone);
  }
  if (!page.offline) await acknowledge(run, device);
}

export async function acknowledge(run: LifetimeRun, device: Device): Promise<void> {
  // A device the server closed for good stays as it is (reported once, with its close code).
  if (device.page.offline || device.page.terminal !== null) return;
  const typed = device.typed.splice(0);
  const deleting = device.deleting.splice(0);
  try {
    const status = await device.page.receipt();
    settleSentences(run, typed, deleting, status, device.page.who);
  } catch (error) {
    settleSentences(run, typed, deleting, 'lost', device.page.who);
    run.fail(`${device.page.who}: ${(error as Error).message}`);
  }
}

/** Paste floods: Alex pastes about 200 KB and deletes it, three times, then a formatted paste of many pieces. */
export async function pasteFlood(run: LifetimeRun, notesId: string, person: Person, day: number): Promise<void> {
  const rng = rngOf('paste');
  const page = new Page(run, `${person.name}'s paste page (day ${day})`, person, notesId, pick(rng, run.alive()));
  run.loads.notes++;
  try {
    await page.synced();
    for (let round = 0; round < 3; round++) {
      const paste = `${words(rng, 34_000).slice(0, 200_000)}\n`;
      const at = pick(rng, lineStarts(page.text.toString()));
      page.text.insert(at, paste);
      const stored = await page.receipt();
      if (stored !== ReceiptStatus.stored) run.fail(`paste ${round + 1} was refused`);
      const start = page.text.toString().indexOf(paste);
      page.text.delete(start, paste.length);
      if ((await page.receipt()) !== ReceiptStatus.stored) run.fail(`deleting paste ${round + 1} was refused`);
    }
    // A formatted paste: many separate pieces in one update.
    const at = pick(rng, lineStarts(page.text.toString()));
    let length = 0;
    page.doc.transact(() => {
      for (let i = 0; i < 1500; i++) {
        const piece = `${pick(rng, WORDS)}${i} `;
        page.text.insert(at + length, piece, i % 2 ? { bold: true } : {});
        length += piece.length;
      }
      page.text.insert(at + length, '\n');
      length++;
    });
    // Where the paste begins, wherever others' edits move it meanwhile.
    const rel = Y.createRelativePositionFromTypeIndex(page.text, at);
    if ((await page.receipt()) !== ReceiptStatus.stored) run.fail('the formatted paste was refused');
    page.text.delete(Y.createAbsolutePositionFromRelativePosition(rel, page.doc)!.index, length);
    if ((await page.receipt()) !== ReceiptStatus.stored) run.fail('deleting the formatted paste was refused');
  } catch (error) {
    run.fail(`${page.who}: ${(error as Error).message}`);
  } finally {
    page.destroy();
  }
}
