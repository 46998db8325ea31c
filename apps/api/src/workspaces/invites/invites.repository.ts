import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@kinship/domain';
import { AccountEntity, InviteEntity, WorkspaceEntity } from '../../database/entities';
import type { Tx } from '../../database/transactions';

/** Invite rows, found by the hash of their link's token. */
@Injectable()
export class InvitesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  async insert(row: { workspaceId: string; role: Role; tokenHash: string; createdBy: string; expiresAt: Date }): Promise<InviteEntity> {
    const invites = this.dataSource.getRepository(InviteEntity);
    return invites.save(invites.create(row));
  }

  /** The invite with this token hash; `lock` holds its row until `tx` ends. */
  findByTokenHash(tokenHash: string, tx?: Tx, lock = false): Promise<InviteEntity | null> {
    const query = this.manager(tx).getRepository(InviteEntity).createQueryBuilder('i').where('i.token_hash = :tokenHash', { tokenHash });
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  /** What the link's holder may learn: the workspace's name and who made the invite. */
  async describe(invite: InviteEntity): Promise<{ workspaceName: string; invitedBy: string }> {
    const workspace = await this.dataSource.getRepository(WorkspaceEntity).findOneByOrFail({ id: invite.workspaceId });
    const inviter = await this.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: invite.createdBy });
    return { workspaceName: workspace.name, invitedBy: inviter.displayName };
  }

  async markAccepted(id: string, accountId: string, tx: Tx): Promise<void> {
    await tx.update(InviteEntity, { id }, { acceptedAt: new Date(), acceptedBy: accountId });
  }
}
