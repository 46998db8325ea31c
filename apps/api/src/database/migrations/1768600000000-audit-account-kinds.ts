import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = [
  'login', 'login-failed', 'logout', 'document-read', 'document-edited', 'document-created', 'document-renamed', 'document-archived',
  'document-restored', 'invite-created', 'invite-withdrawn', 'invite-accepted', 'membership-added', 'membership-removed',
];
const KINDS_NOW = [...KINDS_BEFORE, 'password-changed', 'two-step-on', 'two-step-off', 'records-exported', 'workspace-exported'];

const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/**
 * The audit trail records what a person does to their own account's safety (a password changed,
 * two-step sign-in turned on or off) and exports (one's records, the counselor's whole workspace).
 * Only the kind's CHECK changes: no row is touched, so the chain is as it was.
 */
export class AuditAccountKinds1768600000000 implements MigrationInterface {
  name = 'AuditAccountKinds1768600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_NOW)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_kind_check, ADD CONSTRAINT audit_entry_kind_check ${kindCheck(KINDS_BEFORE)}`);
  }
}
