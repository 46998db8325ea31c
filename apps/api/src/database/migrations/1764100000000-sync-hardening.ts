import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - `document.revision` counts changes to a document's record, so an open room never takes an
 *   older view of it (archived, then a stale "not archived" read arriving late).
 * - `document_quarantine` keeps stored pieces of a document that could not be loaded safely
 *   (malformed, over the limits, or one Yjs throws on), moved out of the document for a person to
 *   look at instead of keeping the document shut or the process down.
 */
export class SyncHardening1764100000000 implements MigrationInterface {
  name = 'SyncHardening1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document ADD COLUMN revision bigint NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE document_quarantine (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('snapshot', 'update')),
        data bytea NOT NULL,
        account_id uuid REFERENCES account(id) ON DELETE SET NULL,
        stored_at timestamptz NOT NULL,
        reason text NOT NULL,
        quarantined_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_quarantine_document_idx ON document_quarantine(document_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS document_quarantine`);
    await q.query(`ALTER TABLE document DROP COLUMN IF EXISTS revision`);
  }
}
