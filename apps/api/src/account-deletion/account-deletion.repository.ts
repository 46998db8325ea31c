import { Injectable } from '@nestjs/common';
import { FORMER_MEMBER_NAME } from '@kinship/domain/wire';
import type { Tx } from '../database/transactions';

/** The rows an account deletion changes, all inside the caller's transaction. */
@Injectable()
export class AccountDeletionRepository {
  /** Locks the account's row; false when it is unknown or already deleted. */
  async lockLive(accountId: string, tx: Tx): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM account WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [accountId]);
    return rows.length === 1;
  }

  /**
   * Locks the rows of the workspaces the account counsels (in one order), so an invite being
   * accepted in one of them finishes first or waits for the deletion: the count of other people
   * read next is the one that holds.
   */
  async lockCounselled(accountId: string, tx: Tx): Promise<void> {
    await tx.query(
      `SELECT w.id FROM workspace w JOIN membership m ON m.workspace_id = w.id
        WHERE m.account_id = $1 AND m.role = 'counselor' ORDER BY w.id FOR UPDATE OF w`,
      [accountId],
    );
  }

  /** Each workspace the account counsels, with how many other people are in it. */
  counselled(accountId: string, tx: Tx): Promise<{ workspace_id: string; name: string; others: number }[]> {
    return tx.query(
      `SELECT m.workspace_id, w.name, (SELECT count(*)::int FROM membership o WHERE o.workspace_id = m.workspace_id AND o.account_id <> m.account_id) AS others
         FROM membership m JOIN workspace w ON w.id = m.workspace_id
        WHERE m.account_id = $1 AND m.role = 'counselor'`,
      [accountId],
    );
  }

  async deleteWorkspaces(ids: string[], tx: Tx): Promise<void> {
    if (ids.length > 0) await tx.query(`DELETE FROM workspace WHERE id = ANY($1::uuid[])`, [ids]);
  }

  // A DELETE through `query` answers [rows, count]; a SELECT over its RETURNING answers the rows.
  /** Deletes every login session of the account; their token hashes, so their sockets can close. */
  async deleteLogins(accountId: string, tx: Tx): Promise<string[]> {
    const rows: { token_hash: string }[] = await tx.query(`WITH gone AS (DELETE FROM auth_session WHERE account_id = $1 RETURNING token_hash) SELECT token_hash FROM gone`, [accountId]);
    return rows.map((r) => r.token_hash);
  }

  /** Ends every membership of the account; the workspaces it was in. */
  async deleteMemberships(accountId: string, tx: Tx): Promise<string[]> {
    const rows: { workspace_id: string }[] = await tx.query(`WITH gone AS (DELETE FROM membership WHERE account_id = $1 RETURNING workspace_id) SELECT workspace_id FROM gone`, [accountId]);
    return rows.map((r) => r.workspace_id);
  }

  /**
   * Notifications are messages, not records: those sent to the person, and those that name them
   * to others ("Alex proposed…"), are deleted.
   */
  async deleteNotifications(accountId: string, tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM notification WHERE recipient_id = $1 OR actor_id = $1`, [accountId]);
  }

  /** Withdraws invites the person made that nobody used yet. */
  async withdrawOpenInvites(accountId: string, tx: Tx): Promise<void> {
    await tx.query(`UPDATE invite SET revoked_at = now() WHERE created_by = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [accountId]);
  }

  /** The second factor: the TOTP secret, the recovery codes, and logins waiting for a code (they keep an address and a device). */
  async deleteSecondFactor(accountId: string, tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM recovery_code WHERE account_id = $1`, [accountId]);
    await tx.query(`DELETE FROM account_totp WHERE account_id = $1`, [accountId]);
    await tx.query(`DELETE FROM pending_login WHERE account_id = $1`, [accountId]);
  }

  /**
   * The tombstone: the row stays so the records that point at it keep their references, but its
   * email, name and password hash are gone (the email becomes free for a new account).
   */
  async anonymise(accountId: string, tx: Tx): Promise<void> {
    await tx.query(`UPDATE account SET email = 'deleted-' || id || '@deleted.invalid', display_name = $2, password_hash = '', deleted_at = now() WHERE id = $1`, [
      accountId,
      FORMER_MEMBER_NAME,
    ]);
  }
}
