import { Injectable } from '@nestjs/common';
import { Action, can, Role } from '@kinship/domain/rules';
import { DomainError } from '../common/domain-error';
import { MembershipsRepository } from './memberships.repository';

/**
 * The server's door to the shared rules: looks up the caller's role in a workspace and asks
 * `can()` from libs/domain. REST services and the sync server both come through here.
 */
@Injectable()
export class AccessService {
  constructor(private readonly memberships: MembershipsRepository) {}

  roleIn(workspaceId: string, accountId: string): Promise<Role | null> {
    return this.memberships.roleOf(workspaceId, accountId);
  }

  /**
   * The caller's role, when the rules allow the action. A stranger learns nothing: the workspace
   * is "not found" for them, whether it exists or not.
   */
  async require(workspaceId: string, accountId: string, action: Action, what = 'Workspace'): Promise<Role> {
    const role = await this.roleIn(workspaceId, accountId);
    if (role === null) throw new DomainError('not_found', `${what} was not found`);
    if (!can({ role, accountId }, action)) throw new DomainError('forbidden', forbiddenMessage(action));
    return role;
  }
}

function forbiddenMessage(action: Action): string {
  switch (action.type) {
    case 'workspace.invite':
      return 'Only the counselor can invite partners';
    case 'workspace.invite.manage':
      return 'Only the counselor can see and withdraw invites';
    case 'workspace.audit':
      return 'Only the counselor can see the workspace’s audit trail';
    case 'document.list':
    case 'document.create':
    case 'document.read':
    case 'document.write':
    case 'document.rename':
    case 'document.archive':
      return 'This document is not available to you';
    default:
      return 'You do not have access to this';
  }
}
