import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agreements in force and the proposals that change them.
 * - `document.sealed_at`: the content is closed to edits (an agreement with a version in force, a
 *   closed proposal); the write gate reads it through the document's record.
 * - A `proposal` document kind, made only by the server and never listed with documents.
 * - `agreement_version`: each version in force, immutable (a trigger refuses every UPDATE): the
 *   Yjs state, the items as read from it, who proposed it, both acceptances, when it came into force.
 * - `agreement_proposal`: a proposal document, its agreement and base version (0 = the draft),
 *   its items at the base (for conflicts), its state once closed and why.
 * - `proposal_decision`: a partner's acceptance (of a state hash) or decline (with a reason); an
 *   acceptance is withdrawn, with why, when the proposal changes after it.
 * - `proposal_comment`: comments on an item; `proposal_conflict`: items both sides changed,
 *   found when a stale proposal is brought up to date, and how each was resolved.
 * - `agreement_archive_request`: one partner asks to archive an agreement in force; the other confirms.
 */
export class AgreementProposals1767100000000 implements MigrationInterface {
  name = 'AgreementProposals1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document DROP CONSTRAINT IF EXISTS document_kind_check`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN ('agreement', 'notes', 'dialogue', 'counselor-notes', 'proposal'))`);
    await q.query(`ALTER TABLE document ADD COLUMN sealed_at timestamptz`);
    await q.query(`
      CREATE TABLE agreement_proposal (
        document_id uuid PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
        agreement_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        base_version int NOT NULL CHECK (base_version >= 0),
        base_items jsonb NOT NULL,
        created_by uuid NOT NULL REFERENCES account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-force', 'declined', 'withdrawn')),
        closed_at timestamptz,
        closed_by uuid REFERENCES account(id),
        closed_reason text CHECK (char_length(closed_reason) <= 2000)
      )`);
    await q.query(`CREATE INDEX agreement_proposal_agreement_idx ON agreement_proposal(agreement_id, created_at)`);
    await q.query(`
      CREATE TABLE agreement_version (
        agreement_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        number int NOT NULL CHECK (number >= 1),
        state bytea NOT NULL,
        items jsonb NOT NULL,
        proposal_id uuid NOT NULL REFERENCES agreement_proposal(document_id),
        proposed_by uuid NOT NULL REFERENCES account(id),
        accepted_by jsonb NOT NULL,
        in_force_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agreement_id, number)
      )`);
    // A version in force is never changed: there is no update path, and the table refuses one.
    await q.query(`
      CREATE FUNCTION agreement_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a version in force is immutable';
      END $$`);
    await q.query(`CREATE TRIGGER agreement_version_no_update BEFORE UPDATE ON agreement_version FOR EACH ROW EXECUTE FUNCTION agreement_version_immutable()`);
    await q.query(`
      CREATE TABLE proposal_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES agreement_proposal(document_id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account(id),
        decision text NOT NULL CHECK (decision IN ('accepted', 'declined')),
        state_hash text,
        items jsonb,
        reason text CHECK (char_length(reason) <= 2000),
        decided_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        withdrawn_reason text
      )`);
    await q.query(`CREATE INDEX proposal_decision_proposal_idx ON proposal_decision(proposal_id, decided_at)`);
    await q.query(`
      CREATE TABLE proposal_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES agreement_proposal(document_id) ON DELETE CASCADE,
        item_id text NOT NULL CHECK (char_length(item_id) <= 100),
        author_id uuid NOT NULL REFERENCES account(id),
        text text NOT NULL CHECK (char_length(text) <= 4000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX proposal_comment_proposal_idx ON proposal_comment(proposal_id, created_at)`);
    await q.query(`
      CREATE TABLE proposal_conflict (
        proposal_id uuid NOT NULL REFERENCES agreement_proposal(document_id) ON DELETE CASCADE,
        item_id text NOT NULL,
        title text NOT NULL,
        merged_item jsonb,
        found_at timestamptz NOT NULL DEFAULT now(),
        resolved_by uuid REFERENCES account(id),
        resolved_at timestamptz,
        resolution text CHECK (resolution IN ('edited', 'kept')),
        PRIMARY KEY (proposal_id, item_id)
      )`);
    await q.query(`
      CREATE TABLE agreement_archive_request (
        agreement_id uuid PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
        requested_by uuid NOT NULL REFERENCES account(id),
        requested_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['agreement_archive_request', 'proposal_conflict', 'proposal_comment', 'proposal_decision', 'agreement_version', 'agreement_proposal']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS agreement_version_immutable()`);
    await q.query(`DELETE FROM document WHERE kind = 'proposal'`);
    await q.query(`ALTER TABLE document DROP COLUMN IF EXISTS sealed_at`);
    await q.query(`ALTER TABLE document DROP CONSTRAINT IF EXISTS document_kind_check`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN ('agreement', 'notes', 'dialogue', 'counselor-notes'))`);
  }
}
