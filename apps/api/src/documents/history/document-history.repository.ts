import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KeptUpdate, ReplayedEdit } from './document-replay';
import { ContentCipher, contexts } from '../../encryption/content-cipher';

/** Stored pieces opened at a time before the event loop takes its turn (a page of rows is thousands). */
const OPEN_AT_ONCE = 250;

/** Where the rows after a document's recorded edits stand: the newest, those that may be recorded, and the database's clock. */
export interface Horizon {
  /** The newest row's id ('0' when there is none after the recorded edits). */
  newest: string;
  /** Edits ending at or before this row may be recorded: it is old enough, or enough rows came after it. */
  settled: string;
  /** The database's time now (ms). */
  now: number;
}

interface EditRow {
  id: string;
  first_id: string;
  account_id: string | null;
  from_at: Date;
  to_at: Date;
  updates: number;
  words_added: number;
  words_removed: number;
  snippet: string;
}

/**
 * Reads a document's kept updates, its client owners and the names of its authors; records the
 * edits made of them and checkpoints of the document along them (`document_history_edit`,
 * `document_history_checkpoint`, sealed like the document's content).
 */
@Injectable()
export class DocumentHistoryRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  /** The state history begins from: a snapshot made before updates were kept, if any. */
  async base(documentId: string): Promise<{ state: Buffer; takenAt: Date } | null> {
    const rows: { state: Buffer; taken_at: Date }[] = await this.dataSource.query(
      `SELECT state, taken_at FROM document_history_base WHERE document_id = $1`,
      [documentId],
    );
    if (!rows[0]) return null;
    const [state] = await this.cipher.openDocument(documentId, [rows[0].state]);
    return { state: state!, takenAt: rows[0].taken_at };
  }

  /** When that snapshot was taken (null: history begins with the document). */
  async beginsAt(documentId: string): Promise<Date | null> {
    const rows: { taken_at: Date }[] = await this.dataSource.query(`SELECT taken_at FROM document_history_base WHERE document_id = $1`, [documentId]);
    return rows[0]?.taken_at ?? null;
  }

  /** The id of the document's newest kept update ('0' when none). */
  async lastUpdateId(documentId: string): Promise<string> {
    const rows: { id: string | null }[] = await this.dataSource.query(`SELECT max(id)::text AS id FROM document_update WHERE document_id = $1`, [documentId]);
    return rows[0]?.id ?? '0';
  }

  /** The last row of the document's last recorded edit ('0' when none is). */
  async recordedThrough(documentId: string): Promise<string> {
    const rows: { id: string | null }[] = await this.dataSource.query(`SELECT max(id)::text AS id FROM document_history_edit WHERE document_id = $1`, [documentId]);
    return rows[0]?.id ?? '0';
  }

  /**
   * The rows after `after`: the newest, and the last that may be recorded. A row is settled once
   * it is `settleMs` old, or once `tailRows` rows or `tailBytes` bytes came after it: by then no
   * row before it is still being committed, so an edit recorded through it never misses one.
   */
  async horizon(documentId: string, after: string, settle: { ms: number; rows: number; bytes: number }): Promise<Horizon> {
    const rows: { newest: string | null; settled: string | null; now: number }[] = await this.dataSource.query(
      `SELECT max(id)::text AS newest,
              max(id) FILTER (WHERE created_at < now() - make_interval(secs => $3::float8 / 1000) OR behind > $4 OR bytes_behind > $5)::text AS settled,
              (extract(epoch FROM now()) * 1000)::float8 AS now
         FROM (SELECT id, created_at, row_number() OVER (ORDER BY id DESC) - 1 AS behind,
                      coalesce(sum(octet_length(data)) OVER (ORDER BY id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS bytes_behind
                 FROM document_update WHERE document_id = $1 AND id > $2::bigint) r`,
      [documentId, after, settle.ms, settle.rows, settle.bytes],
    );
    const row = rows[0]!;
    return { newest: row.newest ?? '0', settled: row.settled ?? '0', now: Number(row.now) };
  }

  /**
   * The document's rows after `after` and up to `through`, in order, opened: at most `maxRows` of
   * them, and no more once `maxBytes` are read (one row at least). In order of `r.id`, the bigint:
   * a bare `id` there would be the text the row is selected as, and "10000" sorts before "9999".
   */
  async rows(documentId: string, after: string, through: string, maxRows: number, maxBytes: number): Promise<KeptUpdate[]> {
    const rows: { id: string; data: Buffer; account_id: string | null; created_at: Date }[] = await this.dataSource.query(
      `SELECT id::text AS id, data, account_id, created_at FROM (
         SELECT page.*, sum(octet_length(data)) OVER (ORDER BY id) - octet_length(data) AS bytes_before FROM (
           SELECT id, data, account_id, created_at FROM document_update
            WHERE document_id = $1 AND id > $2::bigint AND id <= $3::bigint ORDER BY id LIMIT $4
         ) page
       ) r WHERE bytes_before < $5 ORDER BY r.id`,
      [documentId, after, through, maxRows, maxBytes],
    );
    const opened = await this.open(
      documentId,
      rows.map((r) => r.data),
    );
    return rows.map((r, i) => ({ id: r.id, data: opened[i]!, accountId: r.account_id, at: r.created_at }));
  }

  /** Pieces opened a slice at a time, the event loop taking its turn between slices. */
  private async open(documentId: string, pieces: Buffer[]): Promise<Buffer[]> {
    const out: Buffer[] = [];
    for (let i = 0; i < pieces.length; i += OPEN_AT_ONCE) {
      if (i > 0) await nextTurn();
      out.push(...(await this.cipher.openDocument(documentId, pieces.slice(i, i + OPEN_AT_ONCE))));
    }
    return out;
  }

  /**
   * The newest checkpoint before row `beforeId` (all of them when not given). Ordered by the
   * table's bigint (`c.through_id`), not the text it is selected as: see rows().
   */
  async checkpoint(documentId: string, beforeId?: string): Promise<{ throughId: string; state: Buffer } | null> {
    const rows: { through_id: string; state: Buffer }[] = await this.dataSource.query(
      `SELECT c.through_id::text, c.state FROM document_history_checkpoint c
        WHERE c.document_id = $1 AND ($2::bigint IS NULL OR c.through_id < $2::bigint) ORDER BY c.through_id DESC LIMIT 1`,
      [documentId, beforeId ?? null],
    );
    if (!rows[0]) return null;
    const [state] = await this.cipher.openDocument(documentId, [rows[0].state]);
    return { throughId: rows[0].through_id, state: state! };
  }

  /**
   * Records edits that can no longer change and a checkpoint, in one transaction. Another process
   * may record the same ones at once: they are made the same way from the same rows, so the first wins.
   */
  async record(documentId: string, edits: ReplayedEdit[], checkpoint: { throughId: string; state: Uint8Array } | null): Promise<void> {
    if (edits.length === 0 && !checkpoint) return;
    const workspaceId = await this.cipher.workspaceOf(documentId);
    const snippets: string[] = [];
    for (const e of edits) snippets.push(await this.cipher.encryptText(workspaceId, e.snippet, contexts.historySnippet(documentId, e.id)));
    const state = checkpoint ? await this.cipher.sealDocument(documentId, checkpoint.state) : null;
    await this.dataSource.transaction(async (tx) => {
      if (edits.length > 0) {
        await tx.query(
          `INSERT INTO document_history_edit (document_id, id, first_id, account_id, from_at, to_at, updates, words_added, words_removed, snippet)
           SELECT $1, e.* FROM unnest($2::bigint[], $3::bigint[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::int[], $9::int[], $10::text[]) AS e
           ON CONFLICT DO NOTHING`,
          [
            documentId,
            edits.map((e) => e.id),
            edits.map((e) => e.firstId),
            edits.map((e) => e.authorId),
            edits.map((e) => e.from),
            edits.map((e) => e.to),
            edits.map((e) => e.updates),
            edits.map((e) => e.wordsAdded),
            edits.map((e) => e.wordsRemoved),
            snippets,
          ],
        );
      }
      if (checkpoint) {
        await tx.query(`INSERT INTO document_history_checkpoint (document_id, through_id, state) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          documentId,
          checkpoint.throughId,
          state,
        ]);
      }
    });
  }

  /** Recorded edits before `before` (all when null), newest first (by the bigint `e.id`: see rows()), at most `limit`. */
  async edits(documentId: string, before: string | null, limit: number): Promise<ReplayedEdit[]> {
    const rows: EditRow[] = await this.dataSource.query(
      `SELECT e.id::text, e.first_id::text, e.account_id, e.from_at, e.to_at, e.updates, e.words_added, e.words_removed, e.snippet FROM document_history_edit e
        WHERE e.document_id = $1 AND ($2::bigint IS NULL OR e.id < $2::bigint) ORDER BY e.id DESC LIMIT $3`,
      [documentId, before, limit],
    );
    return this.openEdits(documentId, rows);
  }

  /** One recorded edit, by the id of its last row. */
  async edit(documentId: string, id: string): Promise<ReplayedEdit | null> {
    const rows: EditRow[] = await this.dataSource.query(
      `SELECT id::text, first_id::text, account_id, from_at, to_at, updates, words_added, words_removed, snippet FROM document_history_edit
        WHERE document_id = $1 AND id = $2::bigint`,
      [documentId, id],
    );
    return (await this.openEdits(documentId, rows))[0] ?? null;
  }

  private async openEdits(documentId: string, rows: EditRow[]): Promise<ReplayedEdit[]> {
    if (rows.length === 0) return [];
    const workspaceId = await this.cipher.workspaceOf(documentId);
    const edits: ReplayedEdit[] = [];
    for (const r of rows) {
      edits.push({
        id: r.id,
        firstId: r.first_id,
        authorId: r.account_id,
        from: new Date(r.from_at).toISOString(),
        to: new Date(r.to_at).toISOString(),
        updates: r.updates,
        wordsAdded: r.words_added,
        wordsRemoved: r.words_removed,
        snippet: await this.cipher.decryptText(workspaceId, r.snippet, contexts.historySnippet(documentId, r.id)),
      });
    }
    return edits;
  }

  /** The document as loads read it: the snapshot, then the updates not merged into it. One statement. */
  async currentPieces(documentId: string): Promise<Buffer[]> {
    const rows: { data: Buffer }[] = await this.dataSource.query(
      `SELECT state AS data, 0 AS part, 0::bigint AS id FROM document_snapshot WHERE document_id = $1
       UNION ALL
       SELECT data, 1, id FROM document_update WHERE document_id = $1 AND NOT in_snapshot
       ORDER BY part, id`,
      [documentId],
    );
    return this.open(
      documentId,
      rows.map((r) => r.data),
    );
  }

  async clientOwners(documentId: string): Promise<Map<number, string | null>> {
    const rows: { client_id: string; account_id: string | null }[] = await this.dataSource.query(
      `SELECT client_id, account_id FROM document_client WHERE document_id = $1`,
      [documentId],
    );
    return new Map(rows.map((r) => [Number(r.client_id), r.account_id]));
  }

  /** Display names of these accounts (deleted ones are left out). */
  async names(accountIds: string[]): Promise<{ id: string; name: string }[]> {
    if (accountIds.length === 0) return [];
    return this.dataSource.query(`SELECT id, display_name AS name FROM account WHERE id = ANY($1::uuid[]) ORDER BY display_name`, [accountIds]);
  }
}
