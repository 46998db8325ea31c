import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContentCipher } from '../encryption/content-cipher';

/** Where the counselor's private note on a pause is sealed. */
const noteContext = (workspaceId: string) => `joint-work-pause:${workspaceId}:note`;

export interface StoredPause {
  since: Date;
  note: string | null;
}

/** The pause of a workspace's joint work: a row while paused, none otherwise. */
@Injectable()
export class JointWorkRepository {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  async pause(workspaceId: string): Promise<StoredPause | null> {
    const rows: { paused_at: Date; note: string | null }[] = await this.db.query(`SELECT paused_at, note FROM joint_work_pause WHERE workspace_id = $1`, [workspaceId]);
    const row = rows[0];
    if (!row) return null;
    return { since: row.paused_at, note: row.note === null ? null : await this.cipher.decryptText(workspaceId, row.note, noteContext(workspaceId)) };
  }

  /** Of these workspaces, the ones paused now. */
  async pausedAmong(workspaceIds: string[]): Promise<Set<string>> {
    if (workspaceIds.length === 0) return new Set();
    const rows: { workspace_id: string }[] = await this.db.query(`SELECT workspace_id FROM joint_work_pause WHERE workspace_id = ANY($1::uuid[])`, [workspaceIds]);
    return new Set(rows.map((r) => r.workspace_id));
  }

  /** Pauses (keeping the first moment when already paused; the note is replaced) or resumes. */
  async set(workspaceId: string, accountId: string, paused: boolean, note: string | null): Promise<void> {
    if (!paused) {
      await this.db.query(`DELETE FROM joint_work_pause WHERE workspace_id = $1`, [workspaceId]);
      return;
    }
    await this.db.transaction(async (tx) => {
      const sealed = note ? await this.cipher.encryptText(workspaceId, note, noteContext(workspaceId), tx) : null;
      await tx.query(
        `INSERT INTO joint_work_pause (workspace_id, paused_by, note) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id) DO UPDATE SET note = EXCLUDED.note, paused_by = EXCLUDED.paused_by`,
        [workspaceId, accountId, sealed],
      );
    });
  }
}
