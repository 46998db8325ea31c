import { Inject, Injectable } from '@nestjs/common';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RecoveryCode, TotpCode, type RecoveryCodesView, type TotpEnrollmentView, type TotpStatusView } from '@kinship/domain/wire';
import { APP_CONFIG, AppConfig } from '../config/env';
import { AttemptLimiters } from '../rate-limits/attempt-limiters';
import { DomainError } from '../common/domain-error';
import { TotpRepository } from './totp.repository';
import { RecoveryCodesService } from './recovery-codes.service';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';

const ISSUER = 'Kinship';
const PERIOD_SECONDS = 30;
/** A code from the step before or after now is taken too (clocks drift; a person types slowly). */
const WINDOW = 1;
/** Wrong codes one account may send in the window before code attempts are refused for the same time. */
export const CODE_ATTEMPTS_PER_ACCOUNT = 10;
const CODE_WINDOW_SECONDS = 15 * 60;

const totpFor = (secret: string, label = '') => new OTPAuth.TOTP({ issuer: ISSUER, label, secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: PERIOD_SECONDS, algorithm: 'SHA1' });

/**
 * The second factor: TOTP (RFC 6238, any authenticator app) with recovery codes. A secret takes
 * effect once a code from it is confirmed; a code is accepted once (the last accepted time-step is
 * kept per account, and only a later one passes); a recovery code works once. Wrong codes are
 * counted per account, once for every API process (AttemptLimiters): ten in 15 minutes lock code
 * attempts for 15 minutes.
 *
 * The secret is stored as it is (base32): no key facility exists yet to encrypt it at rest.
 */
@Injectable()
export class TotpService {
  private readonly failures: RateLimiterAbstract;

  constructor(
    private readonly totp: TotpRepository,
    private readonly recoveryCodes: RecoveryCodesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    limiters: AttemptLimiters,
    @InjectEventBus() private readonly events: EventBus,
  ) {
    this.failures = limiters.create({ name: 'totp-account', points: CODE_ATTEMPTS_PER_ACCOUNT, durationSeconds: CODE_WINDOW_SECONDS, blockSeconds: CODE_WINDOW_SECONDS });
  }

  async status(accountId: string): Promise<TotpStatusView> {
    const row = await this.totp.find(accountId);
    const enabled = row?.confirmed ?? false;
    return {
      enabled,
      recoveryCodesLeft: enabled ? (await this.recoveryCodes.status(accountId)).left : 0,
      required: await this.isRequired(accountId),
    };
  }

  async isEnabled(accountId: string): Promise<boolean> {
    return (await this.totp.find(accountId))?.confirmed ?? false;
  }

  /** A new secret to scan; replaces one not yet confirmed. Refused while two-step sign-in is on. */
  async enroll(account: { id: string; email: string }): Promise<TotpEnrollmentView> {
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    if (!(await this.totp.saveUnconfirmed(account.id, secret))) {
      throw new DomainError('conflict', 'Two-step sign-in is already on; turn it off first to use another app');
    }
    const otpauthUrl = totpFor(secret, account.email).toString();
    const svg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { secret, otpauthUrl, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /**
   * Turns two-step sign-in on with a code from the new secret; a new set of recovery codes (the one
   * set, which serves a forgotten password too: the codes before stop working), shown this once.
   */
  async confirm(accountId: string, code: string): Promise<RecoveryCodesView> {
    const row = await this.totp.find(accountId);
    if (!row) throw new DomainError('not_found', 'Start setting up two-step sign-in first');
    if (row.confirmed) throw new DomainError('conflict', 'Two-step sign-in is already on');
    await this.countAttempt(accountId);
    const step = this.stepOf(row.secret, code);
    if (step === null || !(await this.totp.useStep(accountId, step, true))) {
      throw new DomainError('invalid', 'That code is not right; check your authenticator app and try the newest code', 'code');
    }
    await this.failures.delete(accountId);
    const recoveryCodes = await this.recoveryCodes.make(accountId);
    await this.events.emitAsync(AUDIT_DEED, { kind: 'two-step-on', accountId });
    return { recoveryCodes };
  }

  /**
   * Checks a second-factor code (six digits from the app, or a recovery code) for an account with
   * two-step sign-in on; a code used before is refused. Throws with plain words when it fails.
   */
  async verify(accountId: string, code: string): Promise<void> {
    const row = await this.totp.find(accountId);
    if (!row?.confirmed) throw new DomainError('invalid', 'Two-step sign-in is not on for this account', 'code');
    await this.countAttempt(accountId);
    const digits = TotpCode.safeParse(code);
    let ok: boolean;
    if (digits.success) {
      const step = this.stepOf(row.secret, digits.data);
      ok = step !== null && (await this.totp.useStep(accountId, step));
      if (!ok && step !== null) throw new DomainError('invalid', 'That code was used already; wait for the next one in your app', 'code');
      if (ok && row.appCodeRequired) await this.totp.setAppCodeRequired(accountId, false);
    } else {
      const recovery = RecoveryCode.safeParse(code);
      // A recovery code just set a new password: the sheet of codes alone never opens an account with two-step sign-in on.
      if (recovery.success && row.appCodeRequired) {
        throw new DomainError('invalid', 'Your password was just reset with a recovery code, so this sign-in needs the code from your authenticator app. Lost your phone too? Ask your counselor for a recovery link.', 'code');
      }
      ok = recovery.success && (await this.recoveryCodes.use(accountId, recovery.data));
    }
    if (!ok) throw new DomainError('invalid', 'That code is not right; use the newest code from your app, or one of your unused recovery codes', 'code');
    await this.failures.delete(accountId);
  }

  /**
   * Turns two-step sign-in off (the recovery codes stay: they serve a forgotten password too);
   * refused to a counselor whose practice requires it (REQUIRE_TOTP_FOR_COUNSELORS).
   */
  async disable(accountId: string): Promise<void> {
    if (await this.isRequired(accountId)) {
      throw new DomainError('forbidden', 'Your practice requires two-step sign-in for counselors, so it cannot be turned off');
    }
    await this.totp.remove(accountId);
    await this.events.emitAsync(AUDIT_DEED, { kind: 'two-step-off', accountId });
  }

  private async isRequired(accountId: string): Promise<boolean> {
    return this.config.session.requireTotpForCounselors && (await this.totp.isCounselor(accountId));
  }

  /** The time-step this six-digit code belongs to (now, or one step either side), or null when it matches none. */
  private stepOf(secret: string, code: string): number | null {
    const parsed = TotpCode.safeParse(code);
    if (!parsed.success) return null;
    const now = Date.now();
    const delta = totpFor(secret).validate({ token: parsed.data, timestamp: now, window: WINDOW });
    return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  }

  private async countAttempt(accountId: string): Promise<void> {
    try {
      await this.failures.consume(accountId);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new DomainError('too_many', 'Too many codes tried for this account; please wait 15 minutes and try again');
      }
      throw rejection;
    }
  }
}
