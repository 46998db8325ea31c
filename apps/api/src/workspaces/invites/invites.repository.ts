import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@kinship/domain/rules';
import type { PendingInviteView } from '@kinship/domain/wire';
import { AccountEntity } from '../../accounts/account.entities';
import { WorkspaceEntity } from '../workspace.entities';
import { InviteEntity } from './invite.entity';
import type { Tx } from '../../database/transactions';

/** An invite as the repository hands it out. */
export type InviteRecord = InviteEntity;

/** Invite rows, found by the hash of their link's token or by id within their workspace. */
@Injectable()
export class InvitesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  async insert(row: { workspaceId: string; role: Role; tokenHash: string; createdBy: string; expiresAt: Date; note: string | null }): Promise<InviteEntity> {
    const invites = this.dataSource.getRepository(InviteEntity);
    return invites.save(invites.create(row));
  }

  /** The invite with this token hash; inside `tx` its row stays locked until `tx` ends. */
  findByTokenHash(tokenHash: string, tx?: Tx): Promise<InviteEntity | null> {
    const query = this.manager(tx).getRepository(InviteEntity).createQueryBuilder('i').where('i.token_hash = :tokenHash', { tokenHash });
    return (tx ? query.setLock('pessimistic_write') : query).getOne();
  }

  /** The invite with this id in this workspace (none from another); its row stays locked until `tx` ends. */
  findInWorkspace(id: string, workspaceId: string, tx: Tx): Promise<InviteEntity | null> {
    return tx
      .getRepository(InviteEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.id = :id AND i.workspace_id = :workspaceId', { id, workspaceId })
      .getOne();
  }

  /** What the link's holder may learn: the workspace's name and who made the invite. */
  async describe(invite: InviteEntity): Promise<{ workspaceName: string; invitedBy: string }> {
    const workspace = await this.dataSource.getRepository(WorkspaceEntity).findOneByOrFail({ id: invite.workspaceId });
    const inviter = await this.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: invite.createdBy });
    return { workspaceName: workspace.name, invitedBy: inviter.displayName };
  }

  /** The workspace's invites not used, not withdrawn and not expired at `now`, newest first. */
  async listPending(workspaceId: string, now: Date): Promise<PendingInviteView[]> {
    const rows: { id: string; note: string | null; role: Role; created_at: Date; expires_at: Date; invited_by: string }[] = await this.dataSource
      .createQueryBuilder()
      .select(['i.id AS id', 'i.note AS note', 'i.role AS role', 'i.created_at AS created_at', 'i.expires_at AS expires_at', 'a.display_name AS invited_by'])
      .from(InviteEntity, 'i')
      .innerJoin(AccountEntity, 'a', 'a.id = i.created_by')
      .where('i.workspace_id = :workspaceId', { workspaceId })
      .andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > :now', { now })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .getRawMany();
    return rows.map((r) => ({
      id: r.id,
      note: r.note,
      role: r.role,
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
      invitedBy: r.invited_by,
    }));
  }

  async markAccepted(id: string, accountId: string, tx: Tx): Promise<void> {
    await tx.update(InviteEntity, { id }, { acceptedAt: new Date(), acceptedBy: accountId });
  }

  async markWithdrawn(id: string, tx: Tx): Promise<void> {
    await tx.update(InviteEntity, { id }, { revokedAt: new Date() });
  }
}
