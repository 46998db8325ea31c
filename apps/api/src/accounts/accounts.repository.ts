import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { AccountView } from '@kinship/domain/wire';
import { AccountEntity } from './account.entities';
import { isUniqueViolation } from '../database/pg-errors';
import type { Tx } from '../database/transactions';

const toView = (a: AccountEntity): AccountView => ({ id: a.id, email: a.email, displayName: a.displayName });

/** Account rows. The password hash leaves this file only through `findCredentials`, for login. */
@Injectable()
export class AccountsRepository {
  private get accounts() {
    return this.dataSource.getRepository(AccountEntity);
  }

  constructor(private readonly dataSource: DataSource) {}

  /** The new account, or null when the email is already taken. */
  async insert(row: { email: string; passwordHash: string; displayName: string }): Promise<AccountView | null> {
    try {
      return toView(await this.accounts.save(this.accounts.create(row)));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async findById(id: string): Promise<AccountView | null> {
    const account = await this.accounts.findOneBy({ id });
    return account ? toView(account) : null;
  }

  async updatePasswordHash(id: string, passwordHash: string, tx: Tx): Promise<void> {
    await tx.update(AccountEntity, { id, deletedAt: IsNull() }, { passwordHash, passwordChangedAt: () => 'now()' });
  }

  /** A live account's email and password hash, by id. */
  async findCredentialsById(id: string): Promise<{ email: string; displayName: string; passwordHash: string } | null> {
    const account = await this.accounts.findOneBy({ id, deletedAt: IsNull() });
    return account ? { email: account.email, displayName: account.displayName, passwordHash: account.passwordHash } : null;
  }

  async findCredentials(email: string): Promise<{ account: AccountView; passwordHash: string } | null> {
    // A deleted account's row is a tombstone: it never logs in.
    const account = await this.accounts.findOneBy({ email, deletedAt: IsNull() });
    return account ? { account: toView(account), passwordHash: account.passwordHash } : null;
  }
}
