import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { DocumentsService } from '../documents.service';
import { DocumentHistoryRepository } from './document-history.repository';
import type { KeptUpdate, ReplayedEdit } from './document-replay';
import { HistoryReplayer } from './history-replayer';
import type { Resume } from './history-worker';
import type { AuthoredBlock, AuthorshipView, HistoryEdit, HistoryPage, HistoryPerson, HistoryPointView } from '@kinship/domain/wire';

/** Edits per page of the history list. */
export const HISTORY_PAGE_SIZE = 30;

/**
 * What one replay may read: a page of rows after a checkpoint. Checkpoints lie at most a page
 * apart, so showing any edit replays at most this many rows (and bytes) too.
 */
export const REPLAY_MAX_ROWS = 2000;
export const REPLAY_MAX_BYTES = 16 * 1024 * 1024;
/** Rows read in one statement: a page takes several, so decoding what the database sends never holds the event loop long. */
const READ_ROWS = 500;
/** A checkpoint is made once this many rows (or bytes) lie since the last one. */
const CHECKPOINT_ROWS = 1000;
const CHECKPOINT_BYTES = 4 * 1024 * 1024;
/** A row is settled (no row before it is still being committed) this long after it was stored, or with this many rows or bytes after it. */
const SETTLE = { ms: 30_000, rows: 1000, bytes: 8 * 1024 * 1024 };
/** Documents whose unrecorded newest edits are kept in memory until a new row arrives. */
const CACHED_DOCUMENTS = 32;

/**
 * The edits after the recorded ones, through the newest row then (its id): oldest first, the last
 * may still grow. When they span more than a page of rows, the document after some of them is
 * kept too (`resumes`), so showing one replays no more than a page either.
 */
interface Tail {
  throughId: string;
  edits: ReplayedEdit[];
  resumes: Resume[];
}

const shown = ({ firstId: _firstId, ...edit }: ReplayedEdit): HistoryEdit => edit;

/**
 * A document's history and authorship, for whoever may read the document (`can()`, through
 * DocumentsService.open: a counselor's notes are the counselor's alone).
 *
 * History is read from what earlier reads recorded: each edit once it can no longer change, and a
 * checkpoint of the document every thousand rows or so. A read first brings the record up to the
 * newest row, a page of rows at a time from the last checkpoint; then the list is one query, and
 * the document after an edit is replayed from the checkpoint before it. Every replay runs on the
 * history thread (HistoryReplayer), never on the event loop.
 */
@Injectable()
export class DocumentHistoryService implements OnModuleDestroy {
  private readonly logger = new Logger('History');
  private readonly replayer = new HistoryReplayer();
  /** Per document: the edits not yet recorded, through its newest row then. Oldest entry first. */
  private readonly tails = new Map<string, Tail>();
  /** Per document: the read bringing its record up to date, which others arriving meanwhile share. */
  private readonly catchingUp = new Map<string, Promise<Tail>>();

  constructor(
    private readonly documents: DocumentsService,
    private readonly history: DocumentHistoryRepository,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled(this.catchingUp.values());
    await this.replayer.close();
  }

  /** Who wrote each part of the document as it is now. */
  async authorship(documentId: string, accountId: string): Promise<AuthorshipView> {
    await this.documents.open(documentId, accountId, 'read');
    const [pieces, owners] = await Promise.all([this.history.currentPieces(documentId), this.history.clientOwners(documentId)]);
    const blocks = await this.replayer.authorship({ pieces, owners });
    return { blocks, people: await this.peopleIn(blocks, []) };
  }

  /** The document's edits, newest first, a page at a time (`before`: an edit id from the last page). */
  async list(documentId: string, accountId: string, before: string | null): Promise<HistoryPage> {
    await this.documents.open(documentId, accountId, 'read');
    const tail = await this.upToDate(documentId);
    const older = (id: string) => before === null || BigInt(id) < BigInt(before);
    const edits = tail.edits.filter((e) => older(e.id)).reverse();
    if (edits.length <= HISTORY_PAGE_SIZE) {
      // Recorded edits come before the tail (another process may have recorded some of it since: those are in the tail already).
      const start = tail.edits[0]?.firstId;
      const bound = start !== undefined && (before === null || BigInt(start) < BigInt(before)) ? start : before;
      edits.push(...(await this.history.edits(documentId, bound, HISTORY_PAGE_SIZE + 1 - edits.length)));
    }
    const page = edits.slice(0, HISTORY_PAGE_SIZE).map(shown);
    const beginsAt = await this.history.beginsAt(documentId);
    return {
      edits: page,
      nextBefore: edits.length > HISTORY_PAGE_SIZE ? page[page.length - 1]!.id : null,
      beginsAt: beginsAt ? beginsAt.toISOString() : null,
      people: await this.peopleIn([], page),
    };
  }

  /** The document right after one edit, with what that edit added and removed marked. */
  async at(documentId: string, accountId: string, editId: string): Promise<HistoryPointView> {
    await this.documents.open(documentId, accountId, 'read');
    // A recorded edit needs nothing newer; one after those, the record brought up to date.
    const recorded = await this.history.edit(documentId, editId);
    const tail = recorded ? null : await this.upToDate(documentId);
    const edit = recorded ?? tail!.edits.find((e) => e.id === editId);
    if (!edit) throw new DomainError('not_found', 'Edit was not found');
    const [checkpoint, owners] = await Promise.all([this.checkpointBefore(documentId, edit.firstId), this.history.clientOwners(documentId)]);
    const resumed = tail?.resumes.filter((r) => BigInt(r.throughId) < BigInt(edit.firstId)).pop();
    const from = resumed && BigInt(resumed.throughId) > BigInt(checkpoint.throughId) ? resumed : checkpoint;
    const rows = await new RowsAhead(this.history, documentId, from.throughId, edit.id).page([]);
    if (rows[rows.length - 1]?.id !== edit.id) {
      // Checkpoints lie at most a page apart: this is a record made otherwise (or rows changed since); it is remade on the next read.
      this.logger.warn(`Document ${documentId}: edit ${edit.id} lies more than a page of rows past its checkpoint (${from.throughId})`);
      throw new DomainError('conflict', 'This point of the history cannot be shown right now: read the history again, then open it');
    }
    const blocks = await this.replayer.point({ base: from.state, rows, firstId: edit.firstId, owners });
    return { edit: shown(edit), blocks, people: await this.peopleIn(blocks, [edit]) };
  }

  /** The checkpoint before row `id`, or where history begins. */
  private async checkpointBefore(documentId: string, id?: string): Promise<{ throughId: string; state: Uint8Array | null }> {
    const checkpoint = await this.history.checkpoint(documentId, id);
    if (checkpoint) return checkpoint;
    return { throughId: '0', state: (await this.history.base(documentId))?.state ?? null };
  }

  /** The document's record brought up to its newest row; the edits after those recorded. Once per new row, shared by reads meanwhile. */
  private async upToDate(documentId: string): Promise<Tail> {
    const newest = await this.history.lastUpdateId(documentId);
    const cached = this.tails.get(documentId);
    if (cached && cached.throughId === newest) {
      this.tails.delete(documentId);
      this.tails.set(documentId, cached);
      return cached;
    }
    let running = this.catchingUp.get(documentId);
    if (!running) {
      running = this.catchUp(documentId).finally(() => this.catchingUp.delete(documentId));
      this.catchingUp.set(documentId, running);
    }
    return running;
  }

  /**
   * Replays the rows after the last checkpoint a page at a time, each page on the history thread,
   * recording the edits that can no longer change and a checkpoint at the last of them, until the
   * newest row; the edits after the recorded ones are kept in memory until a new row arrives. The
   * next page's rows are read while the thread replays one.
   */
  private async catchUp(documentId: string): Promise<Tail> {
    this.replayer.start();
    const recordedAtStart = await this.history.recordedThrough(documentId);
    const horizon = await this.history.horizon(documentId, recordedAtStart, SETTLE);
    let from: { throughId: string; state: Uint8Array | null } = await this.checkpointBefore(documentId);
    let recordedThrough = await this.history.recordedThrough(documentId);
    const tail: Tail = { throughId: horizon.newest === '0' ? await this.history.lastUpdateId(documentId) : horizon.newest, edits: [], resumes: [] };
    const rows = new RowsAhead(this.history, documentId, from.throughId, horizon.newest);
    try {
      let carried: KeptUpdate[] = [];
      for (;;) {
        const page = await rows.page(carried);
        if (page.length === 0) break;
        const complete = page[page.length - 1]!.id === horizon.newest;
        if (!complete) rows.readAhead();
        const indexed = await this.replayer.index({
          base: from.state,
          rows: page,
          recordedThrough: BigInt(recordedThrough) > BigInt(from.throughId) ? recordedThrough : from.throughId,
          complete,
          settledThrough: horizon.settled,
          endedBefore: horizon.now - SETTLE.ms,
          checkpointRows: CHECKPOINT_ROWS,
          checkpointBytes: CHECKPOINT_BYTES,
        });
        await this.history.record(documentId, indexed.record, indexed.checkpoint);
        tail.edits.push(...indexed.later);
        const next = indexed.resume ?? indexed.checkpoint;
        if (complete || !next) {
          if (!complete) this.logger.warn(`Document ${documentId}: no edit ended within a page of rows after row ${from.throughId}; its history is shown up to there`);
          break;
        }
        // Unsettled edits are not recorded: the next page replays on the document after them, kept in memory with the tail.
        if (indexed.resume) tail.resumes.push(indexed.resume);
        from = next;
        recordedThrough = next.throughId;
        carried = page.filter((r) => BigInt(r.id) > BigInt(next.throughId));
      }
    } finally {
      await rows.settled();
    }
    this.tails.delete(documentId);
    this.tails.set(documentId, tail);
    if (this.tails.size > CACHED_DOCUMENTS) this.tails.delete(this.tails.keys().next().value!);
    return tail;
  }

  private async peopleIn(blocks: AuthoredBlock[], edits: HistoryEdit[]): Promise<HistoryPerson[]> {
    const ids = new Set<string>();
    for (const block of blocks) for (const run of block.runs) if (run.authorId) ids.add(run.authorId);
    for (const edit of edits) if (edit.authorId) ids.add(edit.authorId);
    return this.history.names([...ids]);
  }
}

/**
 * A document's rows after a point, read READ_ROWS at a time, up to a page ahead of the page being
 * replayed: a page is the rows the last one left over, then rows read, within REPLAY_MAX_ROWS
 * and REPLAY_MAX_BYTES.
 */
class RowsAhead {
  /** Rows read and not yet taken, in batches as read (the first one `taken` rows in). */
  private readonly batches: KeptUpdate[][] = [];
  private taken = 0;
  private buffered = 0;
  private reading: Promise<void> | null = null;
  private done = false;

  constructor(
    private readonly history: DocumentHistoryRepository,
    private readonly documentId: string,
    private readThrough: string,
    private readonly through: string,
  ) {}

  /** Reads on in the background, until a page of rows is waiting or all are read. */
  readAhead(): void {
    if (this.reading || this.done) return;
    const reading = (async () => {
      while (!this.done && this.buffered < REPLAY_MAX_ROWS) {
        const rows = await this.history.rows(this.documentId, this.readThrough, this.through, READ_ROWS, REPLAY_MAX_BYTES);
        if (rows.length > 0) {
          this.batches.push(rows);
          this.buffered += rows.length;
          this.readThrough = rows[rows.length - 1]!.id;
        }
        if (rows.length === 0 || BigInt(this.readThrough) >= BigInt(this.through)) this.done = true;
      }
    })();
    this.reading = reading.finally(() => (this.reading = null));
    this.reading.catch(() => undefined);
  }

  async page(carried: KeptUpdate[]): Promise<KeptUpdate[]> {
    const page = [...carried];
    let bytes = carried.reduce((sum, r) => sum + r.data.length, 0);
    while (page.length < REPLAY_MAX_ROWS && (page.length === 0 || bytes < REPLAY_MAX_BYTES)) {
      if (this.buffered === 0) {
        if (this.done) break;
        this.readAhead();
        await this.reading;
        continue;
      }
      const batch = this.batches[0]!;
      const row = batch[this.taken++]!;
      if (this.taken === batch.length) {
        this.batches.shift();
        this.taken = 0;
      }
      this.buffered--;
      page.push(row);
      bytes += row.data.length;
    }
    return page;
  }

  /** Waits for a read still under way (its rows are not needed). */
  async settled(): Promise<void> {
    await this.reading?.catch(() => undefined);
  }
}
