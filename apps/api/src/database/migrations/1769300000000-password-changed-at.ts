import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `account.password_changed_at`: when the password was last set (changed while signed in, or set
 * again after it was forgotten). A recovery link or a mailed reset link made before it no longer
 * works: a password someone has set since must not be set over by an older link. Null for
 * passwords set before this column (every link made since then is newer).
 */
export class PasswordChangedAt1769300000000 implements MigrationInterface {
  name = 'PasswordChangedAt1769300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account ADD COLUMN password_changed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account DROP COLUMN password_changed_at`);
  }
}
