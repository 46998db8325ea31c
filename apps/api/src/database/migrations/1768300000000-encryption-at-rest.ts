import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Encryption at rest (apps/api/src/encryption/).
 * - `workspace_key`: each workspace's data keys (AES-256), wrapped by the key-encryption key from
 *   the environment, named by its fingerprint (`kek_id`). The highest `key_id` seals new values;
 *   older ones still open what they sealed. Deleting a workspace deletes its keys.
 * - `encryption_check`: a known value sealed under each key-encryption key in use, checked at
 *   boot, so a wrong key refuses to start instead of failing on the first document.
 * - `content_sealing`: which kinds of rows kept before encryption have been sealed (once, at boot).
 */
export class EncryptionAtRest1768300000000 implements MigrationInterface {
  name = 'EncryptionAtRest1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspace_key (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        key_id int NOT NULL CHECK (key_id >= 1),
        kek_id text NOT NULL,
        wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, key_id)
      )`);
    await q.query(`
      CREATE TABLE encryption_check (
        kek_id text PRIMARY KEY,
        check_value bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Encrypted text is longer than what was typed (the inputs keep their limits in the request schemas).
    for (const [table, check] of [
      ['live_session_mirror', 'live_session_mirror_text_check'],
      ['live_session_mirror', 'live_session_mirror_clarification_check'],
      ['live_session_observation', 'live_session_observation_text_check'],
      ['proposal_comment', 'proposal_comment_text_check'],
      ['live_session', 'live_session_summary_check'],
      ['live_session_time_out', 'live_session_time_out_answer_check'],
      ['proposal_decision', 'proposal_decision_reason_check'],
      ['agreement_proposal', 'agreement_proposal_closed_reason_check'],
    ]) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${check}`);
    }
    await q.query(`
      CREATE TABLE content_sealing (
        name text PRIMARY KEY,
        sealed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS content_sealing`);
    await q.query(`DROP TABLE IF EXISTS encryption_check`);
    await q.query(`DROP TABLE IF EXISTS workspace_key`);
  }
}
