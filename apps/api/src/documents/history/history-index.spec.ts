import * as Y from 'yjs';
import { BURST_GAP_MS, contentAfter, EDIT_MAX_UPDATES, KeptUpdate, ReplayedEdit, replayEdits } from './document-replay';
import { index, Indexed, point, Resume } from './history-worker';

/**
 * The history thread's jobs, run here as plain functions: a document's rows made into edits a
 * page at a time from checkpoints give the very edits one replay of every row gives, whatever the
 * page size and however many rows are not yet settled; the document after an edit, from its
 * checkpoint, is the document after it from the beginning.
 */

/** Alex and Blake typing into one text, each update kept with its author and time (ids from 1). */
function typing(script: [who: 'alex' | 'blake', words: number, pauseAfterMs: number][]) {
  const docs = { alex: new Y.Doc(), blake: new Y.Doc() };
  const log: KeptUpdate[] = [];
  let clock = Date.parse('2026-11-25T20:00:00Z');
  for (const [name, doc] of Object.entries(docs)) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      log.push({ id: String(log.length + 1), data: update, accountId: name, at: new Date(clock) });
      for (const other of Object.values(docs)) if (other !== doc) Y.applyUpdate(other, update, 'remote');
    });
  }
  let n = 0;
  for (const [who, words, pause] of script) {
    const text = docs[who].getText('t');
    for (let i = 0; i < words; i++) {
      // One update a word; now and then one typed over: what an edit removes counts too.
      docs[who].transact(() => {
        if (n % 7 === 6 && text.length > 4) text.delete(text.length - 4, 2);
        text.insert(text.length, `w${n++} `);
      });
      clock += 1000;
    }
    clock += pause;
  }
  const owners = new Map<number, string | null>([
    [docs.alex.clientID, 'alex'],
    [docs.blake.clientID, 'blake'],
  ]);
  return { log, owners, now: clock };
}

const SCRIPT: [who: 'alex' | 'blake', words: number, pauseAfterMs: number][] = [
  ['alex', 40, 1000],
  ['blake', 3, BURST_GAP_MS],
  ['blake', 30, 5 * BURST_GAP_MS],
  // One author typing without a pause: edits of EDIT_MAX_UPDATES updates at most.
  ['alex', EDIT_MAX_UPDATES * 2 + 37, 3 * BURST_GAP_MS],
  ['blake', 12, 1000],
  ['alex', 25, 0],
];

/**
 * What the service does, with plain functions: pages of `pageRows` rows from the last checkpoint
 * (or resume) on. A page holds more rows than lie between a checkpoint and the last recorded edit
 * (checkpointRows, 100 here) plus a whole edit, so each page ends one.
 */
function readInPages(
  log: KeptUpdate[],
  pageRows: number,
  settledThrough: string,
  endedBefore: number,
  start: { from: Resume | { throughId: string; state: null }; recordedThrough: string } = { from: { throughId: '0', state: null }, recordedThrough: '0' },
) {
  let from = start.from;
  let recordedThrough = start.recordedThrough;
  const recorded: ReplayedEdit[] = [];
  const later: ReplayedEdit[] = [];
  const checkpoints: Resume[] = [];
  const jobs: Indexed[] = [];
  for (let pages = 0; pages < 1000; pages++) {
    const start = log.findIndex((r) => BigInt(r.id) > BigInt(from.throughId));
    const rows = start < 0 ? [] : log.slice(start, start + pageRows);
    const complete = rows.length === 0 || rows[rows.length - 1] === log[log.length - 1];
    const job = index({ base: from.state, rows, recordedThrough, complete, settledThrough, endedBefore, checkpointRows: 100, checkpointBytes: 1 << 30 });
    jobs.push(job);
    recorded.push(...job.record);
    later.push(...job.later);
    if (job.checkpoint) checkpoints.push(job.checkpoint);
    const next = job.resume ?? job.checkpoint;
    if (complete) return { recorded, later, checkpoints, jobs };
    if (!next) throw new Error(`no progress after row ${from.throughId}`);
    from = next;
    recordedThrough = next.throughId;
  }
  throw new Error('too many pages');
}

describe('history from checkpoints, a page at a time', () => {
  const { log, owners, now } = typing(SCRIPT);
  const whole = replayEdits(null, log);

  it('an author typing without a pause makes edits of at most EDIT_MAX_UPDATES updates', () => {
    const alexLong = whole.filter((e) => e.authorId === 'alex' && e.updates >= EDIT_MAX_UPDATES);
    expect(alexLong.map((e) => e.updates)).toEqual([EDIT_MAX_UPDATES, EDIT_MAX_UPDATES]);
    expect(whole.map((e) => [e.authorId, e.updates])).toEqual([
      ['alex', 40],
      ['blake', 3],
      ['blake', 30],
      ['alex', EDIT_MAX_UPDATES],
      ['alex', EDIT_MAX_UPDATES],
      ['alex', 37],
      ['blake', 12],
      ['alex', 25],
    ]);
    expect(whole.every((e) => e.updates === Number(e.id) - Number(e.firstId) + 1)).toBe(true);
  });

  it.each([
    ['every row settled', () => log[log.length - 1]!.id, now + 10 * BURST_GAP_MS],
    ['the last 300 rows not yet settled', () => log[log.length - 301]!.id, now + 10 * BURST_GAP_MS],
    ['nothing settled', () => '0', now],
  ])('pages of any size give the same edits as one replay of every row (%s)', (_, settled, endedBefore) => {
    for (const pageRows of [650, 900, 1400, 5000]) {
      const read = readInPages(log, pageRows, settled(), endedBefore);
      expect([...read.recorded, ...read.later]).toEqual(whole);
      // Every edit that ended at a settled row is recorded; no other is.
      expect(read.recorded).toEqual(whole.filter((e) => BigInt(e.id) <= BigInt(settled())));
      // A page that goes on always leaves a checkpoint (or, past settled rows, a resume) to go on from.
      for (const job of read.jobs.slice(0, -1)) expect(job.checkpoint ?? job.resume).not.toBeNull();
      // Checkpoints lie at the end of recorded edits, and no further apart than a page.
      const ends = new Set(read.recorded.map((e) => e.id));
      expect(read.checkpoints.every((c) => ends.has(c.throughId))).toBe(true);
      const rowIndex = (id: string) => log.findIndex((r) => r.id === id);
      let previous = -1;
      for (const c of read.checkpoints) {
        expect(rowIndex(c.throughId) - previous).toBeLessThanOrEqual(pageRows);
        previous = rowIndex(c.throughId);
      }
    }
  });

  it('a later read goes on from the newest checkpoint past the edits recorded since it, and ends with the same edits', () => {
    for (const [rowsThen, pageRows] of [
      [150, 650],
      [700, 900],
      [1100, 5000],
    ] as const) {
      const then = log.slice(0, rowsThen);
      const first = readInPages(then, pageRows, then[then.length - 20]!.id, then[then.length - 1]!.at.getTime());
      const checkpoint = first.checkpoints[first.checkpoints.length - 1];
      const recordedThrough = first.recorded[first.recorded.length - 1]?.id ?? '0';
      const rest = readInPages(log, pageRows, log[log.length - 1]!.id, now + 10 * BURST_GAP_MS, { from: checkpoint ?? { throughId: '0', state: null }, recordedThrough });
      expect([...first.recorded, ...rest.recorded]).toEqual(whole);
    }
  });

  it('the last edit of a complete page is recorded only once nothing stored later can join it', () => {
    const settledAll = log[log.length - 1]!.id;
    const growing = readInPages(log, 5000, settledAll, now - 1000);
    expect(growing.later).toEqual([whole[whole.length - 1]]);
    const ended = readInPages(log, 5000, settledAll, now + BURST_GAP_MS);
    expect(ended.later).toEqual([]);
    expect(ended.recorded).toEqual(whole);
  });

  it('the document after an edit, replayed from the checkpoint before it, is the document after it from the beginning', () => {
    const read = readInPages(log, 650, log[log.length - 1]!.id, now + 10 * BURST_GAP_MS);
    expect(read.checkpoints.length).toBeGreaterThanOrEqual(2);
    for (const edit of whole) {
      const checkpoint = read.checkpoints.filter((c) => BigInt(c.throughId) < BigInt(edit.firstId)).pop();
      const after = log.filter((r) => BigInt(r.id) > BigInt(checkpoint?.throughId ?? '0') && BigInt(r.id) <= BigInt(edit.id));
      const blocks = point({ base: checkpoint?.state ?? null, rows: after, firstId: edit.firstId, owners });
      const earlier = log.filter((r) => BigInt(r.id) < BigInt(edit.firstId));
      const during = log.filter((r) => BigInt(r.id) >= BigInt(edit.firstId) && BigInt(r.id) <= BigInt(edit.id));
      expect(blocks).toEqual(contentAfter(null, earlier, during, owners));
      expect(after.length).toBeLessThanOrEqual(650);
    }
  });
});
