import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = [
  'login', 'login-failed', 'logout', 'document-read', 'document-edited', 'document-created', 'document-renamed', 'document-archived',
  'document-restored', 'invite-created', 'invite-withdrawn', 'invite-accepted', 'membership-added', 'membership-removed',
  'password-changed', 'two-step-on', 'two-step-off', 'records-exported', 'workspace-exported', 'session-timed-out',
];
const KINDS_NOW = [...KINDS_BEFORE, 'recovery-codes-made', 'password-reset', 'recovery-link-issued', 'recovery-link-withdrawn', 'recovery-link-used'];

const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/**
 * A way back for a person who forgot their password (issue 25, items 1 and 4):
 * - `recovery_code` serves everyone, not only two-step sign-in. New codes are argon2id hashes,
 *   found by `hint` (the code's first four characters: 20 of its 80 bits) so a code costs one
 *   hash to check; rows from before (SHA-256, no hint) keep working until they are used or replaced.
 *   `made_at` says when the set was made.
 * - `account_totp.app_code_required`: a recovery code set a new password, so the next two-step
 *   sign-in takes a code from the app, not another recovery code (the sheet alone never opens an
 *   account that has two-step sign-in on).
 * - `recovery_link`: a counselor's one-time link for a partner to set a new password; only the
 *   SHA-256 of its token is kept.
 * The audit trail's kind CHECK gains the new kinds; no entry is touched, so the chain is as it was.
 */
export class Recovery1768900000000 implements MigrationInterface {
  name = 'Recovery1768900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recovery_code ADD COLUMN hint text, ADD COLUMN made_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE account_totp ADD COLUMN app_code_required boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE recovery_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_by uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        withdrawn_at timestamptz
      )`);
    await q.query(`CREATE INDEX recovery_link_workspace_idx ON recovery_link(workspace_id) WHERE used_at IS NULL AND withdrawn_at IS NULL`);
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_NOW)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_BEFORE)}`);
    await q.query(`DROP TABLE recovery_link`);
    await q.query(`ALTER TABLE account_totp DROP COLUMN app_code_required`);
    await q.query(`ALTER TABLE recovery_code DROP COLUMN made_at, DROP COLUMN hint`);
  }
}
