import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MAX_PARTNERS, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain';
import { AccountEntity, MembershipEntity, WorkspaceEntity } from '../database/entities';
import { AccessService } from './access.service';

@Injectable()
export class WorkspacesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** Whoever creates a workspace is its counselor. */
  async create(accountId: string, name: string): Promise<WorkspaceSummary> {
    return this.dataSource.transaction(async (tx) => {
      const workspace = await tx.save(tx.create(WorkspaceEntity, { name, createdBy: accountId }));
      await tx.insert(MembershipEntity, { workspaceId: workspace.id, accountId, role: 'counselor' });
      return { id: workspace.id, name: workspace.name, role: 'counselor' };
    });
  }

  async listFor(accountId: string): Promise<WorkspaceSummary[]> {
    const rows: { id: string; name: string; role: WorkspaceSummary['role'] }[] = await this.dataSource
      .createQueryBuilder()
      .select(['w.id AS id', 'w.name AS name', 'm.role AS role'])
      .from(WorkspaceEntity, 'w')
      .innerJoin(MembershipEntity, 'm', 'm.workspace_id = w.id')
      .where('m.account_id = :accountId', { accountId })
      .orderBy('w.created_at', 'DESC')
      .getRawMany();
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role }));
  }

  async detail(workspaceId: string, accountId: string): Promise<WorkspaceDetail> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    const workspace = await this.dataSource.getRepository(WorkspaceEntity).findOneByOrFail({ id: workspaceId });
    const members: { account_id: string; display_name: string; role: WorkspaceSummary['role']; joined_at: Date }[] = await this.dataSource
      .createQueryBuilder()
      .select(['m.account_id AS account_id', 'a.display_name AS display_name', 'm.role AS role', 'm.joined_at AS joined_at'])
      .from(MembershipEntity, 'm')
      .innerJoin(AccountEntity, 'a', 'a.id = m.account_id')
      .where('m.workspace_id = :workspaceId', { workspaceId })
      .orderBy('m.joined_at', 'ASC')
      .getRawMany();
    const partners = members.filter((m) => m.role === 'partner').length;
    return {
      id: workspace.id,
      name: workspace.name,
      role,
      createdAt: workspace.createdAt.toISOString(),
      members: members.map((m) => ({
        accountId: m.account_id,
        displayName: m.display_name,
        role: m.role,
        joinedAt: new Date(m.joined_at).toISOString(),
      })),
      openPartnerPlaces: Math.max(0, MAX_PARTNERS - partners),
    };
  }
}
