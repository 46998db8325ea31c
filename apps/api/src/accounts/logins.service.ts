import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { AccountView, LoginActivityView, LoginView } from '@kinship/domain/wire';
import { APP_CONFIG, AppConfig } from '../config/env';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { DomainError } from '../common/domain-error';
import { Transactions, Tx } from '../database/transactions';
import { LoginsRepository } from './logins.repository';
import { coarseAddress, deviceName } from './login-device';
import { EventBus, InjectEventBus, LOGIN_ENDED, LOGIN_TIMED_OUT, LoginEnded, LoginTimedOut } from '../events/events';

export const LOGIN_COOKIE = 'kinship_session';

/** How often sessions whose time ran out are looked for, to be recorded. */
const TIMED_OUT_SWEEP_MS = 60_000;

/** How often a session's last-seen time is written (not on every action). */
const TOUCH_EVERY_MS = 60_000;

/** Where a session was opened from, as the login request tells. */
export interface LoginOrigin {
  userAgent: string | undefined;
  /** The client's address (Express's req.ip, which honours TRUST_PROXY). */
  ip: string | undefined;
}

/** Who a login belongs to, as the API's handlers see them: never the password hash. */
export type LoginAccount = AccountView;

/** A login in use: its account, the stored hash of its token, and when it ends unless used or revoked. */
export interface ActiveLogin {
  account: LoginAccount;
  tokenHash: string;
  /** The public id the person sees in their list of logins. */
  id: string;
  /** The deployment requires a second factor of this counselor, who has not set one up yet. */
  secondFactorMissing: boolean;
  /** The absolute end, however much it is used. */
  expiresAt: Date;
  /** When it ends if it is not used again before then. */
  idleDeadline: Date;
}

/**
 * Server-side sessions: the cookie holds a random token, PostgreSQL holds only its hash. A session
 * ends after idle time, at its absolute expiry, or when revoked (logout, "log out" in the session
 * list, "log out everywhere": each emits `session.ended` per session, so its sockets close at once).
 *
 * Idle means no action of the person: only what they do moves `last_seen_at` — a request that
 * changes something (POST, PUT, PATCH, DELETE) and the web app's activity ping (keys, pointer,
 * touch; at most once a minute). Reading (GET, polling) and open sockets do not, or a device left
 * open on a page that polls would never be signed out.
 */
/** The hash a cookie's token is kept under, or null for one that cannot be a session's (missing, or too long to be ours). */
const tokenHashOf = (token: string | undefined): string | null => (token && token.length <= 100 ? hashSecretToken(token) : null);

@Injectable()
export class LoginsService implements OnModuleInit, OnModuleDestroy {
  private timeOutSweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessions: LoginsRepository,
    @InjectEventBus() private readonly events: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Begins a session for an account whose password was checked against `passwordHash`, only while
   * that is still its password: a log-in checked before a password change gets no session after it.
   */
  async start(accountId: string, origin: LoginOrigin, passwordHash: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecretToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.maxAgeMs);
    const started = await this.sessions.insertWhilePassword(
      {
        tokenHash: hashSecretToken(token),
        accountId,
        lastSeenAt: now,
        expiresAt,
        userAgent: origin.userAgent?.slice(0, 512) || null,
        address: coarseAddress(origin.ip),
      },
      passwordHash,
    );
    if (!started) throw new DomainError('unauthenticated', 'Email or password is not right');
    // Sessions of this account that can never be used again are cleared as a new one starts (those
    // whose time ran out are recorded first).
    await this.recordTimedOut(accountId);
    await this.sessions.deleteDead(accountId);
    return { token, expiresAt };
  }

  /**
   * The live session behind a cookie token, or null when it is unknown, idle, expired or revoked.
   * `touch`: the person did something, so the idle clock starts again (written at most once a minute).
   */
  async resolveLogin(token: string | undefined, options: { touch?: boolean } = {}): Promise<ActiveLogin | null> {
    const tokenHash = tokenHashOf(token);
    if (!tokenHash) return null;
    const now = Date.now();
    const idleSince = new Date(now - this.config.session.idleMs);
    const found = await this.sessions.findLive(tokenHash, idleSince);
    if (!found) return null;
    let lastSeenAt = found.lastSeenAt;
    if (options.touch && now - lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      lastSeenAt = new Date(now);
      // Ended meanwhile (idled out, revoked): refused like any ended session, and not revived.
      if (!(await this.sessions.touch(tokenHash, lastSeenAt, idleSince))) return null;
    }
    return {
      account: found.account,
      tokenHash,
      id: found.id,
      secondFactorMissing: this.config.session.requireTotpForCounselors && found.counselor && !found.totp,
      expiresAt: found.expiresAt,
      idleDeadline: new Date(Math.min(lastSeenAt.getTime() + this.config.session.idleMs, found.expiresAt.getTime())),
    };
  }

  /**
   * The live session behind a cookie token, or the refusal to give: `session_idle` when the
   * session ended because nothing happened for the idle time (the app says so), else `unauthenticated`.
   */
  async requireLogin(token: string | undefined, options: { touch?: boolean } = {}): Promise<ActiveLogin> {
    const session = await this.resolveLogin(token, options);
    if (session) return session;
    const tokenHash = tokenHashOf(token);
    if (tokenHash && (await this.sessions.endedIdle(tokenHash, new Date(Date.now() - this.config.session.idleMs)))) {
      throw new DomainError('session_idle', 'You were signed out because nothing happened for a while');
    }
    throw new DomainError('unauthenticated', 'Please log in');
  }

  /** When this session ends if the person does nothing more. */
  activity(session: ActiveLogin): LoginActivityView {
    return { idleDeadline: session.idleDeadline.toISOString(), idleMs: this.config.session.idleMs };
  }

  /** Whether this login began less than `ms` ago (right after registering or signing in). */
  beganWithin(session: ActiveLogin, ms: number): boolean {
    const began = session.expiresAt.getTime() - this.config.session.maxAgeMs;
    return Date.now() - began < ms;
  }

  /** The account's live sessions, for its own list; `current` marks the one asking. */
  async list(session: ActiveLogin): Promise<LoginView[]> {
    const rows = await this.sessions.listLive(session.account.id, new Date(Date.now() - this.config.session.idleMs));
    return rows.map((r) => ({
      id: r.id,
      device: deviceName(r.userAgent),
      place: r.address,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      current: r.tokenHash === session.tokenHash,
    }));
  }

  /** Logs out one of the caller's own sessions, by its public id; another's or an unknown id is a 404. */
  async revokeById(accountId: string, id: string): Promise<void> {
    const ended = await this.sessions.revokeOf(accountId, { id });
    if (ended.length === 0) throw new DomainError('not_found', 'This session has already ended');
    this.announceEnded(accountId, ended);
  }

  /** "Log out everywhere" (with `exceptTokenHash` null) or "Log out all other devices"; how many ended. */
  async revokeAll(accountId: string, exceptTokenHash: string | null): Promise<number> {
    const ended = await this.sessions.revokeOf(accountId, { exceptTokenHash });
    this.announceEnded(accountId, ended);
    return ended.length;
  }

  /**
   * Changes what the account's sessions rest on (its password: `change`), in one transaction with
   * ending every session of it but `exceptTokenHash`; their sockets close once it is committed.
   * How many ended.
   */
  async revokeAllWith(accountId: string, exceptTokenHash: string | null, change: (tx: Tx) => Promise<void>): Promise<number> {
    const ended = await this.transactions.run(async (tx) => {
      await change(tx);
      return this.sessions.revokeOf(accountId, { exceptTokenHash }, tx);
    });
    this.announceEnded(accountId, ended);
    return ended.length;
  }

  private announceEnded(accountId: string, tokenHashes: string[]) {
    for (const tokenHash of tokenHashes) {
      const event: LoginEnded = { tokenHash, accountId };
      this.events.emit(LOGIN_ENDED, event);
    }
  }

  /** The account behind a cookie token (with its session's token hash), or null when there is no live session. */
  async resolve(token: string | undefined): Promise<(LoginAccount & { tokenHash: string }) | null> {
    const session = await this.resolveLogin(token);
    // A counselor who must still set up two-step sign-in opens no socket (the web app sends them to set it up).
    return session && !session.secondFactorMissing ? { ...session.account, tokenHash: session.tokenHash } : null;
  }

  /**
   * Which of these sessions (by token hash) may keep their sockets open: not ended, expired or idle,
   * and not a counselor's who must still set up two-step sign-in (one who became a counselor, or
   * whose second factor went, after the socket opened).
   */
  liveAmong(tokenHashes: string[]): Promise<Set<string>> {
    if (tokenHashes.length === 0) return Promise.resolve(new Set());
    return this.sessions.findLiveAmong(tokenHashes, new Date(Date.now() - this.config.session.idleMs), this.config.session.requireTotpForCounselors);
  }

  /**
   * Records the sessions whose time ran out (idle, or their absolute end), each once: `session.timed-out`
   * for the audit trail. Their sockets are closed by the sockets' own sweeps. Every minute, and for
   * one account as it logs in again.
   */
  async recordTimedOut(accountId: string | null = null): Promise<number> {
    const ended = await this.sessions.markTimedOut(new Date(Date.now() - this.config.session.idleMs), accountId);
    for (const row of ended) {
      const event: LoginTimedOut = { accountId: row.account_id, userAgent: row.user_agent, address: row.address };
      this.events.emit(LOGIN_TIMED_OUT, event);
    }
    return ended.length;
  }

  onModuleInit(): void {
    this.timeOutSweep = setInterval(() => void this.recordTimedOut().catch(() => undefined), TIMED_OUT_SWEEP_MS);
    this.timeOutSweep.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timeOutSweep);
  }

  /** Ends a session now (logout); every socket opened with it is told through `session.ended`. */
  async revoke(token: string | undefined): Promise<void> {
    const tokenHash = tokenHashOf(token);
    if (!tokenHash) return;
    const accountId = await this.sessions.revoke(tokenHash);
    if (accountId) this.announceEnded(accountId, [tokenHash]);
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
