import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document's history, read from checkpoints instead of replayed from its first update on every
 * request (issue 21):
 * - `document_history_edit`: each edit once it can no longer grow (its rows, author, time, words
 *   added and removed, and the start of what it added, sealed like the document's content).
 * - `document_history_checkpoint`: the document (every struct kept, deleted ones too) right after
 *   an edit, sealed; reading an edit replays the rows after the checkpoint before it, never more.
 * Both are derived from `document_update` and filled as history is read. A stored update that is
 * deleted (moved to quarantine, say) takes the edits and checkpoints from it on with it, so what
 * is derived is never older than what it was derived from; they are made again on the next read.
 */
export class HistoryCheckpoints1768800000000 implements MigrationInterface {
  name = 'HistoryCheckpoints1768800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_history_edit (
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        id bigint NOT NULL,
        first_id bigint NOT NULL,
        account_id uuid REFERENCES account(id) ON DELETE SET NULL,
        from_at timestamptz NOT NULL,
        to_at timestamptz NOT NULL,
        updates int NOT NULL,
        words_added int NOT NULL,
        words_removed int NOT NULL,
        snippet text NOT NULL,
        PRIMARY KEY (document_id, id)
      )`);
    await q.query(`
      CREATE TABLE document_history_checkpoint (
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        through_id bigint NOT NULL,
        state bytea NOT NULL,
        PRIMARY KEY (document_id, through_id)
      )`);
    await q.query(`
      CREATE FUNCTION document_history_forget() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM document_history_edit e USING (SELECT document_id, min(id) AS id FROM gone GROUP BY document_id) g
         WHERE e.document_id = g.document_id AND e.id >= g.id;
        DELETE FROM document_history_checkpoint c USING (SELECT document_id, min(id) AS id FROM gone GROUP BY document_id) g
         WHERE c.document_id = g.document_id AND c.through_id >= g.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER document_update_forget_history AFTER DELETE ON document_update
      REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION document_history_forget()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS document_update_forget_history ON document_update`);
    await q.query(`DROP FUNCTION IF EXISTS document_history_forget()`);
    await q.query(`DROP TABLE IF EXISTS document_history_checkpoint`);
    await q.query(`DROP TABLE IF EXISTS document_history_edit`);
  }
}
