import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live counseling sessions.
 * - `live_session`: one row per session; its current state (locks, pause, floor, timer, time-outs,
 *   participants) as jsonb, so an API restart loses nothing. `version` comes from one sequence and
 *   grows with every change, across sessions, so a process can tell the newest word on a
 *   workspace's session from an older one. At most one live session per workspace.
 * - The record, as rows of their own: participants, floor turns and their mirrors, time-outs and
 *   the documents changed during the session. The counselor's private observations are kept apart
 *   in `live_session_observation`, read only on the counselor's path.
 * - A `dialogue` document kind, made by a session for the floor.
 */
export class LiveSessions1766000000000 implements MigrationInterface {
  name = 'LiveSessions1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document DROP CONSTRAINT IF EXISTS document_kind_check`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN ('agreement', 'notes', 'dialogue', 'counselor-notes'))`);
    await q.query(`CREATE SEQUENCE live_session_version_seq`);
    await q.query(`
      CREATE TABLE live_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        started_by uuid NOT NULL REFERENCES account(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        dialogue_document_id uuid NOT NULL REFERENCES document(id),
        state jsonb NOT NULL,
        version bigint NOT NULL DEFAULT nextval('live_session_version_seq'),
        summary text CHECK (char_length(summary) <= 10000),
        summary_updated_at timestamptz
      )`);
    // One live session per workspace at a time.
    await q.query(`CREATE UNIQUE INDEX live_session_one_live_idx ON live_session(workspace_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX live_session_workspace_idx ON live_session(workspace_id, version DESC)`);
    await q.query(`
      CREATE TABLE live_session_participant (
        session_id uuid NOT NULL REFERENCES live_session(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('counselor', 'partner')),
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, account_id)
      )`);
    await q.query(`CREATE INDEX live_session_participant_account_idx ON live_session_participant(account_id)`);
    await q.query(`
      CREATE TABLE live_session_turn (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES live_session(id) ON DELETE CASCADE,
        speaker_id uuid NOT NULL REFERENCES account(id),
        listener_id uuid NOT NULL REFERENCES account(id),
        started_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX live_session_turn_session_idx ON live_session_turn(session_id, started_at)`);
    await q.query(`
      CREATE TABLE live_session_mirror (
        id uuid PRIMARY KEY,
        turn_id uuid NOT NULL REFERENCES live_session_turn(id) ON DELETE CASCADE,
        listener_id uuid NOT NULL REFERENCES account(id),
        text text NOT NULL CHECK (char_length(text) <= 4000),
        status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'clarified')),
        clarification text CHECK (char_length(clarification) <= 4000),
        submitted_at timestamptz NOT NULL,
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX live_session_mirror_turn_idx ON live_session_mirror(turn_id, submitted_at)`);
    await q.query(`
      CREATE TABLE live_session_time_out (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES live_session(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id),
        requested_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'granted', 'answered')),
        answer text CHECK (char_length(answer) <= 500),
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX live_session_time_out_session_idx ON live_session_time_out(session_id, requested_at)`);
    await q.query(`
      CREATE TABLE live_session_document (
        session_id uuid NOT NULL REFERENCES live_session(id) ON DELETE CASCADE,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        first_edited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, document_id, account_id)
      )`);
    await q.query(`
      CREATE TABLE live_session_observation (
        session_id uuid PRIMARY KEY REFERENCES live_session(id) ON DELETE CASCADE,
        text text NOT NULL CHECK (char_length(text) <= 20000),
        updated_by uuid NOT NULL REFERENCES account(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['live_session_observation', 'live_session_document', 'live_session_time_out', 'live_session_mirror', 'live_session_turn', 'live_session_participant', 'live_session']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS live_session_version_seq`);
    await q.query(`DELETE FROM document WHERE kind = 'dialogue'`);
    await q.query(`ALTER TABLE document DROP CONSTRAINT IF EXISTS document_kind_check`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN ('agreement', 'notes', 'counselor-notes'))`);
  }
}
