import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { PasswordReset, PasswordResetLinkPreview, PasswordResetRequested } from '@kinship/domain/wire';
import { AccountsService } from '../accounts/accounts.service';
import { DomainError } from '../common/domain-error';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { APP_CONFIG, AppConfig } from '../config/env';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';
import { passwordResetMail } from '../mail/mail-templates';
import { MAILER, Mailer } from '../mail/mailer';
import { AttemptLimiters } from '../rate-limits/attempt-limiters';
import { PasswordResetLinksRepository } from './password-reset-links.repository';

/** Reset mails one address may be sent in an hour, whoever asks; then the same answer is a 429 for any address. */
export const RESET_MAILS_PER_ADDRESS = 3;
const HOUR_SECONDS = 3600;

const NO_MAIL = 'This practice has not set up email. Ask your counselor for a recovery link, or use one of your recovery codes.';
const INVALID = 'This link is not valid; check that you copied all of it, or ask for a new one from "Forgot password?"';

/**
 * "Forgot password?" by email, when the practice has set SMTP_URL: a one-time link (256 random
 * bits, only its SHA-256 kept, expiring after PASSWORD_RESET_TTL_MINUTES) mailed to the account's
 * address. The answer is the same words, status and work whether an account uses the address or
 * not: the request only counts the address (RESET_MAILS_PER_ADDRESS an hour, across processes;
 * the route limits each client address) and answers; the lookup, the link and the mail happen
 * after the answer has left. Using the link sets the password through the same path as a recovery
 * code's (AccountsService.setForgottenPassword): every login ends and its sockets close, two-step
 * sign-in stays on and then takes a code from the app (a mailbox is not a second factor), and
 * every other link of the account is used up with it.
 */
@Injectable()
export class PasswordResetMailService {
  private readonly perAddress: RateLimiterAbstract;

  constructor(
    private readonly links: PasswordResetLinksRepository,
    private readonly accounts: AccountsService,
    @Inject(MAILER) private readonly mailer: Mailer | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectEventBus() private readonly events: EventBus,
    limiters: AttemptLimiters,
  ) {
    this.perAddress = limiters.create({ name: 'reset-mail-address', points: RESET_MAILS_PER_ADDRESS, durationSeconds: HOUR_SECONDS, blockSeconds: 0 });
  }

  /** Asks for a link to be mailed to `email`; the answer says nothing of whether an account uses it. */
  async request(email: string): Promise<PasswordResetRequested> {
    const mailer = this.requireMailer();
    try {
      await this.perAddress.consume(email);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new DomainError('too_many', 'Several links were sent to this address in the last hour; please use the newest one, or wait an hour and try again');
      throw rejection;
    }
    mailer.later('A password reset mail', () => this.mailLink(mailer, email));
    const minutes = Math.round(this.config.mail.passwordResetTtlMs / 60_000);
    return {
      message: `If an account uses ${email}, a link to set a new password is on its way there. It works once, for ${minutes} minutes. Check your spam folder if it does not arrive.`,
    };
  }

  /** For which address the link sets a password, and until when. */
  async preview(token: string): Promise<PasswordResetLinkPreview> {
    const link = await this.usableLink(token);
    const email = await this.links.emailOf(link.accountId);
    if (!email) throw new DomainError('gone', 'This link no longer works');
    return { email, expiresAt: link.expiresAt.toISOString() };
  }

  /** Sets the new password; the link (and every other of the account's) is used up and every login ends, in one transaction. */
  async use(token: string, newPassword: string): Promise<PasswordReset> {
    const link = await this.usableLink(token);
    const { secondFactor } = await this.accounts.setForgottenPassword(link.accountId, newPassword, {
      appCodeRequired: true,
      spend: async (tx) => {
        if (!(await this.links.markUsed(link.id, link.accountId, tx))) throw new DomainError('gone', 'This link has just been used; it works once');
      },
    });
    await this.events.emitAsync(AUDIT_DEED, { kind: 'password-reset-link-used', accountId: link.accountId });
    return { secondFactor };
  }

  /** Off the request path: records the request, and mails a new link when an account uses the address. */
  private async mailLink(mailer: Mailer, email: string): Promise<void> {
    const account = await this.accounts.findByEmail(email);
    await this.events.emitAsync(AUDIT_DEED, { kind: 'password-reset-requested', accountId: account?.id ?? null, email });
    if (!account) return;
    const token = newSecretToken();
    await this.links.insert({ accountId: account.id, tokenHash: hashSecretToken(token), expiresAt: new Date(Date.now() + this.config.mail.passwordResetTtlMs) });
    await mailer.send(account.email, passwordResetMail(`${this.config.publicUrl}/reset-password/${token}`, Math.round(this.config.mail.passwordResetTtlMs / 60_000)));
  }

  private requireMailer(): Mailer {
    if (!this.mailer) throw new DomainError('not_found', NO_MAIL);
    return this.mailer;
  }

  private async usableLink(token: string) {
    this.requireMailer();
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('not_found', INVALID);
    const tokenHash = hashSecretToken(token);
    const link = await this.links.findByTokenHash(tokenHash);
    // Found by its hash; the hashes compared again in constant time, as a recovery link's.
    if (!link || !timingSafeEqual(Buffer.from(link.tokenHash, 'hex'), Buffer.from(tokenHash, 'hex'))) throw new DomainError('not_found', INVALID);
    if (link.usedAt) throw new DomainError('gone', 'This link has already been used, or a newer one set the password; it works once. Ask for a new one from "Forgot password?" if you need it');
    if (link.expiresAt.getTime() <= Date.now()) throw new DomainError('gone', 'This link has expired; ask for a new one from "Forgot password?"');
    if (await this.links.outdated(link)) throw new DomainError('gone', 'This link no longer works: a new password was set after it was mailed. Ask for a new one from "Forgot password?" if you need it');
    return link;
  }
}
