import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/transactions';

/** A stored recovery code: an argon2id hash with its hint, or (made before hints) a SHA-256 with none. */
export interface StoredRecoveryCode {
  codeHash: string;
  hint: string | null;
}

/** An account's recovery codes (one set, for forgotten passwords and two-step sign-in alike). */
@Injectable()
export class RecoveryCodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The set is replaced as a whole: the codes before stop working. */
  async replace(accountId: string, codes: { hint: string; codeHash: string }[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM recovery_code WHERE account_id = $1`, [accountId]);
      await manager.query(`INSERT INTO recovery_code (account_id, code_hash, hint) SELECT $1, unnest($2::text[]), unnest($3::text[])`, [
        accountId,
        codes.map((c) => c.codeHash),
        codes.map((c) => c.hint),
      ]);
    });
  }

  /** The unused codes that may be this one: those with its hint, and a code from before hints whose SHA-256 is `legacyHash`. */
  async candidates(accountId: string, hint: string, legacyHash: string): Promise<StoredRecoveryCode[]> {
    const rows: { code_hash: string; hint: string | null }[] = await this.dataSource.query(
      `SELECT code_hash, hint FROM recovery_code
        WHERE account_id = $1 AND used_at IS NULL AND (hint = $2 OR (hint IS NULL AND code_hash = $3))`,
      [accountId, hint, legacyHash],
    );
    return rows.map((r) => ({ codeHash: r.code_hash, hint: r.hint }));
  }

  /** Marks an unused code used (one statement, so two requests with the same code cannot both pass); false when it was used already. */
  async markUsed(accountId: string, codeHash: string, tx?: Tx): Promise<boolean> {
    const rows: unknown[] = await (tx ?? this.dataSource.manager).query(
      `WITH used AS (UPDATE recovery_code SET used_at = now() WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING account_id)
       SELECT account_id FROM used`,
      [accountId, codeHash],
    );
    return rows.length === 1;
  }

  async status(accountId: string): Promise<{ left: number; madeAt: Date | null }> {
    const [row]: { n: number; made_at: Date | null }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE used_at IS NULL)::int AS n, max(made_at) AS made_at FROM recovery_code WHERE account_id = $1`,
      [accountId],
    );
    return { left: row.n, madeAt: row.made_at };
  }
}
