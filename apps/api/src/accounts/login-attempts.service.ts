import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/domain-error';
import { AttemptLimiters } from '../rate-limits/attempt-limiters';

/** Failed log-ins one account may take in the window before it is locked for the same time. */
export const FAILED_LOGINS_PER_ACCOUNT = 10;
const WINDOW_SECONDS = 15 * 60;

/**
 * The per-account login limit, beside the per-address one (@nestjs/throttler): ten failed log-ins
 * for one email within 15 minutes lock it for 15 minutes, from whatever addresses they came, and a
 * successful log-in starts the count again. Every attempt takes its point before the password is
 * checked, so guesses sent all at once cannot slip past the count. Counted once for every API
 * process (AttemptLimiters: Redis when there is one).
 */
@Injectable()
export class LoginAttemptsService {
  private readonly failures: RateLimiterAbstract;

  constructor(limiters: AttemptLimiters) {
    this.failures = limiters.create({ name: 'login-account', points: FAILED_LOGINS_PER_ACCOUNT, durationSeconds: WINDOW_SECONDS, blockSeconds: WINDOW_SECONDS });
  }

  /** Counts an attempt for this email; refuses it when the account is locked. */
  async begin(email: string): Promise<void> {
    try {
      await this.failures.consume(email);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new DomainError('too_many', 'Too many failed log-ins for this account; please wait 15 minutes and try again');
      }
      throw rejection;
    }
  }

  /** The password was right: this account's count starts again. */
  async succeeded(email: string): Promise<void> {
    await this.failures.delete(email);
  }
}
