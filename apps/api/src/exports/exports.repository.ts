import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ExportedNotification {
  id: string;
  workspaceId: string;
  recipientId: string;
  kind: string;
  actorId: string;
  agreementId: string;
  proposalId: string | null;
  text: string;
  createdAt: string;
  readAt: string | null;
}

/** Reads for exports that no other feature answers in whole (every notification, not a page). */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  account(accountId: string): Promise<{ id: string; email: string; display_name: string; created_at: Date }[]> {
    return this.dataSource.query(`SELECT id, email, display_name, created_at FROM account WHERE id = $1`, [accountId]);
  }

  /** The person's own notifications, oldest first. */
  notificationsOf(accountId: string): Promise<ExportedNotification[]> {
    // As the bell shows them: only of workspaces the person is still in.
    return this.notifications(`recipient_id = $1 AND EXISTS (SELECT 1 FROM membership m WHERE m.workspace_id = notification.workspace_id AND m.account_id = $1)`, accountId);
  }

  /** Every notification of a workspace, whoever received it (the counselor's whole-workspace export). */
  notificationsIn(workspaceId: string): Promise<ExportedNotification[]> {
    return this.notifications(`workspace_id = $1`, workspaceId);
  }

  private async notifications(where: string, id: string): Promise<ExportedNotification[]> {
    const rows: Array<Record<string, string | Date | null>> = await this.dataSource.query(
      `SELECT id, workspace_id, recipient_id, kind, actor_id, agreement_id, proposal_id, text, created_at, read_at
         FROM notification WHERE ${where} ORDER BY created_at, id`,
      [id],
    );
    return rows.map((r) => ({
      id: r.id as string,
      workspaceId: r.workspace_id as string,
      recipientId: r.recipient_id as string,
      kind: r.kind as string,
      actorId: r.actor_id as string,
      agreementId: r.agreement_id as string,
      proposalId: (r.proposal_id as string | null) ?? null,
      text: r.text as string,
      createdAt: new Date(r.created_at as Date).toISOString(),
      readAt: r.read_at ? new Date(r.read_at as Date).toISOString() : null,
    }));
  }
}
