import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/env';
import { isSameSite } from '../common/same-site';
import { loginTokenFrom } from '../accounts/auth.guard';
import { LoginsService } from '../accounts/logins.service';
import { MEMBERSHIP_ENDED, MembershipEnded, OnEvent, LOGIN_ENDED, LoginEnded } from '../events/events';

/** The login a socket lives on: who it is, and the hash of the login's token (what a logout names). */
export interface SocketLogin {
  accountId: string;
  name: string;
  loginHash: string;
}

/** Why a socket is not let in: from another site, or without a login that still holds. */
export type SocketRefusal = 'cross-site' | 'logged-out';

export type Admitted = { ok: true; login: SocketLogin } | { ok: false; refusal: SocketRefusal };

/** A periodic sweep: stopped at shutdown. */
export interface Sweep {
  stop(): void;
}

/**
 * Who may keep a socket open, written once for every socket door (the sync server's upgrades and
 * the `/live` door): the same-site rule, the login cookie → a login that still holds, a sweep that
 * finds logins that ended (expired, idle) and memberships that ended, and the at-once closes when
 * a logout or an ended membership happens in this process. Each door decides what a close means on
 * its own sockets (a close code, leaving a workspace's rooms); this decides when.
 */
@Injectable()
export class SocketAccess {
  private readonly logger = new Logger('SocketAccess');
  private readonly loginEnded: ((loginHash: string) => void)[] = [];
  private readonly membershipEnded: ((event: MembershipEnded) => Promise<void> | void)[] = [];

  constructor(
    private readonly logins: LoginsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The handshake of every socket: this site (Origin / Sec-Fetch-Site), then the login cookie. */
  async admit(headers: IncomingHttpHeaders): Promise<Admitted> {
    if (!isSameSite(headers, this.config.publicUrl)) return { ok: false, refusal: 'cross-site' };
    const login = await this.logins.resolve(loginTokenFrom(headers.cookie));
    if (!login) return { ok: false, refusal: 'logged-out' };
    return { ok: true, login: { accountId: login.id, name: login.displayName, loginHash: login.tokenHash } };
  }

  /**
   * Of these logins (hashes), which have ended: expired, idle, or logged out in any process. Only
   * what was asked about can be judged: a socket that opened meanwhile is left alone.
   */
  async endedAmong(loginHashes: Iterable<string>): Promise<(loginHash: string) => boolean> {
    const asked = new Set(loginHashes);
    const live = await this.logins.liveAmong([...asked]);
    return (loginHash) => asked.has(loginHash) && !live.has(loginHash);
  }

  /**
   * Runs `sweep` every `ms` until stopped, never two at once; a failure is logged and the next one
   * tries again. Pass `() => this.sweep()`, so the door's own `sweep` is what runs.
   */
  every(ms: number, sweep: () => Promise<void>, what: string): Sweep {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      sweep()
        .catch((error) => this.logger.warn(`Checking ${what} failed: ${String(error)}`))
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  /** A door's sockets on this login close at once when it ends here (a logout, a deleted account). */
  onLoginEnded(close: (loginHash: string) => void): void {
    this.loginEnded.push(close);
  }

  /** A door's sockets of this person leave the workspace at once when their membership ends here. */
  onMembershipEnded(leave: (event: MembershipEnded) => Promise<void> | void): void {
    this.membershipEnded.push(leave);
  }

  /** A logout in this process (other processes' sweeps catch up). */
  @OnEvent(LOGIN_ENDED)
  loginHasEnded(event: LoginEnded): void {
    for (const close of this.loginEnded) close(event.tokenHash);
  }

  /** Awaited by whoever ended the membership: every door has let the person out when it resolves. */
  @OnEvent(MEMBERSHIP_ENDED, { promisify: true, suppressErrors: true })
  async membershipHasEnded(event: MembershipEnded): Promise<void> {
    await Promise.all(
      this.membershipEnded.map(async (leave) => {
        try {
          await leave(event);
        } catch (error) {
          this.logger.warn(`Closing sockets of an ended membership failed: ${String(error)}`);
        }
      }),
    );
  }
}
