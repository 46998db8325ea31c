import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { can } from '@kinship/domain/rules';
import type { PasswordReset, RecoveryLinkCreated, RecoveryLinkPreview, RecoveryLinkView } from '@kinship/domain/wire';
import { APP_CONFIG, AppConfig } from '../config/env';
import { AccountsService } from '../accounts/accounts.service';
import { DomainError } from '../common/domain-error';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { Transactions } from '../database/transactions';
import { MembershipsRepository } from '../workspaces/memberships.repository';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';
import { RecoveryLinkRecord, RecoveryLinksRepository } from './recovery-links.repository';

const FORBIDDEN = 'Only the counselor can issue a recovery link, and only for a partner of their workspace';

/**
 * Recovery through the counselor, needing no email: a counselor issues a partner of their
 * workspace a one-time link (random, only its SHA-256 kept, expiring after RECOVERY_LINK_TTL_HOURS,
 * listed and withdrawable, like an invite). Whoever opens it sets the partner's new password; the
 * counselor never sees or sets it. Using it ends every login of the account (their sockets close);
 * two-step sign-in, if on, is still asked at sign-in. Who may issue one is `can()`'s
 * `account.recovery-link`: the counselor, for a partner, never a partner, for anyone.
 */
@Injectable()
export class RecoveryLinksService {
  constructor(
    private readonly links: RecoveryLinksRepository,
    private readonly memberships: MembershipsRepository,
    private readonly accounts: AccountsService,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectEventBus() private readonly events: EventBus,
  ) {}

  async issue(workspaceId: string, actorId: string, partnerId: string): Promise<RecoveryLinkCreated> {
    const memberRole = await this.requireAllowed(workspaceId, actorId, partnerId);
    if (memberRole === null) throw new DomainError('not_found', 'This person is not a partner in this workspace');
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.recoveryLinkTtlMs);
    const link = await this.links.insert({ workspaceId, accountId: partnerId, tokenHash: hashSecretToken(token), createdBy: actorId, expiresAt });
    // The newest link is the one that works: one the counselor gave out before (lost, or sent to the wrong place) stops.
    const replaced = await this.links.withdrawOthers(workspaceId, partnerId, link.id);
    await this.events.emitAsync(AUDIT_DEED, { kind: 'recovery-link-issued', accountId: actorId, workspaceId, subjectId: partnerId });
    for (const _ of replaced) await this.events.emitAsync(AUDIT_DEED, { kind: 'recovery-link-withdrawn', accountId: actorId, workspaceId, subjectId: partnerId });
    const view = (await this.links.listPending(workspaceId, new Date())).find((l) => l.id === link.id);
    if (!view) throw new DomainError('gone', 'This recovery link is gone already');
    return { ...view, url: `${this.config.publicUrl}/recover/${token}` };
  }

  /** The links still waiting to be used, newest first; only the counselor sees them. */
  async listPending(workspaceId: string, actorId: string): Promise<RecoveryLinkView[]> {
    await this.requireAllowed(workspaceId, actorId, null);
    return this.links.listPending(workspaceId, new Date());
  }

  /** Withdraws an unused link so it stops working; withdrawing it again changes nothing. */
  async withdraw(workspaceId: string, linkId: string, actorId: string): Promise<void> {
    await this.requireAllowed(workspaceId, actorId, null);
    const withdrawn = await this.transactions.run(async (tx) => {
      const link = await this.links.findInWorkspace(linkId, workspaceId, tx);
      if (!link) throw new DomainError('not_found', 'Recovery link was not found');
      if (link.usedAt) throw new DomainError('conflict', 'This recovery link has already been used; it cannot be withdrawn');
      if (link.withdrawnAt) return null;
      await this.links.markWithdrawn(link.id, tx);
      return link;
    });
    if (withdrawn) await this.events.emitAsync(AUDIT_DEED, { kind: 'recovery-link-withdrawn', accountId: actorId, workspaceId, subjectId: withdrawn.accountId });
  }

  /** Whose password the link sets, for its holder to see before choosing one. */
  async preview(token: string): Promise<RecoveryLinkPreview> {
    const link = await this.usableLink(token);
    const partner = await this.links.partnerOf(link);
    if (!partner) throw new DomainError('gone', 'This recovery link no longer works; ask your counselor for a new one');
    return { ...partner, expiresAt: link.expiresAt.toISOString() };
  }

  /** Sets the partner's new password; the link is used up, and every login of the account ends, in one transaction. */
  async use(token: string, newPassword: string): Promise<PasswordReset> {
    const link = await this.usableLink(token);
    const { secondFactor } = await this.accounts.setForgottenPassword(link.accountId, newPassword, {
      appCodeRequired: false,
      spend: async (tx) => {
        if (!(await this.links.markUsed(link.id, tx))) throw new DomainError('gone', 'This recovery link has just been used or withdrawn; ask your counselor for a new one');
      },
    });
    await this.events.emitAsync(AUDIT_DEED, { kind: 'recovery-link-used', accountId: link.accountId, workspaceId: link.workspaceId, subjectId: link.accountId });
    return { secondFactor };
  }

  /**
   * Refuses unless the rules let the actor issue (and see, and withdraw) recovery links in this
   * workspace, for this member when one is named; a stranger learns nothing (404). The named
   * member's role, or null when they are not a member.
   */
  private async requireAllowed(workspaceId: string, actorId: string, memberId: string | null) {
    const role = await this.memberships.roleOf(workspaceId, actorId);
    if (role === null) throw new DomainError('not_found', 'Workspace was not found');
    const memberRole = memberId ? await this.memberships.roleOf(workspaceId, memberId) : null;
    // An unknown member is judged as a partner would be: a partner is refused either way, a counselor learns they are not there.
    const member = { role: memberRole ?? 'partner', self: memberId === actorId };
    if (!can({ role }, { type: 'account.recovery-link', member })) throw new DomainError('forbidden', FORBIDDEN);
    return memberRole;
  }

  /** The link behind a token, when it can still be used: unused, unwithdrawn, unexpired, and its partner still in the workspace. */
  private async usableLink(token: string): Promise<RecoveryLinkRecord> {
    const invalid = 'This recovery link is not valid; check that you copied all of it, or ask your counselor for a new one';
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('not_found', invalid);
    const tokenHash = hashSecretToken(token);
    const link = await this.links.findByTokenHash(tokenHash);
    // Found by its hash; the hashes compared again in constant time, so nothing of the row's timing is left to learn from.
    if (!link || !timingSafeEqual(Buffer.from(link.tokenHash, 'hex'), Buffer.from(tokenHash, 'hex'))) throw new DomainError('not_found', invalid);
    if (link.usedAt) throw new DomainError('gone', 'This recovery link has already been used; it works once. Ask your counselor for a new one if you need it');
    if (link.withdrawnAt) throw new DomainError('gone', 'This recovery link was withdrawn by your counselor; ask them for a new one');
    if (link.expiresAt.getTime() <= Date.now()) throw new DomainError('gone', 'This recovery link has expired; ask your counselor for a new one');
    if (await this.links.outdated(link)) throw new DomainError('gone', 'This recovery link no longer works: a new password was set after it was made. Ask your counselor for a new one if you need it');
    if ((await this.memberships.roleOf(link.workspaceId, link.accountId)) !== 'partner') {
      throw new DomainError('gone', 'This recovery link no longer works; ask your counselor for a new one');
    }
    return link;
  }
}
