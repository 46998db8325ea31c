import { setPriority } from 'node:os';
import type { AuthoredBlock } from '@kinship/domain/wire';
import { Burst, contentAfter, continuesEdit, currentBlocks, EditReplay, editEnded, extendBurst, KeptUpdate, ReplayedEdit } from './document-replay';

/**
 * Runs on a worker thread (see HistoryReplayer): the decoding and replaying of a document's kept
 * updates that reading its history needs, kept off the event loop that serves everyone else. Each
 * job is bounded by its caller: a page of rows after a checkpoint, never the whole history.
 */

type Owners = Map<number, string | null>;

/**
 * When the machine is busy, this thread gives way to the event loop's: on Linux a thread has its
 * own niceness (elsewhere it would be the whole process's, so it is left alone there).
 */
const NICENESS = 10;
if (process.platform === 'linux') {
  try {
    setPriority(NICENESS);
  } catch {
    // Not permitted here: the thread runs at the process's priority.
  }
}

/** A page of a document's rows to make edits of, from a checkpoint (or where history begins). */
export interface IndexJob {
  /** The state the rows apply to: a checkpoint's, or history's beginning (null: empty). */
  base: Uint8Array | null;
  /** The rows after the checkpoint, in order. Those up to `recordedThrough` are in recorded edits: applied only. */
  rows: KeptUpdate[];
  recordedThrough: string;
  /** True when the rows reach the document's newest: its last edit may have ended. */
  complete: boolean;
  /** Edits ending at or before this row may be recorded (rows before later ones may still be committing). */
  settledThrough: string;
  /** An edit whose last update is older than this (ms) has ended: whatever is stored next starts another. */
  endedBefore: number;
  /** A checkpoint is made at the last recorded edit once this many rows or bytes lie before it (always when the page goes on). */
  checkpointRows: number;
  checkpointBytes: number;
}

/** The document right after an edit, every struct kept: where replaying may start again. */
export interface Resume {
  throughId: string;
  state: Uint8Array;
}

export interface Indexed {
  /** Edits that can no longer change, to record. */
  record: ReplayedEdit[];
  /** To record with them: the document after the last of them. */
  checkpoint: Resume | null;
  /** The edits after those, oldest first: ended but not yet settled; on a complete page, the last edit too (it may still grow). */
  later: ReplayedEdit[];
  /** On a page that goes on, when `later` is not empty: the document after its last ended edit, to replay the next page on (kept in memory only). */
  resume: Resume | null;
}

export function index(job: IndexJob): Indexed {
  const { rows } = job;
  const recorded = BigInt(job.recordedThrough);
  let first = rows.findIndex((r) => BigInt(r.id) > recorded);
  if (first < 0) first = rows.length;

  // First on the rows' authors, times and sizes only: where the edits end, which may be recorded, where to keep the document.
  const ends: number[] = [];
  let burst: Burst | null = null;
  for (let i = first; i < rows.length; i++) {
    if (burst && !continuesEdit(burst, rows[i]!)) {
      ends.push(i - 1);
      burst = null;
    }
    burst = extendBurst(burst, rows[i]!);
  }
  if (burst && job.complete && editEnded(burst, job.endedBefore)) ends.push(rows.length - 1);
  const settled = BigInt(job.settledThrough);
  const recordable = ends.filter((i) => BigInt(rows[i]!.id) <= settled);
  const lastRecorded = recordable.length > 0 ? recordable[recordable.length - 1]! : -1;
  const lastEnded = ends.length > 0 ? ends[ends.length - 1]! : -1;
  let checkpointAt = -1;
  if (lastRecorded >= 0) {
    let bytes = 0;
    for (let i = 0; i <= lastRecorded; i++) bytes += rows[i]!.data.length;
    if (!job.complete || lastRecorded + 1 >= job.checkpointRows || bytes >= job.checkpointBytes) checkpointAt = lastRecorded;
  }
  const resumeAt = !job.complete && lastEnded > lastRecorded ? lastEnded : -1;

  // Then the replay itself.
  const replay = new EditReplay(job.base);
  try {
    const out: Indexed = { record: [], checkpoint: null, later: [], resume: null };
    const ended = (edit: ReplayedEdit, end: number) => {
      if (end <= lastRecorded) out.record.push(edit);
      else if (job.complete || end <= lastEnded) out.later.push(edit);
      if (end === checkpointAt) out.checkpoint = { throughId: edit.id, state: replay.state() };
      if (end === resumeAt) out.resume = { throughId: edit.id, state: replay.state() };
    };
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (i < first) {
        replay.apply(row.data);
        continue;
      }
      if (replay.open && !continuesEdit(replay.open, row)) ended(replay.close()!, i - 1);
      replay.add(row);
    }
    // The last edit of the page: ended, still growing (a complete page), or cut by the page's end (the next page makes it again).
    const last = replay.close();
    if (last) ended(last, rows.length - 1);
    return out;
  } finally {
    replay.destroy();
  }
}

/** The document right after one edit (its rows from `firstId` on), from a checkpoint and the rows after it. */
export interface PointJob {
  base: Uint8Array | null;
  rows: KeptUpdate[];
  firstId: string;
  owners: Owners;
}

export function point(job: PointJob): AuthoredBlock[] {
  const first = BigInt(job.firstId);
  const earlier = job.rows.filter((r) => BigInt(r.id) < first);
  const during = job.rows.filter((r) => BigInt(r.id) >= first);
  return contentAfter(job.base, earlier, during, job.owners);
}

/** Who wrote each part of the document as it is now, from its stored pieces (snapshot, then later updates). */
export interface AuthorshipJob {
  pieces: Uint8Array[];
  owners: Owners;
}

export function authorship(job: AuthorshipJob): AuthoredBlock[] {
  return currentBlocks(job.pieces, job.owners);
}

/** Nothing: loads this module on a thread, so the first page waits less for it. */
export function ready(): true {
  return true;
}
