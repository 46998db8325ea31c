import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SessionRow {
  id: string;
  startedAt: Date;
  endedAt: Date | null;
}

/**
 * Progress reads what check-ins and commitments store through their own repositories (which open
 * the sealed rows); this one reads only the live sessions that mark the charts.
 */
@Injectable()
export class ProgressRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Live sessions of a workspace that started in [from, to) (days, UTC, whatever the database's time zone), oldest first: all of them, or only
   * those `attendedBy` joined (what a partner's `GET …/live-sessions` lists).
   */
  async sessions(workspaceId: string, from: string, to: string, attendedBy: string | null): Promise<SessionRow[]> {
    const rows: { id: string; started_at: Date; ended_at: Date | null }[] = await this.db.query(
      `SELECT s.id, s.started_at, s.ended_at FROM live_session s
        WHERE s.workspace_id = $1 AND s.started_at >= ($2::date::timestamp AT TIME ZONE 'UTC') AND s.started_at < ($3::date::timestamp AT TIME ZONE 'UTC')
          AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM live_session_participant p WHERE p.session_id = s.id AND p.account_id = $4))
        ORDER BY s.started_at, s.id`,
      [workspaceId, from, to, attendedBy],
    );
    return rows.map((r) => ({ id: r.id, startedAt: r.started_at, endedAt: r.ended_at }));
  }
}
