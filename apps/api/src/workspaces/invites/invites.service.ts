import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InviteAccepted, InviteCreated, InvitePreview, MAX_PARTNERS } from '@kinship/domain';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { DomainError } from '../../common/domain-error';
import { hashSecretToken, newSecretToken } from '../../common/secret-token';
import { AccountEntity, InviteEntity, MembershipEntity, WorkspaceEntity } from '../../database/entities';
import { AccessService } from '../access.service';

/**
 * Partner invites: a random, single-use, expiring token whose hash alone is stored. A workspace
 * holds at most two partners, checked when inviting and again, under a lock, when accepting.
 */
@Injectable()
export class InvitesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(workspaceId: string, accountId: string): Promise<InviteCreated> {
    await this.access.require(workspaceId, accountId, { type: 'workspace.invite' });
    if ((await this.partnerCount(this.dataSource.manager, workspaceId)) >= MAX_PARTNERS) {
      throw new DomainError('conflict', 'This workspace already has two partners');
    }
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.inviteTtlMs);
    const inserted = await this.dataSource.getRepository(InviteEntity).insert({
      workspaceId,
      role: 'partner',
      tokenHash: hashSecretToken(token),
      createdBy: accountId,
      expiresAt,
    });
    const id = (inserted.identifiers[0] as { id: string }).id;
    return { id, token, url: `${this.config.publicUrl}/invite/${token}`, expiresAt: expiresAt.toISOString(), note: null };
  }

  async preview(token: string): Promise<InvitePreview> {
    const invite = await this.usableInvite(this.dataSource.manager, token, false);
    const workspace = await this.dataSource.getRepository(WorkspaceEntity).findOneByOrFail({ id: invite.workspaceId });
    const inviter = await this.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: invite.createdBy });
    return { workspaceName: workspace.name, invitedBy: inviter.displayName, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
  }

  async accept(token: string, accountId: string): Promise<InviteAccepted> {
    return this.dataSource.transaction(async (tx) => {
      const invite = await this.usableInvite(tx, token, true);
      // Lock the workspace so two partners accepting at once cannot both take the last place.
      await tx.getRepository(WorkspaceEntity).createQueryBuilder('w').setLock('pessimistic_write').where('w.id = :id', { id: invite.workspaceId }).getOneOrFail();
      const existing = await tx.findOneBy(MembershipEntity, { workspaceId: invite.workspaceId, accountId });
      if (existing) throw new DomainError('conflict', `You are already in this workspace as its ${existing.role}`);
      if ((await this.partnerCount(tx, invite.workspaceId)) >= MAX_PARTNERS) {
        throw new DomainError('conflict', 'This workspace already has two partners');
      }
      await tx.insert(MembershipEntity, { workspaceId: invite.workspaceId, accountId, role: invite.role });
      await tx.update(InviteEntity, { id: invite.id }, { acceptedAt: new Date(), acceptedBy: accountId });
      return { workspaceId: invite.workspaceId, role: invite.role };
    });
  }

  private async usableInvite(manager: EntityManager, token: string, lock: boolean): Promise<InviteEntity> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('not_found', 'This invite link is not valid');
    const query = manager.getRepository(InviteEntity).createQueryBuilder('i').where('i.token_hash = :hash', { hash: hashSecretToken(token) });
    const invite = await (lock ? query.setLock('pessimistic_write') : query).getOne();
    if (!invite) throw new DomainError('not_found', 'This invite link is not valid');
    if (invite.acceptedAt) throw new DomainError('gone', 'This invite link has already been used');
    if (invite.expiresAt.getTime() <= Date.now()) throw new DomainError('gone', 'This invite link has expired; ask your counselor for a new one');
    return invite;
  }

  private partnerCount(manager: EntityManager, workspaceId: string): Promise<number> {
    return manager.countBy(MembershipEntity, { workspaceId, role: 'partner' });
  }
}
