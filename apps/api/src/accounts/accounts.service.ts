import { Injectable } from '@nestjs/common';
import type { AccountView, LoginBody, RegisterBody } from '@kinship/domain';
import { DomainError } from '../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { AccountsRepository } from './accounts.repository';
import { CommonPasswordsService } from './common-passwords.service';
import { LoginAttemptsService } from './login-attempts.service';
import { decoyHash, hashPassword, verifyPassword } from './passwords';

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly loginAttempts: LoginAttemptsService,
    private readonly commonPasswords: CommonPasswordsService,
    private readonly audit: AuditService,
  ) {}

  async register(body: RegisterBody): Promise<AccountView> {
    this.commonPasswords.refuseCommon(body.password);
    const passwordHash = await hashPassword(body.password);
    const account = await this.accounts.insert({ email: body.email, passwordHash, displayName: body.displayName });
    if (!account) throw new DomainError('conflict', 'An account with this email already exists; log in instead', 'email');
    // Registering logs the new account in.
    await this.audit.record({ kind: 'login', accountId: account.id });
    return account;
  }

  /** The account for these credentials; one message whichever part was wrong. */
  async authenticate(body: LoginBody): Promise<AccountView> {
    await this.loginAttempts.begin(body.email);
    const found = await this.accounts.findCredentials(body.email);
    const ok = await verifyPassword(found?.passwordHash ?? (await decoyHash()), body.password);
    if (!found || !ok) {
      await this.audit.record({ kind: 'login-failed', accountId: null, email: body.email });
      throw new DomainError('unauthenticated', 'Email or password is not right');
    }
    await this.loginAttempts.succeeded(body.email);
    await this.audit.record({ kind: 'login', accountId: found.account.id });
    return found.account;
  }
}
