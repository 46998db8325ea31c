import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions a person controls, and a second factor.
 * - auth_session gains a public id (listed and revoked by it; never the token or its hash), the
 *   device it was opened from (user agent) and a coarse address.
 * - account_totp: an account's TOTP secret, confirmed or still being set up, and the last time-step
 *   used, so a code works once.
 * - recovery_code: ten per confirmed enrolment, stored as SHA-256 (each holds 80 random bits).
 * - pending_login: a password that was right, waiting for its second factor; not a session.
 */
export class SessionControlAndTotp1768100000000 implements MigrationInterface {
  name = 'SessionControlAndTotp1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth_session ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`CREATE UNIQUE INDEX auth_session_id_idx ON auth_session(id)`);
    await q.query(`ALTER TABLE auth_session ADD COLUMN user_agent text CHECK (char_length(user_agent) <= 512)`);
    await q.query(`ALTER TABLE auth_session ADD COLUMN address text CHECK (char_length(address) <= 64)`);
    await q.query(`
      CREATE TABLE account_totp (
        account_id uuid PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        last_step bigint
      )`);
    await q.query(`
      CREATE TABLE recovery_code (
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (account_id, code_hash)
      )`);
    await q.query(`
      CREATE TABLE pending_login (
        token_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        user_agent text,
        address text,
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX pending_login_account_idx ON pending_login(account_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pending_login`);
    await q.query(`DROP TABLE recovery_code`);
    await q.query(`DROP TABLE account_totp`);
    await q.query(`ALTER TABLE auth_session DROP COLUMN address, DROP COLUMN user_agent, DROP COLUMN id`);
  }
}
