import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Guided repair (issue 26, item 6): a workspace's repairs (`repair`: kind, status and step in the
 * clear for listing, the whole flow's state sealed as one value), at most one open at a time; each
 * partner's apology draft (`repair_apology_draft`, sealed, theirs alone); and whether the counselor
 * has unlocked betrayal repair for the workspace (`repair_setting`).
 */
export class Repairs1769700000000 implements MigrationInterface {
  name = 'Repairs1769700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE repair (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('incident', 'betrayal')),
        status text NOT NULL CHECK (status IN ('open', 'done', 'closed')),
        step text NOT NULL CHECK (step IN ('calm', 'feelings', 'views', 'triggers', 'owns', 'differently', 'done')),
        state text NOT NULL,
        version int NOT NULL DEFAULT 1,
        started_by uuid NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX repair_workspace_idx ON repair(workspace_id, started_at)`);
    await q.query(`CREATE UNIQUE INDEX repair_one_open_idx ON repair(workspace_id) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE repair_apology_draft (
        repair_id uuid NOT NULL REFERENCES repair(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        draft text NOT NULL,
        PRIMARY KEY (repair_id, account_id)
      )`);
    await q.query(`
      CREATE TABLE repair_setting (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        betrayal_unlocked boolean NOT NULL,
        set_by uuid NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE repair_setting`);
    await q.query(`DROP TABLE repair_apology_draft`);
    await q.query(`DROP TABLE repair`);
  }
}
