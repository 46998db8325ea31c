import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { PasswordReset, RecoverWithCodeBody, RecoveryCodesStatusView, RecoveryCodesView } from '@kinship/domain/wire';
import { AccountsService } from '../accounts/accounts.service';
import { ActiveLogin, LoginsService } from '../accounts/logins.service';
import { RecoveryCodesService } from '../accounts/recovery-codes.service';
import { DomainError } from '../common/domain-error';
import { AttemptLimiters } from '../rate-limits/attempt-limiters';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';

/** Recovery attempts one email may take in the window before it is locked for the same time (as failed log-ins). */
export const RECOVERY_ATTEMPTS_PER_ACCOUNT = 10;
const WINDOW_SECONDS = 15 * 60;
/** A login this young may make recovery codes without giving the password again (right after registering or signing in). */
export const FRESH_LOGIN_MS = 10 * 60_000;

const NOT_MATCHING = 'That email and recovery code do not match. Check the code (each works once), or ask your counselor for a recovery link.';

/**
 * A forgotten password, set again with a recovery code; and making the codes. One answer whether
 * the email is unknown, the code wrong or used: the same words and one hash's work. Attempts are
 * counted per email (ten in 15 minutes lock it for 15 minutes, from any address, across processes)
 * besides the per-address limit on the route; a count of their own, so failed log-ins do not lock
 * a person out of recovering.
 */
@Injectable()
export class ForgottenPasswordService {
  private readonly failures: RateLimiterAbstract;

  constructor(
    private readonly accounts: AccountsService,
    private readonly codes: RecoveryCodesService,
    private readonly logins: LoginsService,
    limiters: AttemptLimiters,
    @InjectEventBus() private readonly events: EventBus,
  ) {
    this.failures = limiters.create({ name: 'recovery-account', points: RECOVERY_ATTEMPTS_PER_ACCOUNT, durationSeconds: WINDOW_SECONDS, blockSeconds: WINDOW_SECONDS });
  }

  status(accountId: string): Promise<RecoveryCodesStatusView> {
    return this.codes.status(accountId);
  }

  /**
   * A new set of codes (the ones before stop working), shown this once. The password is asked
   * unless the login began minutes ago, so a login left open elsewhere cannot make codes to take
   * the account with later.
   */
  async make(login: ActiveLogin, password: string | undefined): Promise<RecoveryCodesView> {
    if (!this.logins.beganWithin(login, FRESH_LOGIN_MS)) {
      if (!password) throw new DomainError('invalid', 'Enter your password to make new recovery codes', 'password');
      await this.accounts.checkPassword(login.account.id, password);
    }
    const recoveryCodes = await this.codes.make(login.account.id);
    await this.events.emitAsync(AUDIT_DEED, { kind: 'recovery-codes-made', accountId: login.account.id });
    return { recoveryCodes };
  }

  /**
   * Sets a new password with one unused recovery code: the code is used up and every login of
   * the account ends (their sockets close), in one transaction. Two-step sign-in, if on, is asked
   * at the next sign-in, and then with a code from the app.
   */
  async recover(body: RecoverWithCodeBody): Promise<PasswordReset> {
    await this.countAttempt(body.email);
    const account = await this.accounts.findByEmail(body.email);
    const codeHash = await this.codes.find(account?.id ?? null, body.code);
    if (!account || !codeHash) throw new DomainError('invalid', NOT_MATCHING, 'code');
    const { secondFactor } = await this.accounts.setForgottenPassword(account.id, body.newPassword, {
      appCodeRequired: true,
      spend: async (tx) => {
        if (!(await this.codes.markUsed(account.id, codeHash, tx))) throw new DomainError('invalid', NOT_MATCHING, 'code');
      },
    });
    await this.failures.delete(body.email);
    await this.events.emitAsync(AUDIT_DEED, { kind: 'password-reset', accountId: account.id });
    return { secondFactor };
  }

  private async countAttempt(email: string): Promise<void> {
    try {
      await this.failures.consume(email);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new DomainError('too_many', 'Too many tries for this account; please wait 15 minutes and try again');
      }
      throw rejection;
    }
  }
}
