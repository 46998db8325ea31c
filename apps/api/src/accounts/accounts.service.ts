import { Injectable } from '@nestjs/common';
import { trivialPasswordReason, type AccountView, type ChangePasswordBody, type LoginBody, type PasswordChanged, type PasswordReset, type RegisterBody, type SecondFactorNeeded } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { AccountsRepository } from './accounts.repository';
import { CommonPasswordsService } from './common-passwords.service';
import { LoginAttemptsService } from './login-attempts.service';
import { Passwords } from './passwords';
import { TotpRepository } from './totp.repository';
import { TotpService } from './totp.service';
import { LoginOrigin, LoginsService } from './logins.service';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';
import type { Tx } from '../database/transactions';

/** How long a right password waits for its second factor. */
export const PENDING_LOGIN_MS = 5 * 60_000;
/** Codes one pending login may try before the password has to be given again. */
export const PENDING_LOGIN_ATTEMPTS = 5;

/**
 * A password found right: the account, and the hash it was checked against. A session or a login
 * waiting for its code begins from it only while that is still the account's password, so a
 * log-in checked before a password change gets nothing after it.
 */
export interface CheckedLogin {
  account: AccountView;
  passwordHash: string;
}

const NOT_RIGHT = 'Email or password is not right';

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly loginAttempts: LoginAttemptsService,
    private readonly commonPasswords: CommonPasswordsService,
    @InjectEventBus() private readonly events: EventBus,
    private readonly totp: TotpService,
    private readonly totpRows: TotpRepository,
    private readonly sessions: LoginsService,
    private readonly passwords: Passwords,
  ) {}

  async register(body: RegisterBody): Promise<CheckedLogin> {
    this.commonPasswords.refuseCommon(body.password);
    const passwordHash = await this.passwords.hash(body.password);
    const account = await this.accounts.insert({ email: body.email, passwordHash, displayName: body.displayName });
    if (!account) throw new DomainError('conflict', 'An account with this email already exists; log in instead', 'email');
    // Registering logs the new account in.
    await this.events.emitAsync(AUDIT_DEED, { kind: 'login', accountId: account.id });
    return { account, passwordHash };
  }

  /** The account for these credentials; one message whichever part was wrong. */
  async authenticate(body: LoginBody): Promise<CheckedLogin> {
    await this.loginAttempts.begin(body.email);
    const found = await this.accounts.findCredentials(body.email);
    const ok = await this.passwords.verify(found?.passwordHash ?? (await this.passwords.decoyHash()), body.password);
    if (!found || !ok) {
      await this.events.emitAsync(AUDIT_DEED, { kind: 'login-failed', accountId: null, email: body.email });
      throw new DomainError('unauthenticated', NOT_RIGHT);
    }
    await this.loginAttempts.succeeded(body.email);
    // With two-step sign-in, the login is recorded once its code is right (completeSecondFactor).
    if (!(await this.totp.isEnabled(found.account.id))) await this.events.emitAsync(AUDIT_DEED, { kind: 'login', accountId: found.account.id });
    return found;
  }

  /** Begins the session of a checked login, unless the password changed since it was checked. */
  startLogin(login: CheckedLogin, origin: LoginOrigin): Promise<{ token: string; expiresAt: Date }> {
    return this.sessions.start(login.account.id, origin, login.passwordHash);
  }

  /** Whether this account signs in with a second factor after its password. */
  needsSecondFactor(accountId: string): Promise<boolean> {
    return this.totp.isEnabled(accountId);
  }

  /**
   * A right password, waiting for its code: a short-lived token that is not a session and opens
   * nothing; none when the password changed since it was checked (a change ends those waiting).
   */
  async beginSecondFactor(login: CheckedLogin, origin: { userAgent?: string; ip?: string }): Promise<SecondFactorNeeded> {
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + PENDING_LOGIN_MS);
    const row = { tokenHash: hashSecretToken(token), accountId: login.account.id, userAgent: origin.userAgent ?? null, ip: origin.ip ?? null, expiresAt };
    if (!(await this.totpRows.insertPendingLogin(row, login.passwordHash))) throw new DomainError('unauthenticated', NOT_RIGHT);
    return { secondFactor: 'totp', pendingLogin: token, expiresAt: expiresAt.toISOString() };
  }

  /** The account once its pending login's code is right; the pending login is used up on success. */
  async completeSecondFactor(pendingLogin: string, code: string): Promise<CheckedLogin> {
    const tokenHash = hashSecretToken(pendingLogin);
    const pending = await this.totpRows.attemptPendingLogin(tokenHash, PENDING_LOGIN_ATTEMPTS);
    if (!pending) throw new DomainError('unauthenticated', 'This sign-in has expired or had too many tries; please enter your password again');
    try {
      await this.totp.verify(pending.accountId, code);
    } catch (error) {
      await this.events.emitAsync(AUDIT_DEED, { kind: 'login-failed', accountId: pending.accountId });
      throw error;
    }
    await this.totpRows.deletePendingLogin(tokenHash);
    const account = await this.accounts.findById(pending.accountId);
    if (!account) throw new DomainError('unauthenticated', 'Please log in');
    await this.events.emitAsync(AUDIT_DEED, { kind: 'login', accountId: account.id });
    // The password as it was when this pending login was still there: a change since refuses the session.
    return { account, passwordHash: pending.passwordHash };
  }

  /**
   * A new password, given with the one now: the other sessions are logged out (their sockets close)
   * and the logins waiting for a two-step code end, in the transaction that changes it; this
   * session stays. Refused like a registration's: too short, trivial, common, or the same.
   */
  async changePassword(session: { account: { id: string }; tokenHash: string }, body: ChangePasswordBody): Promise<PasswordChanged> {
    const accountId = session.account.id;
    const found = await this.accounts.findCredentialsById(accountId);
    if (!found) throw new DomainError('unauthenticated', 'Please log in');
    const reason = trivialPasswordReason(body.newPassword, found);
    if (reason) throw new DomainError('invalid', `The new password ${reason}`, 'newPassword');
    this.commonPasswords.refuseCommon(body.newPassword, 'newPassword');
    if (!(await this.matches(found, body.currentPassword))) throw new DomainError('invalid', 'That password is not right', 'currentPassword');
    const passwordHash = await this.passwords.hash(body.newPassword);
    const otherSessionsEnded = await this.sessions.revokeAllWith(accountId, session.tokenHash, async (tx) => {
      await this.accounts.updatePasswordHash(accountId, passwordHash, tx);
      await this.totpRows.deletePendingLogins(accountId, tx);
    });
    await this.events.emitAsync(AUDIT_DEED, { kind: 'password-changed', accountId });
    return { otherSessionsEnded };
  }

  /** The live account with this email, or null (a way back in answers the same either way). */
  async findByEmail(email: string): Promise<AccountView | null> {
    return (await this.accounts.findCredentials(email))?.account ?? null;
  }

  /**
   * A forgotten password replaced (with a recovery code, or through the counselor's link), refused
   * like a registration's: too short, trivial, common, the person's email or name. In one
   * transaction with `spend` (the code or link used up: it throws to undo it all), every login of
   * the account ends (their sockets close once committed) and so do the logins waiting for a
   * two-step code. Two-step sign-in stays on, and is asked at the next sign-in; `appCodeRequired`:
   * that sign-in must take a code from the app, not a recovery code. The failed log-ins counted
   * against the email start again. Nobody is logged in by it.
   */
  async setForgottenPassword(accountId: string, newPassword: string, how: { appCodeRequired: boolean; spend: (tx: Tx) => Promise<void> }): Promise<PasswordReset & { otherSessionsEnded: number }> {
    const found = await this.accounts.findCredentialsById(accountId);
    if (!found) throw new DomainError('gone', 'This account no longer exists');
    const reason = trivialPasswordReason(newPassword, found);
    if (reason) throw new DomainError('invalid', `The new password ${reason}`, 'newPassword');
    this.commonPasswords.refuseCommon(newPassword, 'newPassword');
    const passwordHash = await this.passwords.hash(newPassword);
    const secondFactor = await this.totp.isEnabled(accountId);
    const otherSessionsEnded = await this.sessions.revokeAllWith(accountId, null, async (tx) => {
      await how.spend(tx);
      await this.accounts.updatePasswordHash(accountId, passwordHash, tx);
      await this.totpRows.deletePendingLogins(accountId, tx);
      if (secondFactor) await this.totpRows.setAppCodeRequired(accountId, how.appCodeRequired, tx);
    });
    await this.loginAttempts.succeeded(found.email);
    return { secondFactor, otherSessionsEnded };
  }

  /** Refuses unless this is the account's password (for turning two-step sign-in off). */
  async checkPassword(accountId: string, password: string): Promise<void> {
    if (!(await this.passwordMatches(accountId, password))) throw new DomainError('invalid', 'That password is not right', 'password');
  }

  /**
   * Whether this is the account's password, asked again to confirm a step (turning two-step
   * sign-in off, deleting the account). A wrong one counts as a failed log-in for the account, so a
   * stolen session cannot guess the password any faster than the login form can.
   */
  async passwordMatches(accountId: string, password: string): Promise<boolean> {
    const found = await this.accounts.findCredentialsById(accountId);
    if (!found) throw new DomainError('unauthenticated', 'Please log in');
    return this.matches(found, password);
  }

  private async matches(found: { email: string; passwordHash: string }, password: string): Promise<boolean> {
    await this.loginAttempts.begin(found.email);
    if (!(await this.passwords.verify(found.passwordHash, password))) return false;
    await this.loginAttempts.succeeded(found.email);
    return true;
  }
}
