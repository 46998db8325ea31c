import { MigrationInterface, QueryRunner } from 'typeorm';
import * as Y from 'yjs';

/**
 * History and authorship for every document.
 * - `document_update.in_snapshot`: compaction no longer deletes the rows it merges; it marks them,
 *   so every update (its author, its time) is kept for history while loads read the snapshot and
 *   the rows not in it (a partial index keeps that read as cheap as before).
 * - `document_history_base`: a snapshot made before this migration merged rows that are gone; it
 *   is kept as the state history begins from.
 * - `document_client`: which account brought each Yjs client id into a document (the first update
 *   carrying it). Nobody may write under another account's client id; authorship reads it.
 *   Filled here from the rows kept so far (first row carrying a client id wins).
 * - `document_activity`: renames, archives and restores (who, when, old and new title).
 */
export class DocumentHistory1767000000000 implements MigrationInterface {
  name = 'DocumentHistory1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_update ADD COLUMN in_snapshot boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX document_update_unmerged_idx ON document_update(document_id, id) WHERE NOT in_snapshot`);
    await q.query(`
      CREATE TABLE document_history_base (
        document_id uuid PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
        state bytea NOT NULL,
        taken_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO document_history_base (document_id, state, taken_at) SELECT document_id, state, updated_at FROM document_snapshot`);
    await q.query(`
      CREATE TABLE document_client (
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        account_id uuid REFERENCES account(id) ON DELETE SET NULL,
        PRIMARY KEY (document_id, client_id)
      )`);
    await q.query(`
      CREATE TABLE document_activity (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        account_id uuid REFERENCES account(id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('renamed', 'archived', 'restored')),
        old_title text,
        new_title text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_activity_document_idx ON document_activity(document_id, id)`);
    await this.fillClients(q);
  }

  /** Owners of the client ids in the rows kept so far, a thousand rows at a time. */
  private async fillClients(q: QueryRunner): Promise<void> {
    let after = '0';
    for (;;) {
      const rows: { id: string; document_id: string; data: Buffer; account_id: string | null }[] = await q.query(
        `SELECT id, document_id, data, account_id FROM document_update WHERE id > $1 AND account_id IS NOT NULL ORDER BY id LIMIT 1000`,
        [after],
      );
      if (rows.length === 0) return;
      const documents: string[] = [];
      const clients: number[] = [];
      const accounts: string[] = [];
      for (const row of rows) {
        let structs: { id: { client: number } }[];
        try {
          structs = Y.decodeUpdate(row.data).structs;
        } catch {
          continue; // a malformed row is the loader's to quarantine
        }
        for (const client of new Set(structs.map((s) => s.id.client))) {
          documents.push(row.document_id);
          clients.push(client);
          accounts.push(row.account_id!);
        }
      }
      if (documents.length > 0) {
        await q.query(
          `INSERT INTO document_client (document_id, client_id, account_id)
           SELECT DISTINCT ON (d, c) d, c, a FROM unnest($1::uuid[], $2::bigint[], $3::uuid[]) WITH ORDINALITY AS t(d, c, a, n)
           ORDER BY d, c, n
           ON CONFLICT DO NOTHING`,
          [documents, clients, accounts],
        );
      }
      after = rows[rows.length - 1]!.id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS document_activity`);
    await q.query(`DROP TABLE IF EXISTS document_client`);
    await q.query(`DROP TABLE IF EXISTS document_history_base`);
    await q.query(`DELETE FROM document_update WHERE in_snapshot`);
    await q.query(`DROP INDEX IF EXISTS document_update_unmerged_idx`);
    await q.query(`ALTER TABLE document_update DROP COLUMN IF EXISTS in_snapshot`);
  }
}
