import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AccountEntity } from '../accounts/account.entities';
import type { Tx } from '../database/transactions';
import { PasswordResetLinkEntity } from './password-reset-link.entity';

/** Mailed reset links, found by the hash of their token. */
@Injectable()
export class PasswordResetLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(row: { accountId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    const links = this.dataSource.getRepository(PasswordResetLinkEntity);
    await links.insert(links.create(row));
  }

  findByTokenHash(tokenHash: string): Promise<PasswordResetLinkEntity | null> {
    return this.dataSource.getRepository(PasswordResetLinkEntity).findOneBy({ tokenHash });
  }

  /** Whether the account's password was set after the link was made (then it no longer works). */
  async outdated(link: PasswordResetLinkEntity): Promise<boolean> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id: link.accountId });
    return account?.passwordChangedAt != null && account.passwordChangedAt >= link.createdAt;
  }

  /** The live account's address (a deleted account: null). */
  async emailOf(accountId: string): Promise<string | null> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id: accountId, deletedAt: IsNull() });
    return account?.email ?? null;
  }

  /**
   * Uses the link up, only while it is unused, unexpired and newer than the account's password (one
   * statement), and with it every other link the account still has: one reset ends them all. False
   * when it could not be used.
   */
  async markUsed(id: string, accountId: string, tx: Tx): Promise<boolean> {
    // A CTE, so the driver answers the rows (a bare UPDATE answers [rows, count]).
    const rows: unknown[] = await tx.query(
      `WITH used AS (
         UPDATE password_reset_link l SET used_at = now()
          WHERE id = $1 AND used_at IS NULL AND expires_at > now()
            AND NOT EXISTS (SELECT 1 FROM account a WHERE a.id = l.account_id AND a.password_changed_at >= l.created_at)
          RETURNING id)
       SELECT id FROM used`,
      [id],
    );
    if (rows.length !== 1) return false;
    await tx.query(`UPDATE password_reset_link SET used_at = now() WHERE account_id = $1 AND used_at IS NULL`, [accountId]);
    return true;
  }
}
