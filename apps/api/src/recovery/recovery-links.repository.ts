import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { RecoveryLinkView } from '@kinship/domain/wire';
import { AccountEntity } from '../accounts/account.entities';
import type { Tx } from '../database/transactions';
import { RecoveryLinkEntity } from './recovery-link.entity';

export type RecoveryLinkRecord = RecoveryLinkEntity;

/** Recovery link rows, found by the hash of their token or by id within their workspace. */
@Injectable()
export class RecoveryLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(row: { workspaceId: string; accountId: string; tokenHash: string; createdBy: string; expiresAt: Date }): Promise<RecoveryLinkEntity> {
    const links = this.dataSource.getRepository(RecoveryLinkEntity);
    return links.save(links.create(row));
  }

  /** The link with this token hash; inside `tx` its row stays locked until `tx` ends. */
  findByTokenHash(tokenHash: string, tx?: Tx): Promise<RecoveryLinkEntity | null> {
    const query = (tx ?? this.dataSource.manager).getRepository(RecoveryLinkEntity).createQueryBuilder('l').where('l.token_hash = :tokenHash', { tokenHash });
    return (tx ? query.setLock('pessimistic_write') : query).getOne();
  }

  /** The link with this id in this workspace (none from another), locked until `tx` ends. */
  findInWorkspace(id: string, workspaceId: string, tx: Tx): Promise<RecoveryLinkEntity | null> {
    return tx
      .getRepository(RecoveryLinkEntity)
      .createQueryBuilder('l')
      .setLock('pessimistic_write')
      .where('l.id = :id AND l.workspace_id = :workspaceId', { id, workspaceId })
      .getOne();
  }

  /** The link's partner as the link's holder may see them (a deleted account: null). */
  async partnerOf(link: RecoveryLinkEntity): Promise<{ displayName: string; email: string } | null> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id: link.accountId, deletedAt: IsNull() });
    return account ? { displayName: account.displayName, email: account.email } : null;
  }

  /** The workspace's links not used, not withdrawn and not expired at `now`, newest first. */
  async listPending(workspaceId: string, now: Date): Promise<RecoveryLinkView[]> {
    const rows: { id: string; account_id: string; partner_name: string; issued_by: string; created_at: Date; expires_at: Date }[] = await this.dataSource
      .createQueryBuilder()
      .select(['l.id AS id', 'l.account_id AS account_id', 'p.display_name AS partner_name', 'c.display_name AS issued_by', 'l.created_at AS created_at', 'l.expires_at AS expires_at'])
      .from(RecoveryLinkEntity, 'l')
      .innerJoin(AccountEntity, 'p', 'p.id = l.account_id')
      .innerJoin(AccountEntity, 'c', 'c.id = l.created_by')
      .where('l.workspace_id = :workspaceId', { workspaceId })
      .andWhere('l.used_at IS NULL AND l.withdrawn_at IS NULL AND l.expires_at > :now', { now })
      .orderBy('l.created_at', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .getRawMany();
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      partnerName: r.partner_name,
      issuedBy: r.issued_by,
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
    }));
  }

  /**
   * Marks the link used, only while it is unused, unwithdrawn, unexpired and newer than the
   * partner's password (one statement); false otherwise.
   */
  async markUsed(id: string, tx: Tx): Promise<boolean> {
    // A CTE, so the driver answers the rows (a bare UPDATE answers [rows, count]).
    const rows: unknown[] = await tx.query(
      `WITH used AS (
         UPDATE recovery_link l SET used_at = now()
          WHERE id = $1 AND used_at IS NULL AND withdrawn_at IS NULL AND expires_at > now()
            AND NOT EXISTS (SELECT 1 FROM account a WHERE a.id = l.account_id AND a.password_changed_at >= l.created_at)
          RETURNING id)
       SELECT id FROM used`,
      [id],
    );
    return rows.length === 1;
  }

  async markWithdrawn(id: string, tx: Tx): Promise<void> {
    await tx.update(RecoveryLinkEntity, { id }, { withdrawnAt: new Date() });
  }

  /** Withdraws the partner's other links in the workspace still waiting to be used (a new one replaces them); the ones withdrawn. */
  async withdrawOthers(workspaceId: string, accountId: string, keep: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH withdrawn AS (
         UPDATE recovery_link SET withdrawn_at = now()
          WHERE workspace_id = $1 AND account_id = $2 AND id <> $3 AND used_at IS NULL AND withdrawn_at IS NULL AND expires_at > now()
          RETURNING id)
       SELECT id FROM withdrawn`,
      [workspaceId, accountId, keep],
    );
    return rows.map((r) => r.id);
  }

  /** Whether the partner's password was set after the link was made (then it no longer works). */
  async outdated(link: RecoveryLinkEntity): Promise<boolean> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id: link.accountId });
    return account?.passwordChangedAt != null && account.passwordChangedAt >= link.createdAt;
  }
}
