import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = [
  'login', 'login-failed', 'logout', 'document-read', 'document-edited', 'document-created', 'document-renamed', 'document-archived',
  'document-restored', 'invite-created', 'invite-withdrawn', 'invite-accepted', 'membership-added', 'membership-removed',
  'password-changed', 'two-step-on', 'two-step-off', 'records-exported', 'workspace-exported',
];
const KINDS_NOW = [...KINDS_BEFORE, 'session-timed-out'];

const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/**
 * Sessions that end because time ran out (idle, or at their absolute end) are recorded in the audit
 * trail too: `auth_session` gains `timed_out_at`, set once by the sweep that records the end, so
 * each is recorded once whichever process sweeps. The trail's kind CHECK gains the kind; no entry
 * is touched, so the chain is as it was.
 */
export class SessionTimedOut1768700000000 implements MigrationInterface {
  name = 'SessionTimedOut1768700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_NOW)}`);
    await q.query(`ALTER TABLE auth_session ADD COLUMN timed_out_at timestamptz`);
    await q.query(`CREATE INDEX auth_session_running_idx ON auth_session(last_seen_at) WHERE revoked_at IS NULL AND timed_out_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth_session DROP COLUMN timed_out_at`);
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_BEFORE)}`);
  }
}
