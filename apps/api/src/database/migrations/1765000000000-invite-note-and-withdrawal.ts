import { MigrationInterface, QueryRunner } from 'typeorm';

/** Invites get a note (whom the link is for) and can be withdrawn before they are used. */
export class InviteNoteAndWithdrawal1765000000000 implements MigrationInterface {
  name = 'InviteNoteAndWithdrawal1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invite ADD COLUMN note text CHECK (char_length(note) <= 80)`);
    await q.query(`ALTER TABLE invite ADD COLUMN revoked_at timestamptz`);
    // The counselor's list of pending invites, newest first.
    await q.query(`CREATE INDEX invite_workspace_pending_idx ON invite(workspace_id, created_at DESC) WHERE accepted_at IS NULL AND revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS invite_workspace_pending_idx`);
    await q.query(`ALTER TABLE invite DROP COLUMN revoked_at`);
    await q.query(`ALTER TABLE invite DROP COLUMN note`);
  }
}
