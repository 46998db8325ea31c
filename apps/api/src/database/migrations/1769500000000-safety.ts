import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The safety channel with the counselor (issue 26, item 4):
 * - `safety_settings`: the counselor's safety questions with their risk marks, and the practice's
 *   safety resources (clear: both partners read them). No row: our neutral defaults.
 * - `safety_answer`: one partner's answers at one moment, sealed (the values and which were a risk).
 * - `safety_message`: a partner's thread with the counselor, each message sealed.
 * - `safety_alert`: what waits for the counselor (a risk answer, a partner's message) until seen.
 * - `joint_work_pause`: a row while the counselor has paused the workspace's joint work; their
 *   private note sealed.
 * Nothing else is written when a partner answers or writes: no notification, no audit entry, no activity row.
 */
export class Safety1769500000000 implements MigrationInterface {
  name = 'Safety1769500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE safety_settings (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        questions jsonb NOT NULL,
        resources text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE safety_answer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        answers text NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX safety_answer_by_account ON safety_answer (workspace_id, account_id, answered_at DESC)`);
    await q.query(`
      CREATE TABLE safety_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        from_counselor boolean NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX safety_message_by_thread ON safety_message (workspace_id, partner_id, created_at)`);
    await q.query(`
      CREATE TABLE safety_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('risk-answer', 'message')),
        answer_id uuid REFERENCES safety_answer(id) ON DELETE CASCADE,
        message_id uuid REFERENCES safety_message(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz
      )`);
    await q.query(`CREATE INDEX safety_alert_by_workspace ON safety_alert (workspace_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE joint_work_pause (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        paused_by uuid REFERENCES account(id) ON DELETE SET NULL,
        note text,
        paused_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE joint_work_pause`);
    await q.query(`DROP TABLE safety_alert`);
    await q.query(`DROP TABLE safety_message`);
    await q.query(`DROP TABLE safety_answer`);
    await q.query(`DROP TABLE safety_settings`);
  }
}
