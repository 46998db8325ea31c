import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentKind, Role } from '@kinship/domain/rules';
import type { NotificationView } from '@kinship/domain/wire';
import type { NotificationEntity } from './notification.entity';

export interface TargetRow {
  id: string;
  workspaceId: string;
  kind: DocumentKind;
  title: string;
}

const COLUMNS = `n.id, n.workspace_id AS "workspaceId", n.kind, n.actor_id AS "actorId", a.display_name AS "actorName",
  n.agreement_id AS "agreementId", n.proposal_id AS "proposalId", n.text, n.created_at AS "createdAt", n.read_at AS "readAt"`;

/** Only notifications of workspaces the person is still a member of are listed or counted. */
const STILL_MEMBER = `JOIN membership m ON m.workspace_id = n.workspace_id AND m.account_id = n.recipient_id`;

/** A notification as read: its entity's columns and the actor's name. */
type Row = Pick<NotificationEntity, 'id' | 'workspaceId' | 'kind' | 'actorId' | 'agreementId' | 'proposalId' | 'text' | 'createdAt' | 'readAt'> & { actorName: string };

const toView = (r: Row): NotificationView => ({
  id: r.id,
  workspaceId: r.workspaceId,
  kind: r.kind,
  actor: { accountId: r.actorId, name: r.actorName },
  agreementId: r.agreementId,
  proposalId: r.proposalId,
  text: r.text,
  createdAt: new Date(r.createdAt).toISOString(),
  readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
});

/** The notification table; every read and mark is scoped to its recipient. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  async document(id: string): Promise<TargetRow | null> {
    const rows: TargetRow[] = await this.db.query(`SELECT id, workspace_id AS "workspaceId", kind, title FROM document WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async members(workspaceId: string): Promise<{ accountId: string; role: Role }[]> {
    return this.db.query(`SELECT account_id AS "accountId", role FROM membership WHERE workspace_id = $1`, [workspaceId]);
  }

  async name(accountId: string): Promise<string | null> {
    const rows: { name: string }[] = await this.db.query(`SELECT display_name AS name FROM account WHERE id = $1`, [accountId]);
    return rows[0]?.name ?? null;
  }

  async insert(
    recipientIds: string[],
    n: Pick<NotificationEntity, 'workspaceId' | 'kind' | 'actorId' | 'agreementId' | 'proposalId' | 'text'>,
  ): Promise<{ recipientId: string; notification: NotificationView }[]> {
    if (recipientIds.length === 0) return [];
    const rows: (Row & { recipientId: string })[] = await this.db.query(
      `WITH made AS (
         INSERT INTO notification (recipient_id, workspace_id, kind, actor_id, agreement_id, proposal_id, text)
         SELECT r, $2, $3, $4, $5, $6, $7 FROM unnest($1::uuid[]) AS r
         RETURNING *)
       SELECT ${COLUMNS}, n.recipient_id AS "recipientId" FROM made n JOIN account a ON a.id = n.actor_id`,
      [recipientIds, n.workspaceId, n.kind, n.actorId, n.agreementId, n.proposalId, n.text],
    );
    return rows.map((r) => ({ recipientId: r.recipientId, notification: toView(r) }));
  }

  /** Newest first; `before` is a notification of the same recipient (a stranger's id reads as no cursor match: an empty page). */
  async page(recipientId: string, limit: number, before?: string): Promise<NotificationView[]> {
    const rows: Row[] = before
      ? await this.db.query(
          `SELECT ${COLUMNS} FROM notification n JOIN account a ON a.id = n.actor_id ${STILL_MEMBER}
            WHERE n.recipient_id = $1
              AND (n.created_at, n.id) < (SELECT c.created_at, c.id FROM notification c WHERE c.id = $2 AND c.recipient_id = $1)
            ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
          [recipientId, before, limit],
        )
      : await this.db.query(
          `SELECT ${COLUMNS} FROM notification n JOIN account a ON a.id = n.actor_id ${STILL_MEMBER}
            WHERE n.recipient_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
          [recipientId, limit],
        );
    return rows.map(toView);
  }

  async unread(recipientId: string): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM notification n ${STILL_MEMBER} WHERE n.recipient_id = $1 AND n.read_at IS NULL`, [recipientId]);
    return row.n;
  }

  /** Marks the recipient's own notifications read (these ids, or all); another's are never touched. */
  async markRead(recipientId: string, ids: string[] | 'all'): Promise<number> {
    const [, count] = (await (ids === 'all'
      ? this.db.query(`UPDATE notification SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL`, [recipientId])
      : this.db.query(`UPDATE notification SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL AND id = ANY($2::uuid[])`, [recipientId, ids]))) as [
      unknown,
      number,
    ];
    return count;
  }
}
