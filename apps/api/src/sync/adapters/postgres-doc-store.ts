import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import type { DocStore, StoredPiece } from '../ports';
import { isRowError } from '../../database/pg-errors';

interface PendingAppend {
  documentId: string;
  update: Uint8Array;
  accountId: string | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** At most this many updates go into one INSERT. */
const MAX_BATCH = 1000;
/** How long a batch the database failed to take waits before its one retry. */
const RETRY_DELAY_MS = 100;

/**
 * Updates in PostgreSQL: one `document_update` row per update, written by group commit (every
 * update that arrives while a write is in flight goes into the next single INSERT), compacted
 * into `document_snapshot` under a per-document advisory lock once a document's log grows past
 * the threshold or its room unloads.
 */
export class PostgresDocStore implements DocStore {
  private readonly logger = new Logger('DocStore');
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  /** Rows in each document's log since its last compaction, as far as this process knows. */
  private readonly logLength = new Map<string, number>();
  private readonly compacting = new Map<string, Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly compactThreshold: number,
  ) {}

  /**
   * The snapshot and the log in one statement, so one consistent view: a compaction committing
   * meanwhile cannot leave us with the old log and the new snapshot, or the reverse.
   */
  async load(documentId: string): Promise<StoredPiece[]> {
    const rows: { ref: string; data: Buffer }[] = await this.dataSource.query(
      `SELECT 'snapshot' AS ref, state AS data, 0 AS part, 0::bigint AS id FROM document_snapshot WHERE document_id = $1
       UNION ALL
       SELECT id::text, data, 1, id FROM document_update WHERE document_id = $1
       ORDER BY part, id`,
      [documentId],
    );
    this.logLength.set(documentId, rows.filter((r) => r.ref !== 'snapshot').length);
    return rows.map((r) => ({ ref: r.ref, data: r.data }));
  }

  /** Moves one stored piece out of the document into `document_quarantine`, with the reason. */
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

  append(documentId: string, update: Uint8Array, accountId: string | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ documentId, update, accountId, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    // Let the frames already read from sockets in this tick join the first batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length > 0) {
      await this.writeBatch(this.queue.splice(0, MAX_BATCH));
    }
    this.flushing = null;
  }

  /**
   * Writes a batch in one statement. When the rows are at fault (one names a document deleted
   * meanwhile, say), the halves are tried on their own until the bad row is found, so it fails
   * only its own append, never a thousand rooms. Any other failure (the database away) is retried
   * once for the whole batch, then fails it: splitting would only repeat the wait.
   */
  private async writeBatch(batch: PendingAppend[], retried = false): Promise<void> {
    try {
      await this.insert(batch);
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
    for (const p of batch) p.resolve();
    this.countAppends(batch);
  }

  /** One statement per batch: the rows, and the documents' "last edited" time (at most once a minute). */
  private async insert(batch: PendingAppend[]): Promise<void> {
    await this.dataSource.query(
      `WITH appended AS (
         INSERT INTO document_update (document_id, data, account_id)
         SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::uuid[])
         RETURNING document_id
       )
       UPDATE document SET updated_at = now()
       WHERE id IN (SELECT document_id FROM appended) AND updated_at < now() - interval '1 minute'`,
      [batch.map((p) => p.documentId), batch.map((p) => Buffer.from(p.update.buffer, p.update.byteOffset, p.update.byteLength)), batch.map((p) => p.accountId)],
    );
  }

  private countAppends(batch: PendingAppend[]): void {
    for (const p of batch) {
      const length = (this.logLength.get(p.documentId) ?? 0) + 1;
      this.logLength.set(p.documentId, length);
      if (length >= this.compactThreshold) this.compactInBackground(p.documentId);
    }
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  unloaded(documentId: string): void {
    if ((this.logLength.get(documentId) ?? 0) > 1) this.compactInBackground(documentId);
    else this.logLength.delete(documentId);
  }

  /** Waits for background compactions (tests and shutdown). */
  async settle(): Promise<void> {
    await this.drain();
    await Promise.all([...this.compacting.values()]);
  }

  private compactInBackground(documentId: string): void {
    if (this.compacting.has(documentId)) return;
    const run: Promise<void> = this.compact(documentId)
      .then(() => undefined)
      .catch((error) => this.logger.warn(`Compacting ${documentId} failed, will retry later: ${String(error)}`))
      .finally(() => this.compacting.delete(documentId));
    this.compacting.set(documentId, run);
  }

  /**
   * Merges the snapshot and every logged update into a new snapshot, then deletes exactly the
   * rows it merged: rows that commit meanwhile stay in the log, so nothing is lost.
   */
  async compact(documentId: string): Promise<{ merged: number }> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kinship:compact:' || $1))`, [documentId]);
      const snapshot: { state: Buffer }[] = await tx.query(`SELECT state FROM document_snapshot WHERE document_id = $1`, [documentId]);
      const updates: { id: string; data: Buffer }[] = await tx.query(`SELECT id, data FROM document_update WHERE document_id = $1 ORDER BY id`, [documentId]);
      if (updates.length === 0) return { merged: 0 };
      const doc = new Y.Doc({ gc: true });
      let state: Uint8Array;
      try {
        Y.transact(doc, () => {
          for (const s of snapshot) Y.applyUpdate(doc, s.state);
          for (const u of updates) Y.applyUpdate(doc, u.data);
        });
        state = Y.encodeStateAsUpdate(doc);
      } finally {
        doc.destroy();
      }
      await tx.query(
        `INSERT INTO document_snapshot (document_id, state, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (document_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [documentId, Buffer.from(state)],
      );
      await tx.query(`DELETE FROM document_update WHERE id = ANY($1::bigint[])`, [updates.map((u) => u.id)]);
      this.logLength.set(documentId, Math.max(0, (this.logLength.get(documentId) ?? 0) - updates.length));
      return { merged: updates.length };
    });
  }
}
