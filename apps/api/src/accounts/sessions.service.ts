import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AccountView } from '@kinship/domain';
import { APP_CONFIG, AppConfig } from '../config/env';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { SessionsRepository } from './sessions.repository';
import { SESSION_ENDED, SessionEnded } from './session-events';

export const SESSION_COOKIE = 'kinship_session';

/** How often a session's last-seen time is written (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/** Who a session belongs to, as the API's handlers see them: never the password hash. */
export type SessionAccount = AccountView;

/** A live session: its account, the stored hash of its token, and when it ends unless used or revoked. */
export interface LiveSession {
  account: SessionAccount;
  tokenHash: string;
  /** The absolute end, however much it is used. */
  expiresAt: Date;
  /** When it ends if it is not used again before then. */
  idleDeadline: Date;
}

/**
 * Server-side sessions: the cookie holds a random token, PostgreSQL holds only its hash. A session
 * ends after idle time, at its absolute expiry, or when revoked (logout, which emits `session.ended`).
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(accountId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecretToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.maxAgeMs);
    await this.sessions.insert({ tokenHash: hashSecretToken(token), accountId, lastSeenAt: now, expiresAt });
    // Sessions of this account that can never be used again are cleared as a new one starts.
    await this.sessions.deleteDead(accountId, new Date(now.getTime() - this.config.session.idleMs));
    return { token, expiresAt };
  }

  /** The live session behind a cookie token, or null when it is unknown, idle, expired or revoked. */
  async resolveSession(token: string | undefined): Promise<LiveSession | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = hashSecretToken(token);
    const now = Date.now();
    const found = await this.sessions.findLive(tokenHash, new Date(now - this.config.session.idleMs));
    if (!found) return null;
    let lastSeenAt = found.lastSeenAt;
    if (now - lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      lastSeenAt = new Date(now);
      await this.sessions.touch(tokenHash, lastSeenAt);
    }
    return {
      account: found.account,
      tokenHash,
      expiresAt: found.expiresAt,
      idleDeadline: new Date(lastSeenAt.getTime() + this.config.session.idleMs),
    };
  }

  /** The account behind a cookie token (with its session's token hash), or null when there is no live session. */
  async resolve(token: string | undefined): Promise<(SessionAccount & { tokenHash: string }) | null> {
    const session = await this.resolveSession(token);
    return session ? { ...session.account, tokenHash: session.tokenHash } : null;
  }

  /** Which of these sessions (by token hash) are still live: not ended, expired or idle. */
  liveAmong(tokenHashes: string[]): Promise<Set<string>> {
    if (tokenHashes.length === 0) return Promise.resolve(new Set());
    return this.sessions.findLiveAmong(tokenHashes, new Date(Date.now() - this.config.session.idleMs));
  }

  /** Ends a session now (logout); every socket opened with it is told through `session.ended`. */
  async revoke(token: string | undefined): Promise<void> {
    if (!token || token.length > 100) return;
    const tokenHash = hashSecretToken(token);
    const accountId = await this.sessions.revoke(tokenHash);
    if (accountId) {
      const event: SessionEnded = { tokenHash, accountId };
      this.events.emit(SESSION_ENDED, event);
    }
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
