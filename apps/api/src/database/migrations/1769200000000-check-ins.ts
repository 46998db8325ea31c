import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Check-ins that leave no trace (issue 26, item 2):
 * - `check_in`: a workspace's check-in, set by the counselor: its questions (clear: both partners
 *   read them) and the weekday its week starts on, one schedule for both partners.
 * - `check_in_answer`: one partner's answers for one week, sealed (ContentCipher) like other private text.
 * - `check_in_share`: an answer a partner chose to share with the other partner.
 * Nothing else is written when a partner answers: no notification, no audit entry, no activity row.
 */
export class CheckIns1769200000000 implements MigrationInterface {
  name = 'CheckIns1769200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE check_in (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        questions jsonb NOT NULL,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE check_in_answer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        period_starts date NOT NULL,
        answers text NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, account_id, period_starts)
      )`);
    await q.query(`
      CREATE TABLE check_in_share (
        answer_id uuid NOT NULL REFERENCES check_in_answer(id) ON DELETE CASCADE,
        question_id text NOT NULL,
        shared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (answer_id, question_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE check_in_share`);
    await q.query(`DROP TABLE check_in_answer`);
    await q.query(`DROP TABLE check_in`);
  }
}
