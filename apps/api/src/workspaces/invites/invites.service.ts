import { Inject, Injectable } from '@nestjs/common';
import { MAX_PARTNERS } from '@kinship/domain/rules';
import { InviteAccepted, InviteCreated, InvitePreview, PendingInviteView } from '@kinship/domain/wire';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { DomainError } from '../../common/domain-error';
import { hashSecretToken, newSecretToken } from '../../common/secret-token';
import { Transactions, Tx } from '../../database/transactions';
import { AccessService } from '../access.service';
import { MembershipsRepository } from '../memberships.repository';
import { WorkspacesRepository } from '../workspaces.repository';
import { InviteRecord, InvitesRepository } from './invites.repository';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../../events/events';

/**
 * Partner invites: a random, single-use, expiring token whose hash alone is stored. A workspace
 * holds at most two partners, checked when inviting and again, under a lock, when accepting. The
 * counselor sees the pending ones (for whom, until when) and may withdraw one before it is used.
 */
@Injectable()
export class InvitesService {
  constructor(
    private readonly invites: InvitesRepository,
    private readonly memberships: MembershipsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly access: AccessService,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectEventBus() private readonly events: EventBus,
  ) {}

  async create(workspaceId: string, accountId: string, note: string | null): Promise<InviteCreated> {
    await this.access.require(workspaceId, accountId, { type: 'workspace.invite' });
    if ((await this.memberships.countPartners(workspaceId)) >= MAX_PARTNERS) {
      throw new DomainError('conflict', 'This workspace already has two partners');
    }
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.inviteTtlMs);
    const invite = await this.invites.insert({ workspaceId, role: 'partner', tokenHash: hashSecretToken(token), createdBy: accountId, expiresAt, note });
    await this.events.emitAsync(AUDIT_DEED, { kind: 'invite-created', accountId, workspaceId, inviteId: invite.id });
    return { id: invite.id, token, url: `${this.config.publicUrl}/invite/${token}`, expiresAt: expiresAt.toISOString(), note: invite.note };
  }

  /** The invites still waiting to be used, newest first; only the counselor sees them. */
  async listPending(workspaceId: string, accountId: string): Promise<PendingInviteView[]> {
    await this.access.require(workspaceId, accountId, { type: 'workspace.invite.manage' });
    return this.invites.listPending(workspaceId, new Date());
  }

  /** Withdraws an unused invite so its link stops working; withdrawing it again changes nothing. */
  async withdraw(workspaceId: string, inviteId: string, accountId: string): Promise<void> {
    await this.access.require(workspaceId, accountId, { type: 'workspace.invite.manage' });
    const withdrawn = await this.transactions.run(async (tx) => {
      // Locked, so an acceptance happening now either finishes first (and this is a 409) or sees it withdrawn.
      const invite = await this.invites.findInWorkspace(inviteId, workspaceId, tx);
      if (!invite) throw new DomainError('not_found', 'Invite was not found');
      if (invite.acceptedAt) throw new DomainError('conflict', 'This invite has already been used; it cannot be withdrawn');
      if (invite.revokedAt) return false;
      await this.invites.markWithdrawn(invite.id, tx);
      return true;
    });
    if (withdrawn) await this.events.emitAsync(AUDIT_DEED, { kind: 'invite-withdrawn', accountId, workspaceId, inviteId });
  }

  async preview(token: string): Promise<InvitePreview> {
    const invite = await this.usableInvite(token);
    const { workspaceName, invitedBy } = await this.invites.describe(invite);
    return { workspaceName, invitedBy, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
  }

  async accept(token: string, accountId: string): Promise<InviteAccepted> {
    // Read before the transaction: inside it, a read on another connection would wait for the
    // transaction itself on the embedded database (one query at a time).
    const { workspaceId } = await this.usableInvite(token);
    const accepted = await this.transactions.run(async (tx) => {
      // The workspace is locked first, then the invite (the order a counselor's account deletion
      // takes its workspaces in): two partners accepting at once cannot both take the last place,
      // and a counselor's deletion either sees this partner in the workspace or went first.
      if (!(await this.workspaces.lock(workspaceId, tx))) throw new DomainError('gone', 'This workspace no longer exists; ask your counselor for a new invite');
      const invite = await this.usableInvite(token, tx);
      const existing = await this.memberships.roleOf(invite.workspaceId, accountId, tx);
      if (existing) throw new DomainError('conflict', `You are already in this workspace as its ${existing}`);
      if ((await this.memberships.countPartners(invite.workspaceId, tx)) >= MAX_PARTNERS) {
        throw new DomainError('conflict', 'This workspace already has two partners');
      }
      await this.memberships.add({ workspaceId: invite.workspaceId, accountId, role: invite.role }, tx);
      await this.invites.markAccepted(invite.id, accountId, tx);
      return { workspaceId: invite.workspaceId, role: invite.role, inviteId: invite.id };
    });
    await this.events.emitAsync(AUDIT_DEED, { kind: 'invite-accepted', accountId, workspaceId: accepted.workspaceId, inviteId: accepted.inviteId, subjectId: accountId });
    return { workspaceId: accepted.workspaceId, role: accepted.role };
  }

  /** The invite behind a link, when it can still be used; inside `tx` its row stays locked. */
  private async usableInvite(token: string, tx?: Tx): Promise<InviteRecord> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('not_found', 'This invite link is not valid');
    const invite = await this.invites.findByTokenHash(hashSecretToken(token), tx);
    if (!invite) throw new DomainError('not_found', 'This invite link is not valid');
    if (invite.acceptedAt) throw new DomainError('gone', 'This invite link has already been used');
    if (invite.revokedAt) throw new DomainError('gone', 'This invite link was withdrawn; ask your counselor for a new one');
    if (invite.expiresAt.getTime() <= Date.now()) throw new DomainError('gone', 'This invite link has expired; ask your counselor for a new one');
    return invite;
  }
}
