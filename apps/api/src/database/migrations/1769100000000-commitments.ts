import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commitments (issue 26, item 1): a partner's commitments on items of an agreement in force
 * (`commitment`, its words sealed), one check-in per commitment and period (`commitment_check_in`,
 * its note sealed), and each workspace's rhythm (`commitment_rhythm`; none: weekly).
 */
export class Commitments1769100000000 implements MigrationInterface {
  name = 'Commitments1769100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE commitment (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        agreement_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        item_id text NOT NULL,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        text text NOT NULL,
        version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        retired_reason text CHECK (retired_reason IN ('by-owner', 'item-gone', 'item-retired', 'item-no-longer-binds')),
        retired_in_version int,
        CHECK ((retired_at IS NULL) = (retired_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX commitment_workspace_idx ON commitment(workspace_id, created_at)`);
    await q.query(`
      CREATE TABLE commitment_check_in (
        id uuid PRIMARY KEY,
        commitment_id uuid NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
        period date NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('kept', 'partly', 'not-this-time')),
        note text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (commitment_id, period)
      )`);
    await q.query(`
      CREATE TABLE commitment_rhythm (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        rhythm text NOT NULL CHECK (rhythm IN ('daily', 'weekly')),
        set_by uuid NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE commitment_rhythm`);
    await q.query(`DROP TABLE commitment_check_in`);
    await q.query(`DROP TABLE commitment`);
  }
}
