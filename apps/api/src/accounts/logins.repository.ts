import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { AccountView } from '@kinship/domain/wire';
import { LoginEntity } from './account.entities';
import type { Tx } from '../database/transactions';

/**
 * The one definition of a live session: not revoked, not ended for idling or age, not expired,
 * seen after `$idle`. An ended session stays ended, whatever moves its `last_seen_at` afterwards.
 */
const LIVE = (idle: string) => `s.revoked_at IS NULL AND s.timed_out_at IS NULL AND s.expires_at > now() AND s.last_seen_at > ${idle}`;

export interface LiveSessionRow {
  account: AccountView;
  /** The session's public id. */
  id: string;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The account is a counselor in some workspace. */
  counselor: boolean;
  /** The account has a confirmed second factor. */
  totp: boolean;
}

export interface LoginListRow {
  id: string;
  tokenHash: string;
  userAgent: string | null;
  address: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** Session rows, keyed by the hash of the cookie's token; listed and revoked by their public id. */
@Injectable()
export class LoginsRepository {
  private get sessions() {
    return this.dataSource.getRepository(LoginEntity);
  }

  constructor(private readonly dataSource: DataSource) {}

  /**
   * A new session, only while `passwordHash` is still the account's password (and the account is
   * not deleted): the account's row is read with a share lock, so a password change under way
   * commits first (and this inserts nothing) or waits for this to commit (and then ends it).
   * False when nothing was inserted.
   */
  async insertWhilePassword(
    row: { tokenHash: string; accountId: string; lastSeenAt: Date; expiresAt: Date; userAgent: string | null; address: string | null },
    passwordHash: string,
  ): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO auth_session (token_hash, account_id, last_seen_at, expires_at, user_agent, address)
       SELECT $1, a.id, $3, $4, $5, $6 FROM account a WHERE a.id = $2 AND a.password_hash = $7 AND a.deleted_at IS NULL FOR SHARE
       RETURNING token_hash`,
      [row.tokenHash, row.accountId, row.lastSeenAt, row.expiresAt, row.userAgent, row.address, passwordHash],
    );
    return inserted.length === 1;
  }

  /** Deletes this account's sessions that ended and whose end was recorded (revoked, or timed out and swept). */
  async deleteDead(accountId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM auth_session WHERE account_id = $1 AND (revoked_at IS NOT NULL OR timed_out_at IS NOT NULL)`, [accountId]);
  }

  /**
   * Marks the sessions whose time ran out (idle since `idleSince`, or past their end), not revoked
   * and not marked before, of one account or of all; each is returned once, whichever process asks.
   */
  async markTimedOut(idleSince: Date, accountId: string | null = null): Promise<{ account_id: string; user_agent: string | null; address: string | null }[]> {
    return this.dataSource.query(
      `WITH ended AS (
         UPDATE auth_session s SET timed_out_at = now()
          WHERE s.revoked_at IS NULL AND s.timed_out_at IS NULL AND (s.expires_at <= now() OR s.last_seen_at <= $1)
            AND ($2::uuid IS NULL OR s.account_id = $2)
          RETURNING s.account_id, s.user_agent, s.address)
       SELECT * FROM ended`,
      [idleSince, accountId],
    );
  }

  /**
   * A live session (not revoked, not expired, seen after `idleSince`) and its account, in one
   * query; never the password hash.
   */
  async findLive(tokenHash: string, idleSince: Date): Promise<LiveSessionRow | null> {
    const row:
      | { session_id: string; last_seen_at: Date; expires_at: Date; id: string; email: string; display_name: string; counselor: boolean; totp: boolean }
      | undefined = (
      await this.dataSource.query(
        `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, a.id, a.email, a.display_name,
                EXISTS (SELECT 1 FROM membership m WHERE m.account_id = a.id AND m.role = 'counselor') AS counselor,
                EXISTS (SELECT 1 FROM account_totp t WHERE t.account_id = a.id AND t.confirmed_at IS NOT NULL) AS totp
           FROM auth_session s JOIN account a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND a.deleted_at IS NULL AND ${LIVE('$2')}`,
        [tokenHash, idleSince],
      )
    )[0];
    if (!row) return null;
    return {
      account: { id: row.id, email: row.email, displayName: row.display_name },
      id: row.session_id,
      lastSeenAt: new Date(row.last_seen_at),
      expiresAt: new Date(row.expires_at),
      counselor: row.counselor,
      totp: row.totp,
    };
  }

  /** Whether this token's session ended only for lack of activity: not revoked, not expired, last seen at or before `idleSince`. */
  async endedIdle(tokenHash: string, idleSince: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM auth_session s WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at <= $2`,
      [tokenHash, idleSince],
    );
    return rows.length > 0;
  }

  /** Which of these sessions are still live, in one query. */
  async findLiveAmong(tokenHashes: string[], idleSince: Date, requireTotpForCounselors: boolean): Promise<Set<string>> {
    // Asked every sweep for every open socket's session: the second-factor rule only where it applies.
    const secondFactor = requireTotpForCounselors
      ? `AND (NOT EXISTS (SELECT 1 FROM membership m WHERE m.account_id = s.account_id AND m.role = 'counselor')
              OR EXISTS (SELECT 1 FROM account_totp t WHERE t.account_id = s.account_id AND t.confirmed_at IS NOT NULL))`
      : '';
    const rows: { token_hash: string }[] = await this.dataSource.query(
      `SELECT s.token_hash FROM auth_session s WHERE s.token_hash = ANY($1::text[]) AND ${LIVE('$2')} ${secondFactor}`,
      [tokenHashes, idleSince],
    );
    return new Set(rows.map((r) => r.token_hash));
  }

  /** This account's live sessions, the most recently used first. */
  async listLive(accountId: string, idleSince: Date): Promise<LoginListRow[]> {
    const rows: { id: string; token_hash: string; user_agent: string | null; address: string | null; created_at: Date; last_seen_at: Date }[] =
      await this.dataSource.query(
        `SELECT s.id, s.token_hash, s.user_agent, s.address, s.created_at, s.last_seen_at
           FROM auth_session s
          WHERE s.account_id = $1 AND ${LIVE('$2')}
          ORDER BY s.last_seen_at DESC, s.created_at DESC`,
        [accountId, idleSince],
      );
    return rows.map((r) => ({
      id: r.id,
      tokenHash: r.token_hash,
      userAgent: r.user_agent,
      address: r.address,
      createdAt: new Date(r.created_at),
      lastSeenAt: new Date(r.last_seen_at),
    }));
  }

  /**
   * Starts the idle clock again, only while the session is live (`idleSince` as in findLive): a
   * request read as live just before its session idled out or was revoked cannot bring it back.
   * False when the session was no longer live.
   */
  async touch(tokenHash: string, at: Date, idleSince: Date): Promise<boolean> {
    const [, touched]: [unknown, number] = await this.dataSource.query(
      `UPDATE auth_session s SET last_seen_at = $2 WHERE s.token_hash = $1 AND ${LIVE('$3')}`,
      [tokenHash, at, idleSince],
    );
    return touched > 0;
  }

  /** Revokes a live session; the account it belonged to, or null when it was unknown or already revoked. */
  async revoke(tokenHash: string): Promise<string | null> {
    const result = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where({ tokenHash, revokedAt: IsNull() })
      .returning('account_id')
      .execute();
    const row = (result.raw as { account_id: string }[])[0];
    return row?.account_id ?? null;
  }

  /**
   * Revokes this account's unrevoked sessions: the one with this public id, or every one but
   * `exceptTokenHash` (all of them when null). The token hashes it ended, so their sockets can close.
   */
  async revokeOf(accountId: string, which: { id: string } | { exceptTokenHash: string | null }, tx?: Tx): Promise<string[]> {
    const condition = 'id' in which ? 'id = $2' : '($2::text IS NULL OR token_hash <> $2)';
    const rows: { token_hash: string }[] = await (tx ?? this.dataSource).query(
      `WITH ended AS (UPDATE auth_session SET revoked_at = now()
                       WHERE account_id = $1 AND revoked_at IS NULL AND ${condition} RETURNING token_hash)
       SELECT token_hash FROM ended`,
      [accountId, 'id' in which ? which.id : which.exceptTokenHash],
    );
    return rows.map((r) => r.token_hash);
  }
}
