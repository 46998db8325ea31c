import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContentCipher, contexts } from '../encryption/content-cipher';
import type { Tx } from '../database/transactions';

export interface TotpRow {
  secret: string;
  confirmed: boolean;
  lastStep: number | null;
  appCodeRequired: boolean;
}

/**
 * An account's second factor: its TOTP secret (confirmed or being set up; wrapped under the
 * key-encryption key, so a database backup alone cannot make codes), the last time-step a code was
 * accepted for (its recovery codes: recovery-codes.repository.ts). Also the pending logins: a right password
 * waiting for its code.
 */
@Injectable()
export class TotpRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  async find(accountId: string): Promise<TotpRow | null> {
    const [row]: { secret: string; confirmed_at: Date | null; last_step: string | null; app_code_required: boolean }[] = await this.dataSource.query(
      `SELECT secret, confirmed_at, last_step, app_code_required FROM account_totp WHERE account_id = $1`,
      [accountId],
    );
    return row
      ? {
          secret: this.cipher.ring.unwrapText(row.secret, contexts.totpSecret(accountId)),
          confirmed: row.confirmed_at !== null,
          lastStep: row.last_step === null ? null : Number(row.last_step),
          appCodeRequired: row.app_code_required,
        }
      : null;
  }

  /** Keeps a new secret being set up (replacing one not yet confirmed); false when one is confirmed already. */
  async saveUnconfirmed(accountId: string, secret: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO account_totp (account_id, secret) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_step = NULL
         WHERE account_totp.confirmed_at IS NULL
       RETURNING account_id`,
      [accountId, this.cipher.ring.wrapText(secret, contexts.totpSecret(accountId))],
    );
    return rows.length === 1;
  }

  /**
   * Records that a code of this time-step was used, only if no code of this step or a later one
   * was (one statement, so two requests with the same code cannot both pass). `confirm` also
   * turns the secret on. False when the step was used already.
   */
  async useStep(accountId: string, step: number, confirm = false): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH used AS (
         UPDATE account_totp SET last_step = $2${confirm ? ', confirmed_at = now()' : ''}
          WHERE account_id = $1 AND (last_step IS NULL OR last_step < $2)
            AND confirmed_at IS ${confirm ? '' : 'NOT '}NULL
          RETURNING account_id)
       SELECT account_id FROM used`,
      [accountId, step],
    );
    return rows.length === 1;
  }

  /**
   * Whether the next two-step sign-in must take a code from the app (a recovery code set a new
   * password); a code from the app clears it, and so does a password set through the counselor's link.
   */
  async setAppCodeRequired(accountId: string, required: boolean, tx?: Tx): Promise<void> {
    await (tx ?? this.dataSource.manager).query(`UPDATE account_totp SET app_code_required = $2 WHERE account_id = $1`, [accountId, required]);
  }

  async isCounselor(accountId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM membership WHERE account_id = $1 AND role = 'counselor' LIMIT 1`, [accountId]);
    return rows.length > 0;
  }

  /** Turns two-step sign-in off; the recovery codes stay (they serve a forgotten password too). */
  async remove(accountId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM account_totp WHERE account_id = $1`, [accountId]);
  }

  /**
   * A pending login, only while `passwordHash` is still the account's password (the account's row
   * read with a share lock, as a session's start reads it): false when the password changed since
   * it was checked.
   */
  async insertPendingLogin(row: { tokenHash: string; accountId: string; userAgent: string | null; ip: string | null; expiresAt: Date }, passwordHash: string): Promise<boolean> {
    await this.dataSource.query(`DELETE FROM pending_login WHERE expires_at <= now()`);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO pending_login (token_hash, account_id, user_agent, address, expires_at)
       SELECT $1, a.id, $3, $4, $5 FROM account a WHERE a.id = $2 AND a.password_hash = $6 AND a.deleted_at IS NULL FOR SHARE
       RETURNING token_hash`,
      [row.tokenHash, row.accountId, row.userAgent, row.ip, row.expiresAt, passwordHash],
    );
    return inserted.length === 1;
  }

  /**
   * Counts an attempt on an unexpired pending login with attempts left; its account and origin,
   * and the account's password hash as of that attempt (a session begins from it only while it is
   * still the password), or null.
   */
  async attemptPendingLogin(tokenHash: string, maxAttempts: number): Promise<{ accountId: string; userAgent: string | null; ip: string | null; passwordHash: string } | null> {
    const [row]: { account_id: string; user_agent: string | null; address: string | null; password_hash: string }[] = await this.dataSource.query(
      `WITH tried AS (
         UPDATE pending_login SET attempts = attempts + 1
          WHERE token_hash = $1 AND expires_at > now() AND attempts < $2
          RETURNING account_id, user_agent, address)
       SELECT tried.*, a.password_hash FROM tried JOIN account a ON a.id = tried.account_id`,
      [tokenHash, maxAttempts],
    );
    return row ? { accountId: row.account_id, userAgent: row.user_agent, ip: row.address, passwordHash: row.password_hash } : null;
  }

  /** Every login of the account waiting for its code: a password change ends them (in its transaction). */
  async deletePendingLogins(accountId: string, tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM pending_login WHERE account_id = $1`, [accountId]);
  }

  async deletePendingLogin(tokenHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM pending_login WHERE token_hash = $1`, [tokenHash]);
  }
}
