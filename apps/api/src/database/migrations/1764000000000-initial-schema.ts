import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE auth_session (
        token_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX auth_session_account_idx ON auth_session(account_id)`);
    await q.query(`
      CREATE TABLE workspace (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_by uuid NOT NULL REFERENCES account(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE membership (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('counselor', 'partner')),
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, account_id)
      )`);
    await q.query(`CREATE INDEX membership_account_idx ON membership(account_id)`);
    await q.query(`
      CREATE TABLE invite (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('partner')),
        token_hash text NOT NULL UNIQUE,
        created_by uuid NOT NULL REFERENCES account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES account(id)
      )`);
    await q.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('agreement', 'notes', 'counselor-notes')),
        title text NOT NULL,
        archived_at timestamptz,
        created_by uuid NOT NULL REFERENCES account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_workspace_idx ON document(workspace_id)`);
    await q.query(`
      CREATE TABLE document_update (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        data bytea NOT NULL,
        account_id uuid REFERENCES account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_update_document_idx ON document_update(document_id, id)`);
    await q.query(`
      CREATE TABLE document_snapshot (
        document_id uuid PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
        state bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['document_snapshot', 'document_update', 'document', 'invite', 'membership', 'workspace', 'auth_session', 'account']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
