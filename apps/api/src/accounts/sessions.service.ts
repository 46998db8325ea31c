import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/env';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { AccountEntity, AuthSessionEntity } from '../database/entities';

export const SESSION_COOKIE = 'kinship_session';

/** How often a session's last-seen time is written (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side sessions: the cookie holds a random token, PostgreSQL holds only its hash. A session
 * ends after idle time, at its absolute expiry, or when revoked (logout).
 */
@Injectable()
export class SessionsService {
  private get sessions() {
    return this.dataSource.getRepository(AuthSessionEntity);
  }
  private get accounts() {
    return this.dataSource.getRepository(AccountEntity);
  }

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(accountId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecretToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.maxAgeMs);
    await this.sessions.insert({ tokenHash: hashSecretToken(token), accountId, lastSeenAt: now, expiresAt, revokedAt: null });
    // Sessions of this account that can never be used again are cleared as a new one starts.
    await this.sessions
      .createQueryBuilder()
      .delete()
      .where('account_id = :accountId', { accountId })
      .andWhere('(revoked_at IS NOT NULL OR expires_at <= now() OR last_seen_at <= :idleSince)', { idleSince: new Date(now.getTime() - this.config.session.idleMs) })
      .execute();
    return { token, expiresAt };
  }

  /** The account behind a cookie token, or null when the session is unknown, idle, expired or revoked. */
  async resolve(token: string | undefined): Promise<AccountEntity | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = hashSecretToken(token);
    // One query per request: the live session and its account together (never its password hash).
    const row: { last_seen_at: Date; id: string; email: string; display_name: string; created_at: Date } | undefined = (
      await this.dataSource.query(
        `SELECT s.last_seen_at, a.id, a.email, a.display_name, a.created_at
           FROM auth_session s JOIN account a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > $2`,
        [tokenHash, new Date(Date.now() - this.config.session.idleMs)],
      )
    )[0];
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await this.sessions.update({ tokenHash }, { lastSeenAt: new Date() });
    }
    return this.accounts.create({ id: row.id, email: row.email, displayName: row.display_name, createdAt: row.created_at });
  }

  async revoke(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.sessions.update({ tokenHash: hashSecretToken(token), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  cookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.session.secureCookie,
      path: '/',
      maxAge: this.config.session.maxAgeMs,
    };
  }
}
