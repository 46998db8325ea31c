import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deleted account keeps its row as a tombstone: its email, name and password hash are replaced,
 * so nothing personal is left and nobody can log in as it, while the clinical records that point
 * at it (documents, edits, session records, agreements) keep their references and read
 * "A former member". `deleted_at` says when.
 */
export class AccountDeletion1768200000000 implements MigrationInterface {
  name = 'AccountDeletion1768200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account ADD COLUMN deleted_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account DROP COLUMN deleted_at`);
  }
}
