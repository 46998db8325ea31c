import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: one row per recipient, made when something happens to an agreement or a proposal
 * (opened, commented, accepted, declined, withdrawn, a version in force). `read_at` is the
 * recipient's own; nobody reads or marks another's.
 */
export class Notifications1767300000000 implements MigrationInterface {
  name = 'Notifications1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('proposal.opened', 'proposal.commented', 'proposal.accepted', 'proposal.declined', 'proposal.withdrawn', 'version.in-force')),
        actor_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        agreement_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        proposal_id uuid REFERENCES document(id) ON DELETE CASCADE,
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CHECK (recipient_id <> actor_id)
      )`);
    await q.query(`CREATE INDEX notification_recipient_idx ON notification(recipient_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notification_unread_idx ON notification(recipient_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
  }
}
