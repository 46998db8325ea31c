import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppendOptions, AppendOutcome, DocStore, StoredPiece } from '../ports';
import type { StorageUsage } from '../storage-quota';
import { isRowError } from '../../database/pg-errors';
import { runPrepared } from '../../database/prepared-statements';
import { DocCompactor } from './doc-compactor';
import { DocSealer } from './doc-sealer';
import { fairBatches } from './append-batches';
import type { ContentCipher, Queryable } from '../../encryption/content-cipher';

interface PendingAppend {
  documentId: string;
  update: Uint8Array;
  accountId: string | null;
  guarded: boolean;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Where each of a batch's sealed rows starts in the one buffer they travel in (1-based, for SQL's
 * `substring`), and its length: pg sends a Buffer parameter in binary, where an array of buffers
 * goes as hex text (twice the bytes, written and parsed character by character on both sides).
 */
function places(lengths: number[]): [number[], number[]] {
  const starts: number[] = [];
  let at = 1;
  for (const length of lengths) {
    starts.push(at);
    at += length;
  }
  return [starts, lengths];
}

/** Documents compacted at the same time by one process (the merge has one worker thread). */
const COMPACTIONS_AT_ONCE = 1;
/** How long a batch the database failed to take waits before its one retry. */
const RETRY_DELAY_MS = 100;
/**
 * Batches written at the same time, each on its own connection: appends that arrive while one
 * batch waits for its commit go to PostgreSQL at once instead of queueing behind it, so a relay
 * waits for its own commit only, and one document held up (a seal holding its row) does not hold
 * up every other. A document is in one of them at most, so each document's rows keep their order.
 */
const WRITES_AT_ONCE = 2;

interface StoredRow {
  /** 'snapshot', or the update row's id. */
  ref: string;
  data: Buffer;
  state_vector: Buffer | null;
}

/** The snapshot first, then the update rows by id (ids are bigints, as digits without leading zeros). */
function inStoredOrder(a: StoredRow, b: StoredRow): number {
  if (a.ref === b.ref) return 0;
  if (a.ref === 'snapshot') return -1;
  if (b.ref === 'snapshot') return 1;
  return a.ref.length - b.ref.length || (a.ref < b.ref ? -1 : 1);
}

/**
 * Updates in PostgreSQL: one `document_update` row per update, written by group commit (every
 * update that arrives while a write is in flight goes into the next single INSERT), compacted
 * into `document_snapshot` under a per-document advisory lock once a document's log grows past
 * the threshold or its room unloads. Compaction marks the rows it merged (`in_snapshot`) instead
 * of deleting them: every update stays, with its author and time, for the document's history;
 * loads read the snapshot and the rows not in it.
 */
export class PostgresDocStore implements DocStore {
  private readonly logger = new Logger('DocStore');
  private queue: PendingAppend[] = [];
  /** Appends accepted and not yet stored or failed. */
  private unsettled = 0;
  /** A write is to start once the frames read in this tick have queued (see `flushSoon`). */
  private flushScheduled = false;
  private writesInFlight = 0;
  /** The documents in a batch being written: their later appends wait in the queue for it. */
  private readonly writing = new Set<string>();
  /** Settled when nothing is queued or being written (see `drain`). */
  private idle: { promise: Promise<void>; settle: () => void } | null = null;
  /** Rows in each document's log since its last compaction, as far as this process knows. */
  private readonly logLength = new Map<string, number>();
  /** Documents queued or being compacted, each with the promise that settles when it is done. */
  private readonly compacting = new Map<string, Promise<void>>();
  private readonly compactionQueue: { documentId: string; settle: () => void }[] = [];
  private compactionsRunning = 0;
  private readonly compactor = new DocCompactor();
  private readonly sealer = new DocSealer();

  constructor(
    private readonly dataSource: DataSource,
    private readonly compactThreshold: number,
    private readonly cipher: ContentCipher,
  ) {}

  /**
   * The snapshot and the log in one statement, so one consistent view: a compaction committing
   * meanwhile cannot leave us with the old log and the new snapshot, or the reverse.
   */
  async load(documentId: string, db: Queryable = this.dataSource): Promise<StoredPiece[]> {
    const rows: StoredRow[] = await db.query(
      `SELECT 'snapshot' AS ref, state AS data, state_vector FROM document_snapshot WHERE document_id = $1
       UNION ALL
       SELECT id::text, data, NULL FROM document_update WHERE document_id = $1 AND NOT in_snapshot`,
      [documentId],
    );
    // Put in order here rather than by the statement: PostgreSQL's sort carried the snapshot's
    // bytes along (1.3 ms of a 634 KiB snapshot's 4.5 ms read).
    rows.sort(inStoredOrder);
    const logLength = rows.filter((r) => r.ref !== 'snapshot').length;
    this.logLength.set(documentId, logLength);
    const opened = await this.cipher.openDocumentPieces(documentId, rows.map((r) => r.data), db);
    // A piece that does not decrypt (altered, or moved from another document's row) is set aside like a malformed one.
    const sealedShut = rows.filter((_, i) => opened[i] === null);
    for (const r of sealedShut) await this.quarantine(documentId, r.ref, 'it does not decrypt: altered, or moved from another row');
    if (sealedShut.length > 0) return this.load(documentId, db);
    // A long log (a document that never unloaded cleanly) is merged now, so the next load is one snapshot.
    if (logLength >= this.compactThreshold) this.compactInBackground(documentId);
    return rows.map((r, i) => ({ ref: r.ref, data: opened[i]!, ...(r.state_vector ? { stateVector: new Uint8Array(r.state_vector) } : {}) }));
  }

  /**
   * The rows' `pg_column_size` (the bytes as stored: encrypted rows do not compress), as
   * `document_storage` keeps it: one row a document, never a sum over its edits.
   */
  async usage(documentId: string, workspaceId: string | null): Promise<StorageUsage> {
    const [row]: { document: string; workspace: string | null }[] = await this.dataSource.query(
      `SELECT coalesce((SELECT bytes FROM document_storage WHERE document_id = $1), 0)::text AS document,
              CASE WHEN $2::uuid IS NULL THEN NULL ELSE
                (SELECT coalesce(sum(s.bytes), 0) FROM document_storage s JOIN document d ON d.id = s.document_id WHERE d.workspace_id = $2::uuid)::text
              END AS workspace`,
      [documentId, workspaceId],
    );
    return { document: Number(row!.document), workspace: row!.workspace === null ? null : Number(row!.workspace) };
  }

  async clientOwners(documentId: string): Promise<Map<number, string | null>> {
    const rows: { client_id: string; account_id: string | null }[] = await this.dataSource.query(
      `SELECT client_id, account_id FROM document_client WHERE document_id = $1`,
      [documentId],
    );
    return new Map(rows.map((r) => [Number(r.client_id), r.account_id]));
  }

  /**
   * Moves one stored piece out of the document into `document_quarantine`, with the reason. When
   * the snapshot goes, the rows it had merged (kept for history) take its place in the next load.
   */
  async quarantine(documentId: string, ref: string, reason: string): Promise<void> {
    this.logger.error(`Document ${documentId}: stored ${ref === 'snapshot' ? 'snapshot' : `update ${ref}`} cannot be loaded and is quarantined: ${reason}`);
    await this.dataSource.transaction(async (tx) => {
      if (ref === 'snapshot') {
        await tx.query(
          `WITH moved AS (DELETE FROM document_snapshot WHERE document_id = $1 RETURNING document_id, state, updated_at)
           INSERT INTO document_quarantine (document_id, source, data, stored_at, reason)
           SELECT document_id, 'snapshot', state, updated_at, $2 FROM moved`,
          [documentId, reason],
        );
        await tx.query(`UPDATE document_update SET in_snapshot = false WHERE document_id = $1 AND in_snapshot`, [documentId]);
      } else {
        await tx.query(
          `WITH moved AS (DELETE FROM document_update WHERE id = $2 AND document_id = $1 RETURNING document_id, data, account_id, created_at)
           INSERT INTO document_quarantine (document_id, source, data, account_id, stored_at, reason)
           SELECT document_id, 'update', data, account_id, created_at, $3 FROM moved`,
          [documentId, ref, reason],
        );
      }
    });
  }

  /**
   * Claims the client ids for the account (the first claim, from any process, keeps one), then
   * reads who owns them: a second statement, so it sees a claim that committed while ours waited.
   */
  async claim(documentId: string, accountId: string, clients: number[]): Promise<Map<number, string | null>> {
    await this.dataSource.query(
      `INSERT INTO document_client (document_id, client_id, account_id)
       SELECT $1, c, $3 FROM unnest($2::bigint[]) AS c ON CONFLICT DO NOTHING`,
      [documentId, clients, accountId],
    );
    const rows: { client_id: string; account_id: string | null }[] = await this.dataSource.query(
      `SELECT client_id, account_id FROM document_client WHERE document_id = $1 AND client_id = ANY($2::bigint[])`,
      [documentId, clients],
    );
    return new Map(rows.map((r) => [Number(r.client_id), r.account_id]));
  }

  append(documentId: string, update: Uint8Array, accountId: string | null, options: AppendOptions = {}): Promise<AppendOutcome> {
    return new Promise<AppendOutcome>((resolve, reject) => {
      this.unsettled++;
      const settled = () => this.unsettled--;
      this.queue.push({
        documentId,
        update,
        accountId,
        guarded: options.guarded ?? false,
        resolve: (outcome) => {
          settled();
          resolve(outcome);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      this.flushSoon();
    });
  }

  private flushSoon(): void {
    if (this.flushScheduled || this.writesInFlight >= WRITES_AT_ONCE) return;
    this.flushScheduled = true;
    // Let the frames already read from sockets in this tick join the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.startWrites();
      this.settleIfIdle();
    });
  }

  /** Starts writing batches from the queue while a connection for one is free. */
  private startWrites(): void {
    while (this.writesInFlight < WRITES_AT_ONCE) {
      const batch = this.nextBatch();
      if (!batch) break;
      this.writesInFlight++;
      for (const p of batch) this.writing.add(p.documentId);
      void this.writeBatch(batch)
        // It answers every append itself, stored or failed; this is for a bug in that.
        .catch((error) => this.logger.error(`Writing a batch of ${batch.length} updates failed: ${String(error)}`))
        .finally(() => {
          this.writesInFlight--;
          for (const p of batch) this.writing.delete(p.documentId);
          // What queued meanwhile goes now: it waited for this write, not for the next tick.
          if (this.queue.length > 0) this.startWrites();
          this.settleIfIdle();
        });
    }
  }

  /**
   * The first fair batch (see fairBatches) of the queued appends whose documents have no batch
   * being written; the rest stay queued, each document's in their order. One pass over the queue
   * a batch, which reading's pause keeps near SYNC_MAX_BACKLOG long at most (a backlog of 20,000
   * is five batches).
   */
  private nextBatch(): PendingAppend[] | null {
    if (this.queue.length === 0) return null;
    let ready = this.queue;
    const held: PendingAppend[] = [];
    if (this.writing.size > 0) {
      ready = [];
      for (const p of this.queue) (this.writing.has(p.documentId) ? held : ready).push(p);
      if (ready.length === 0) return null;
    }
    const [batch, ...rest] = fairBatches(ready);
    this.queue = rest.length === 0 ? held : [...rest.flat(), ...held];
    return batch!;
  }

  private settleIfIdle(): void {
    if (this.queue.length > 0 || this.writesInFlight > 0 || this.flushScheduled) return;
    const idle = this.idle;
    this.idle = null;
    idle?.settle();
  }

  /**
   * Writes a batch in one statement. When the rows are at fault (one names a document deleted
   * meanwhile, say), the halves are tried on their own until the bad row is found, so it fails
   * only its own append, never a thousand rooms. Any other failure (the database away) is retried
   * once for the whole batch, then fails it: splitting would only repeat the wait.
   */
  private async writeBatch(batch: PendingAppend[], retried = false): Promise<void> {
    let refused: Set<string>;
    try {
      refused = await this.insert(batch);
    } catch (error) {
      if (isRowError(error) && batch.length > 1) {
        const middle = Math.ceil(batch.length / 2);
        await this.writeBatch(batch.slice(0, middle), retried);
        await this.writeBatch(batch.slice(middle), retried);
        return;
      }
      if (!retried && !isRowError(error)) {
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
        return this.writeBatch(batch, true);
      }
      for (const p of batch) p.reject(error);
      return;
    }
    const wasRefused = (p: PendingAppend) => p.guarded && refused.has(p.documentId);
    for (const p of batch) p.resolve(wasRefused(p) ? 'refused' : 'stored');
    this.countAppends(refused.size === 0 ? batch : batch.filter((p) => !wasRefused(p)));
  }

  /**
   * One statement per batch: the rows, and the documents' "last edited" time (at most once a
   * minute). A guarded row is inserted only if its document is still open (neither sealed nor
   * archived), read with a share lock on the document's row: the transaction that seals it holds
   * that row for update, so an append either commits before the seal reads the document's state
   * (and is in it) or waits and sees the seal. Answers the documents whose guarded rows were refused.
   * Both statements are prepared once a connection (`runPrepared`): parsing and planning them took
   * a fifth of PostgreSQL's time a batch.
   */
  private async insert(batch: PendingAppend[]): Promise<Set<string>> {
    const sealing = await this.cipher.documentSealing(batch.map((p) => p.documentId));
    const sealed = await this.sealer.seal(batch.map((p, i) => ({ ...sealing[i]!, data: p.update })));
    const rows = [batch.map((p) => p.documentId), sealed.data, ...places(sealed.lengths), batch.map((p) => p.accountId)];
    if (!batch.some((p) => p.guarded)) {
      await runPrepared(
        this.dataSource,
        'kinship_append',
        `WITH appended AS (
           INSERT INTO document_update (document_id, data, account_id)
           SELECT t.document_id, substring($2::bytea FROM t.start FOR t.length), t.account_id
           FROM unnest($1::uuid[], $3::int[], $4::int[], $5::uuid[]) WITH ORDINALITY AS t(document_id, start, length, account_id, n)
           ORDER BY t.n
           RETURNING document_id
         )
         UPDATE document SET updated_at = now()
         WHERE id IN (SELECT document_id FROM appended) AND updated_at < now() - interval '1 minute'`,
        rows,
      );
      return new Set();
    }
    const refused = await runPrepared<{ document_id: string }>(
      this.dataSource,
      'kinship_append_guarded',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $3::int[], $4::int[], $5::uuid[], $6::boolean[]) WITH ORDINALITY AS t(document_id, start, length, account_id, guarded, n)
       ), open AS (
         SELECT id FROM document
         WHERE id IN (SELECT document_id FROM input WHERE guarded) AND sealed_at IS NULL AND archived_at IS NULL
         FOR SHARE
       ), appended AS (
         INSERT INTO document_update (document_id, data, account_id)
         SELECT document_id, substring($2::bytea FROM start FOR length), account_id FROM input
         WHERE NOT guarded OR document_id IN (SELECT id FROM open)
         ORDER BY n
         RETURNING document_id
       ), touched AS (
         UPDATE document SET updated_at = now()
         WHERE id IN (SELECT document_id FROM appended) AND updated_at < now() - interval '1 minute'
       )
       SELECT DISTINCT document_id::text FROM input WHERE guarded AND document_id NOT IN (SELECT id FROM open)`,
      [...rows, batch.map((p) => p.guarded)],
    );
    return new Set(refused.map((r) => r.document_id));
  }

  private countAppends(batch: PendingAppend[]): void {
    for (const p of batch) {
      const length = (this.logLength.get(p.documentId) ?? 0) + 1;
      this.logLength.set(p.documentId, length);
      if (length >= this.compactThreshold) this.compactInBackground(p.documentId);
    }
  }

  backlog(): number {
    return this.unsettled;
  }

  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.writesInFlight > 0 || this.flushScheduled) {
      if (!this.idle) {
        let settle!: () => void;
        this.idle = { promise: new Promise<void>((r) => (settle = r)), settle };
      }
      await this.idle.promise;
    }
  }

  unloaded(documentId: string): void {
    if ((this.logLength.get(documentId) ?? 0) > 1) this.compactInBackground(documentId);
    else this.logLength.delete(documentId);
  }

  /** Waits for background compactions (tests and shutdown). */
  async settle(): Promise<void> {
    await this.drain();
    while (this.compacting.size > 0) await Promise.all([...this.compacting.values()]);
  }

  /** Settles, then stops the compaction thread. */
  async close(): Promise<void> {
    await this.settle();
    await this.compactor.close();
    await this.sealer.close();
  }

  /**
   * Queues a document for compaction; the queue is worked one document at a time. Documents typed
   * at the same pace cross the threshold together, and a hundred compactions at once would hold a
   * hundred pool connections with their reads, leaving none for the appends every relay waits on.
   */
  private compactInBackground(documentId: string): void {
    if (this.compacting.has(documentId)) return;
    let settle!: () => void;
    this.compacting.set(documentId, new Promise<void>((r) => (settle = r)));
    this.compactionQueue.push({ documentId, settle });
    this.nextCompaction();
  }

  private nextCompaction(): void {
    while (this.compactionsRunning < COMPACTIONS_AT_ONCE && this.compactionQueue.length > 0) {
      const { documentId, settle } = this.compactionQueue.shift()!;
      this.compactionsRunning++;
      let again = false;
      void this.compact(documentId)
        // Rows that arrived while it ran may have made the log long again: merge those too.
        .then(({ merged }) => {
          again = merged > 0 && (this.logLength.get(documentId) ?? 0) >= this.compactThreshold;
        })
        .catch((error) => this.logger.warn(`Compacting ${documentId} failed, will retry later: ${String(error)}`))
        .finally(() => {
          this.compactionsRunning--;
          this.compacting.delete(documentId);
          settle();
          if (again) this.compactInBackground(documentId);
          this.nextCompaction();
        });
    }
  }

  /**
   * Merges the snapshot and every update not in it into a new snapshot, then marks exactly the
   * rows it merged (kept for history, no longer read by loads): rows that commit meanwhile stay
   * unmerged, so nothing is lost. The merge itself runs on the compaction thread. At most one
   * process compacts a document at a time: another that finds the document's lock taken leaves it
   * (`merged: 0`); the one holding it merges what is there.
   */
  async compact(documentId: string): Promise<{ merged: number }> {
    // Read and merge outside any transaction: the merge takes the compaction thread's time, and a
    // transaction held open meanwhile would hold back appends (on PGlite, every other query).
    const pieces: { id: string | null; data: Buffer; taken: string | null }[] = await this.dataSource.query(
      `SELECT NULL AS id, state AS data, updated_at::text AS taken, 0 AS part, 0::bigint AS n FROM document_snapshot WHERE document_id = $1
       UNION ALL
       SELECT id::text, data, NULL, 1, id FROM document_update WHERE document_id = $1 AND NOT in_snapshot
       ORDER BY part, n`,
      [documentId],
    );
    const updates = pieces.filter((p) => p.id !== null);
    if (updates.length === 0) return { merged: 0 };
    const readSnapshotAt = pieces.find((p) => p.id === null)?.taken ?? null;
    const opened = await this.cipher.openDocument(documentId, pieces.map((p) => p.data));
    const { state, stateVector } = await this.compactor.merge(opened);
    const sealed = await this.cipher.sealDocument(documentId, state);
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }]: { locked: boolean }[] = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext('kinship:compact:' || $1)) AS locked`, [documentId]);
      if (!locked) return { merged: 0 };
      // Another compaction (here or in another process) wrote the snapshot since we read it: ours is stale.
      const [current]: { taken: string }[] = await tx.query(`SELECT updated_at::text AS taken FROM document_snapshot WHERE document_id = $1`, [documentId]);
      if ((current?.taken ?? null) !== readSnapshotAt) return { merged: 0 };
      await tx.query(
        `INSERT INTO document_snapshot (document_id, state, state_vector, updated_at) VALUES ($1, $2, $3, clock_timestamp())
         ON CONFLICT (document_id) DO UPDATE SET state = EXCLUDED.state, state_vector = EXCLUDED.state_vector, updated_at = clock_timestamp()`,
        [documentId, sealed, Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength)],
      );
      await tx.query(`UPDATE document_update SET in_snapshot = true WHERE id = ANY($1::bigint[])`, [updates.map((u) => u.id)]);
      this.logLength.set(documentId, Math.max(0, (this.logLength.get(documentId) ?? 0) - updates.length));
      return { merged: updates.length };
    });
  }
}
