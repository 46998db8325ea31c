import { Injectable } from '@nestjs/common';
import { can } from '@kinship/domain/rules';
import { DomainError } from '../../common/domain-error';
import { Transactions } from '../../database/transactions';
import { AccessService } from '../access.service';
import { MembershipsRepository } from '../memberships.repository';
import { EventBus, InjectEventBus, MEMBERSHIP_ENDED, MembershipEnded } from '../../events/events';

/**
 * Ending a membership: the counselor removes a partner, or a partner leaves. What they wrote stays
 * theirs (authorship is by Yjs client id, `document_client`, which is never touched); their
 * sockets to the workspace close at once (`membership.ended`); they may be invited again.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly access: AccessService,
    private readonly transactions: Transactions,
    @InjectEventBus() private readonly events: EventBus,
  ) {}

  async remove(workspaceId: string, callerId: string, memberId: string): Promise<void> {
    await this.access.require(workspaceId, callerId, { type: 'workspace.view' });
    await this.transactions.run(async (tx) => {
      const callerRole = await this.memberships.roleOf(workspaceId, callerId, tx);
      const memberRole = await this.memberships.roleOf(workspaceId, memberId, tx);
      if (callerRole !== 'counselor') throw new DomainError('forbidden', 'Only the counselor can remove someone from the workspace');
      if (memberId === callerId) throw new DomainError('forbidden', 'The counselor cannot remove themselves from their workspace');
      if (memberRole === null) throw new DomainError('not_found', 'This person is not in the workspace');
      if (!can({ role: callerRole }, { type: 'workspace.member.remove', member: { role: memberRole, self: false } })) {
        throw new DomainError('forbidden', 'Only a partner can be removed from the workspace');
      }
      await this.memberships.remove(workspaceId, memberId, tx);
    });
    this.ended({ workspaceId, accountId: memberId, by: 'counselor', byAccountId: callerId });
  }

  async leave(workspaceId: string, accountId: string): Promise<void> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    if (!can({ role }, { type: 'workspace.leave' })) {
      throw new DomainError('forbidden', 'The counselor keeps the workspace and its records, so they cannot leave it');
    }
    const removed = await this.transactions.run((tx) => this.memberships.remove(workspaceId, accountId, tx));
    if (removed) this.ended({ workspaceId, accountId, by: 'self', byAccountId: accountId });
  }

  private ended(event: MembershipEnded): void {
    this.events.emit(MEMBERSHIP_ENDED, event);
  }
}
