import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { AccountsService } from '../accounts/accounts.service';
import { AccountDeletionRepository } from './account-deletion.repository';
import { EventBus, InjectEventBus, MEMBERSHIP_ENDED, MembershipEnded, LOGIN_ENDED, LoginEnded } from '../events/events';

/**
 * Deleting an account, separate from clinical retention.
 *
 * Deleted at once: the email, the name and the password hash (the row becomes a tombstone named
 * "A former member"), every login session (each one's sockets close), every membership, the
 * notifications to and about the person, invites they made that nobody used, and their second
 * factor (TOTP secret, recovery codes, logins waiting for a code, with their address and device).
 *
 * Kept, for the counselor's records: the documents and every edit (`document_update`,
 * `document_client` keep the account id, which now names "A former member"), agreements and their
 * versions, live-session records. They stay as long as the practice keeps records
 * (RECORD_RETENTION_YEARS, stated to the person before they confirm).
 *
 * A counselor whose workspace still has partners is refused: those partners' records need their
 * counselor. Workspaces they counsel alone go with the account. Their rows are locked before the
 * people in them are counted, as accepting an invite locks its workspace: an invite accepted at
 * the same moment either joins first (and the deletion is refused) or finds the workspace gone.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    private readonly repository: AccountDeletionRepository,
    private readonly transactions: Transactions,
    @InjectEventBus() private readonly events: EventBus,
    private readonly accounts: AccountsService,
  ) {}

  async delete(accountId: string, password: string): Promise<void> {
    // A wrong password counts as a failed log-in: a stolen session cannot guess it here.
    if (!(await this.accounts.passwordMatches(accountId, password))) {
      throw new DomainError('forbidden', 'That password is not right; your account was not deleted', 'password');
    }
    const { sessions, workspaces } = await this.transactions.run(async (tx) => {
      if (!(await this.repository.lockLive(accountId, tx))) throw new DomainError('not_found', 'This account was already deleted');
      // Their workspaces stay as counted until this ends: a partner joining now joins first, or finds the workspace gone.
      await this.repository.lockCounselled(accountId, tx);
      const counselled = await this.repository.counselled(accountId, tx);
      const shared = counselled.filter((w) => w.others > 0);
      if (shared.length > 0) {
        throw new DomainError(
          'conflict',
          `You are the counselor of ${shared.map((w) => `“${w.name}”`).join(', ')}, which still has other people in it. Remove them from the workspace first; their records need their counselor.`,
        );
      }
      await this.repository.deleteWorkspaces(
        counselled.map((w) => w.workspace_id),
        tx,
      );
      const sessions = await this.repository.deleteLogins(accountId, tx);
      const workspaces = await this.repository.deleteMemberships(accountId, tx);
      await this.repository.deleteNotifications(accountId, tx);
      await this.repository.withdrawOpenInvites(accountId, tx);
      await this.repository.deleteSecondFactor(accountId, tx);
      await this.repository.anonymise(accountId, tx);
      return { sessions, workspaces };
    });
    // After the commit: every socket of every session closes, and the workspaces let go of the person.
    for (const tokenHash of sessions) {
      const event: LoginEnded = { tokenHash, accountId };
      this.events.emit(LOGIN_ENDED, event);
    }
    for (const workspaceId of workspaces) {
      const event: MembershipEnded = { workspaceId, accountId, by: 'self', byAccountId: accountId };
      this.events.emit(MEMBERSHIP_ENDED, event);
    }
  }
}
