import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts revealed together (issue 26, item 5):
 * - `reveal_prompt`: a prompt the counselor opened in a workspace (its text sealed, ContentCipher),
 *   open, withdrawn or revealed.
 * - `reveal_draft`: one partner's draft for a prompt: a `document` of kind 'draft' made for them
 *   (its author is the document's `created_by`), and whether they marked it done.
 * Writing or marking done touches these rows and the draft's own document only: no audit entry, no
 * activity row, no notification.
 */
export class Reveals1769600000000 implements MigrationInterface {
  name = 'Reveals1769600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document DROP CONSTRAINT IF EXISTS document_kind_check`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN ('agreement', 'notes', 'dialogue', 'counselor-notes', 'proposal', 'draft'))`);
    await q.query(`
      CREATE TABLE reveal_prompt (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        text text NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'withdrawn', 'revealed')),
        opened_by uuid REFERENCES account(id) ON DELETE SET NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX reveal_prompt_workspace ON reveal_prompt (workspace_id, opened_at DESC)`);
    await q.query(`
      CREATE TABLE reveal_draft (
        prompt_id uuid NOT NULL REFERENCES reveal_prompt(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        document_id uuid NOT NULL UNIQUE REFERENCES document(id) ON DELETE CASCADE,
        done_at timestamptz,
        PRIMARY KEY (prompt_id, account_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reveal_draft`);
    await q.query(`DROP TABLE reveal_prompt`);
    await q.query(`DELETE FROM document WHERE kind = 'draft'`);
    await q.query(`ALTER TABLE document DROP CONSTRAINT IF EXISTS document_kind_check`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN ('agreement', 'notes', 'dialogue', 'counselor-notes', 'proposal'))`);
  }
}
