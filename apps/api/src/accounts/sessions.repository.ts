import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { AccountView } from '@kinship/domain';
import { AuthSessionEntity } from '../database/entities';

/** The one definition of a live session: not revoked, not expired, seen after `$idle`. */
const LIVE = (idle: string) => `s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > ${idle}`;

/** Session rows, keyed by the hash of the cookie's token. */
@Injectable()
export class SessionsRepository {
  private get sessions() {
    return this.dataSource.getRepository(AuthSessionEntity);
  }

  constructor(private readonly dataSource: DataSource) {}

  async insert(row: { tokenHash: string; accountId: string; lastSeenAt: Date; expiresAt: Date }): Promise<void> {
    await this.sessions.insert({ ...row, revokedAt: null });
  }

  /** Deletes this account's sessions that can never be used again (revoked, expired, or idle since `idleSince`). */
  async deleteDead(accountId: string, idleSince: Date): Promise<void> {
    await this.sessions
      .createQueryBuilder()
      .delete()
      .where('account_id = :accountId', { accountId })
      .andWhere('(revoked_at IS NOT NULL OR expires_at <= now() OR last_seen_at <= :idleSince)', { idleSince })
      .execute();
  }

  /**
   * A live session (not revoked, not expired, seen after `idleSince`) and its account, in one
   * query; never the password hash.
   */
  async findLive(tokenHash: string, idleSince: Date): Promise<{ account: AccountView; lastSeenAt: Date; expiresAt: Date } | null> {
    const row: { last_seen_at: Date; expires_at: Date; id: string; email: string; display_name: string } | undefined = (
      await this.dataSource.query(
        `SELECT s.last_seen_at, s.expires_at, a.id, a.email, a.display_name
           FROM auth_session s JOIN account a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND a.deleted_at IS NULL AND ${LIVE('$2')}`,
        [tokenHash, idleSince],
      )
    )[0];
    if (!row) return null;
    return {
      account: { id: row.id, email: row.email, displayName: row.display_name },
      lastSeenAt: new Date(row.last_seen_at),
      expiresAt: new Date(row.expires_at),
    };
  }

  /** Which of these sessions are still live, in one query. */
  async findLiveAmong(tokenHashes: string[], idleSince: Date): Promise<Set<string>> {
    const rows: { token_hash: string }[] = await this.dataSource.query(
      `SELECT s.token_hash FROM auth_session s WHERE s.token_hash = ANY($1::text[]) AND ${LIVE('$2')}`,
      [tokenHashes, idleSince],
    );
    return new Set(rows.map((r) => r.token_hash));
  }

  async touch(tokenHash: string, at: Date): Promise<void> {
    await this.sessions.update({ tokenHash }, { lastSeenAt: at });
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
}
