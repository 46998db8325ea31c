import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain's head, kept in its own one-row table and moved forward in the transaction that
 * appends entries. A hash chain alone cannot tell entries cut off its end from entries never
 * written; the head can: the check walks the chain and finds it must reach the recorded head.
 * Appends chain from the recorded head, not from the last row found, so entries cut off the end
 * stay a gap that every later check reports. A trigger lets the head only move forward, onto an
 * entry that exists with that hash, and refuses DELETE and TRUNCATE.
 */
export class AuditChainHead1768500000000 implements MigrationInterface {
  name = 'AuditChainHead1768500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_chain_head (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        id bigint NOT NULL CHECK (id >= 0),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`
      INSERT INTO audit_chain_head (id, hash)
      SELECT coalesce(max(id), 0), coalesce((SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1), repeat('0', 64)) FROM audit_entry`);
    await q.query(`
      CREATE FUNCTION audit_chain_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'the audit chain head only moves forward: % is refused', TG_OP;
        END IF;
        IF NEW.id <= OLD.id THEN
          RAISE EXCEPTION 'the audit chain head only moves forward: % to % is refused', OLD.id, NEW.id;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM audit_entry e WHERE e.id = NEW.id AND e.hash = NEW.hash) THEN
          RAISE EXCEPTION 'the audit chain head must be an entry of the chain: % is not', NEW.id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_chain_head_no_change BEFORE UPDATE OR DELETE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only()`);
    await q.query(`CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_forward_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP FUNCTION IF EXISTS audit_chain_head_forward_only()`);
  }
}
