import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: `audit_entry`, append-only. Each row carries the SHA-256 of its own fields and
 * of the row before (`prev_hash`, `hash`): one chain per deployment, appended under an advisory
 * lock so two writers never fork it, and walked by `npm run audit:check -w api`. A trigger refuses
 * every UPDATE, DELETE and TRUNCATE. Ids are not foreign keys: a row outlives what it names (an
 * account, a document), and a cascading delete would break the chain.
 */
export class AuditTrail1768000000000 implements MigrationInterface {
  name = 'AuditTrail1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entry (
        id bigint PRIMARY KEY CHECK (id >= 1),
        at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('login', 'login-failed', 'logout', 'document-read', 'document-edited', 'document-created',
          'document-renamed', 'document-archived', 'document-restored', 'invite-created', 'invite-withdrawn', 'invite-accepted',
          'membership-added', 'membership-removed')),
        account_id uuid,
        email text CHECK (char_length(email) <= 320),
        workspace_id uuid,
        document_id uuid,
        invite_id uuid,
        subject_id uuid,
        ip text CHECK (char_length(ip) <= 100),
        device text CHECK (char_length(device) <= 512),
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX audit_entry_workspace_idx ON audit_entry(workspace_id, id DESC) WHERE workspace_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_entry_account_idx ON audit_entry(account_id, id DESC) WHERE account_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_entry_failed_email_idx ON audit_entry(lower(email), id DESC) WHERE kind = 'login-failed'`);
    await q.query(`CREATE INDEX audit_entry_document_idx ON audit_entry(document_id, account_id, kind, at DESC) WHERE document_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % is refused', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION IF EXISTS audit_entry_append_only()`);
  }
}
