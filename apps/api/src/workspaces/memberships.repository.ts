import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@kinship/domain/rules';
import type { MemberView, WorkspaceSummary } from '@kinship/domain/wire';
import { AccountEntity } from '../accounts/account.entities';
import { MembershipEntity, WorkspaceEntity } from './workspace.entities';
import type { Tx } from '../database/transactions';

/** Who belongs to which workspace, and as what. */
@Injectable()
export class MembershipsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  async roleOf(workspaceId: string, accountId: string, tx?: Tx): Promise<Role | null> {
    const membership = await this.manager(tx).findOneBy(MembershipEntity, { workspaceId, accountId });
    return membership?.role ?? null;
  }

  countPartners(workspaceId: string, tx?: Tx): Promise<number> {
    return this.manager(tx).countBy(MembershipEntity, { workspaceId, role: 'partner' });
  }

  async add(membership: { workspaceId: string; accountId: string; role: Role }, tx?: Tx): Promise<void> {
    await this.manager(tx).insert(MembershipEntity, membership);
  }

  /** Ends a membership; true when there was one. */
  async remove(workspaceId: string, accountId: string, tx?: Tx): Promise<boolean> {
    const result = await this.manager(tx).delete(MembershipEntity, { workspaceId, accountId });
    return (result.affected ?? 0) > 0;
  }

  /** The workspaces this account belongs to, newest first, with its role in each. */
  async workspacesOf(accountId: string): Promise<WorkspaceSummary[]> {
    const rows: { id: string; name: string; role: Role }[] = await this.dataSource
      .createQueryBuilder()
      .select(['w.id AS id', 'w.name AS name', 'm.role AS role'])
      .from(WorkspaceEntity, 'w')
      .innerJoin(MembershipEntity, 'm', 'm.workspace_id = w.id')
      .where('m.account_id = :accountId', { accountId })
      .orderBy('w.created_at', 'DESC')
      .getRawMany();
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role }));
  }

  /** A workspace's members in the order they joined. */
  async membersOf(workspaceId: string): Promise<MemberView[]> {
    const rows: { account_id: string; display_name: string; role: Role; joined_at: Date }[] = await this.dataSource
      .createQueryBuilder()
      .select(['m.account_id AS account_id', 'a.display_name AS display_name', 'm.role AS role', 'm.joined_at AS joined_at'])
      .from(MembershipEntity, 'm')
      .innerJoin(AccountEntity, 'a', 'a.id = m.account_id')
      .where('m.workspace_id = :workspaceId', { workspaceId })
      .orderBy('m.joined_at', 'ASC')
      .getRawMany();
    return rows.map((m) => ({ accountId: m.account_id, displayName: m.display_name, role: m.role, joinedAt: new Date(m.joined_at).toISOString() }));
  }
}
