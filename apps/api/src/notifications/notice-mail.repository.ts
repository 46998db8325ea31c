import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NoticeMailEntity } from './notice-mail.entity';

/** Each person's choice of a notice mail, and when the last one left. */
@Injectable()
export class NoticeMailRepository {
  constructor(private readonly db: DataSource) {}

  async enabled(accountId: string): Promise<boolean> {
    return (await this.db.getRepository(NoticeMailEntity).findOneBy({ accountId }))?.enabled ?? false;
  }

  async set(accountId: string, enabled: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO notice_mail (account_id, enabled) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE SET enabled = EXCLUDED.enabled, changed_at = now()`,
      [accountId, enabled],
    );
  }

  /**
   * Takes the person's turn for a notice mail, in one statement (so two processes never both
   * send): only when they chose it, their account is live and none left within `everyMs`.
   * Their address when the turn is theirs, or null.
   */
  async claim(accountId: string, everyMs: number): Promise<string | null> {
    const rows: { email: string }[] = await this.db.query(
      `WITH claimed AS (
         UPDATE notice_mail n SET last_sent_at = now()
          WHERE n.account_id = $1 AND n.enabled
            AND (n.last_sent_at IS NULL OR n.last_sent_at <= now() - make_interval(secs => $2::double precision / 1000))
            AND EXISTS (SELECT 1 FROM account a WHERE a.id = n.account_id AND a.deleted_at IS NULL)
          RETURNING n.account_id)
       SELECT a.email FROM claimed c JOIN account a ON a.id = c.account_id`,
      [accountId, everyMs],
    );
    return rows[0]?.email ?? null;
  }
}
