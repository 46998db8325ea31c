import { Injectable } from '@nestjs/common';
import { MAX_PARTNERS } from '@kinship/domain/rules';
import { WorkspaceDetail, WorkspaceSummary } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { AccessService } from './access.service';
import { MembershipsRepository } from './memberships.repository';
import { WorkspacesRepository } from './workspaces.repository';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';

@Injectable()
export class WorkspacesService {
  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly memberships: MembershipsRepository,
    private readonly access: AccessService,
    private readonly transactions: Transactions,
    @InjectEventBus() private readonly events: EventBus,
  ) {}

  /** Whoever creates a workspace is its counselor. */
  async create(accountId: string, name: string): Promise<WorkspaceSummary> {
    const created: WorkspaceSummary = await this.transactions.run(async (tx) => {
      const workspace = await this.workspaces.insert({ name, createdBy: accountId }, tx);
      await this.memberships.add({ workspaceId: workspace.id, accountId, role: 'counselor' }, tx);
      return { id: workspace.id, name: workspace.name, role: 'counselor' };
    });
    await this.events.emitAsync(AUDIT_DEED, { kind: 'membership-added', accountId, workspaceId: created.id, subjectId: accountId });
    return created;
  }

  listFor(accountId: string): Promise<WorkspaceSummary[]> {
    return this.memberships.workspacesOf(accountId);
  }

  async detail(workspaceId: string, accountId: string): Promise<WorkspaceDetail> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    const workspace = await this.workspaces.findById(workspaceId);
    if (!workspace) throw new DomainError('not_found', 'Workspace was not found');
    const members = await this.memberships.membersOf(workspaceId);
    const partners = members.filter((m) => m.role === 'partner').length;
    return {
      id: workspace.id,
      name: workspace.name,
      role,
      createdAt: workspace.createdAt.toISOString(),
      members,
      openPartnerPlaces: Math.max(0, MAX_PARTNERS - partners),
    };
  }
}
