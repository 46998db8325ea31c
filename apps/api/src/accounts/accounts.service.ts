import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountView, LoginBody, RegisterBody } from '@kinship/domain';
import { DomainError } from '../common/domain-error';
import { AccountEntity } from '../database/entities';
import { isUniqueViolation } from '../database/pg-errors';
import { decoyHash, hashPassword, verifyPassword } from './passwords';

export const toAccountView = (a: AccountEntity): AccountView => ({ id: a.id, email: a.email, displayName: a.displayName });

@Injectable()
export class AccountsService {
  private get accounts() {
    return this.dataSource.getRepository(AccountEntity);
  }

  constructor(private readonly dataSource: DataSource) {}

  async register(body: RegisterBody): Promise<AccountEntity> {
    const passwordHash = await hashPassword(body.password);
    try {
      return await this.accounts.save(this.accounts.create({ email: body.email, passwordHash, displayName: body.displayName }));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'An account with this email already exists; log in instead', 'email');
      }
      throw error;
    }
  }

  /** The account for these credentials; one message whichever part was wrong. */
  async authenticate(body: LoginBody): Promise<AccountEntity> {
    const account = await this.accounts.findOneBy({ email: body.email });
    const ok = await verifyPassword(account?.passwordHash ?? (await decoyHash()), body.password);
    if (!account || !ok) throw new DomainError('unauthenticated', 'Email or password is not right');
    return account;
  }
}
