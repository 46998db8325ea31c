import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/env';
import { AccountEntity, AuthSessionEntity } from '../database/entities';

export const SESSION_COOKIE = 'kinship_session';

/** How often a session's last-seen time is written (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

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
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.maxAgeMs);
    await this.sessions.insert({ tokenHash: hashToken(token), accountId, lastSeenAt: now, expiresAt, revokedAt: null });
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
    const tokenHash = hashToken(token);
    const session = await this.sessions.findOneBy({ tokenHash, revokedAt: IsNull() });
    if (!session) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.config.session.idleMs <= now) return null;
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.update({ tokenHash }, { lastSeenAt: new Date(now) });
    }
    return this.accounts.findOneBy({ id: session.accountId });
  }

  async revoke(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.sessions.update({ tokenHash: hashToken(token), revokedAt: IsNull() }, { revokedAt: new Date() });
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
