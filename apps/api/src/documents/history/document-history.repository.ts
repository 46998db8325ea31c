import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KeptUpdate } from './document-replay';
import { ContentCipher } from '../../encryption/content-cipher';

/** Reads a document's kept updates, its client owners and the names of its authors. */
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

  /** Every kept update of the document, in order, up to `throughId` when given. */
  async updates(documentId: string, throughId?: string): Promise<KeptUpdate[]> {
    const rows: { id: string; data: Buffer; account_id: string | null; created_at: Date }[] = await this.dataSource.query(
      `SELECT id::text AS id, data, account_id, created_at FROM document_update
        WHERE document_id = $1 AND ($2::bigint IS NULL OR id <= $2::bigint) ORDER BY id`,
      [documentId, throughId ?? null],
    );
    const opened = await this.cipher.openDocument(documentId, rows.map((r) => r.data));
    return rows.map((r, i) => ({ id: r.id, data: opened[i]!, accountId: r.account_id, at: r.created_at }));
  }

  /** The id of the document's newest kept update ('0' when none). */
  async lastUpdateId(documentId: string): Promise<string> {
    const rows: { id: string | null }[] = await this.dataSource.query(`SELECT max(id)::text AS id FROM document_update WHERE document_id = $1`, [documentId]);
    return rows[0]?.id ?? '0';
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
    return this.cipher.openDocument(documentId, rows.map((r) => r.data));
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
