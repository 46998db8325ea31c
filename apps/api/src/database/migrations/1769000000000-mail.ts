import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = [
  'login', 'login-failed', 'logout', 'document-read', 'document-edited', 'document-created', 'document-renamed', 'document-archived',
  'document-restored', 'invite-created', 'invite-withdrawn', 'invite-accepted', 'membership-added', 'membership-removed',
  'password-changed', 'two-step-on', 'two-step-off', 'records-exported', 'workspace-exported', 'session-timed-out',
  'recovery-codes-made', 'password-reset', 'recovery-link-issued', 'recovery-link-withdrawn', 'recovery-link-used',
];
const KINDS_NOW = [...KINDS_BEFORE, 'password-reset-requested', 'password-reset-link-used'];

const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/**
 * Mail, when a practice configures SMTP_URL (issue 25, items 2 and 3):
 * - `password_reset_link`: a one-time link mailed to an account's address by "Forgot password?";
 *   only the SHA-256 of its token is kept.
 * - `notice_mail`: whether a person wants a short mail that says only "something is waiting"
 *   (a row with `enabled` true; none: off, the default), and when the last one left.
 * The audit trail's kind CHECK gains `password-reset-requested` and `password-reset-link-used`.
 */
export class Mail1769000000000 implements MigrationInterface {
  name = 'Mail1769000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_reset_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX password_reset_link_account_idx ON password_reset_link(account_id) WHERE used_at IS NULL`);
    await q.query(`
      CREATE TABLE notice_mail (
        account_id uuid PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT false,
        changed_at timestamptz NOT NULL DEFAULT now(),
        last_sent_at timestamptz
      )`);
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_NOW)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_BEFORE)}`);
    await q.query(`DROP TABLE notice_mail`);
    await q.query(`DROP TABLE password_reset_link`);
  }
}
