import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RevealPromptState } from '@kinship/domain/rules';
import { ContentCipher } from '../encryption/content-cipher';
import type { Tx } from '../database/transactions';

/** Where a prompt's text is sealed: moved to another row, it does not decrypt. */
const promptContext = (promptId: string) => `reveal-prompt:${promptId}:text`;

export interface StoredPrompt {
  id: string;
  text: string;
  state: RevealPromptState;
  openedAt: Date;
  closedAt: Date | null;
}

export interface StoredDraft {
  promptId: string;
  accountId: string;
  name: string;
  documentId: string;
  done: boolean;
}

/** The reveals' tables: prompts (text sealed) and each partner's draft row. Drafts' text is in their documents. */
@Injectable()
export class RevealsRepository {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  async insertPrompt(tx: Tx, workspaceId: string, text: string, openedBy: string): Promise<string> {
    const id = randomUUID();
    const sealed = await this.cipher.encryptText(workspaceId, text, promptContext(id), tx);
    await tx.query(`INSERT INTO reveal_prompt (id, workspace_id, text, opened_by) VALUES ($1, $2, $3, $4)`, [id, workspaceId, sealed, openedBy]);
    return id;
  }

  /** The workspace's prompts, newest first, their text opened. */
  async prompts(workspaceId: string): Promise<StoredPrompt[]> {
    const rows: { id: string; text: string; state: RevealPromptState; opened_at: Date; closed_at: Date | null }[] = await this.db.query(
      `SELECT id, text, state, opened_at, closed_at FROM reveal_prompt WHERE workspace_id = $1 ORDER BY opened_at DESC, id`,
      [workspaceId],
    );
    return Promise.all(
      rows.map(async (r) => ({ id: r.id, text: await this.cipher.decryptText(workspaceId, r.text, promptContext(r.id)), state: r.state, openedAt: r.opened_at, closedAt: r.closed_at })),
    );
  }

  /** The prompt's state, locked until the transaction ends (done, undone, withdrawn and revealed one at a time); null when not in this workspace. */
  async lockPrompt(tx: Tx, workspaceId: string, promptId: string): Promise<{ state: RevealPromptState } | null> {
    const rows: { state: RevealPromptState }[] = await tx.query(`SELECT state FROM reveal_prompt WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [promptId, workspaceId]);
    return rows[0] ?? null;
  }

  async setState(tx: Tx, promptId: string, state: RevealPromptState): Promise<void> {
    await tx.query(`UPDATE reveal_prompt SET state = $2, closed_at = now() WHERE id = $1`, [promptId, state]);
  }

  /**
   * Drafts of these prompts: of one account only (`accountId`), or everyone's (`accountId` null:
   * only for the counselor's statuses and for revealed prompts).
   */
  async drafts(promptIds: string[], accountId: string | null, tx?: Tx): Promise<StoredDraft[]> {
    if (promptIds.length === 0) return [];
    const rows: { prompt_id: string; account_id: string; name: string; document_id: string; done: boolean }[] = await (tx ?? this.db).query(
      `SELECT d.prompt_id, d.account_id, a.display_name AS name, d.document_id, d.done_at IS NOT NULL AS done
         FROM reveal_draft d JOIN account a ON a.id = d.account_id
        WHERE d.prompt_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR d.account_id = $2)
        ORDER BY a.display_name, d.account_id`,
      [promptIds, accountId],
    );
    return rows.map((r) => ({ promptId: r.prompt_id, accountId: r.account_id, name: r.name, documentId: r.document_id, done: r.done }));
  }

  async insertDraft(tx: Tx, promptId: string, accountId: string, documentId: string): Promise<void> {
    await tx.query(`INSERT INTO reveal_draft (prompt_id, account_id, document_id) VALUES ($1, $2, $3)`, [promptId, accountId, documentId]);
  }

  async setDone(tx: Tx, promptId: string, accountId: string, done: boolean): Promise<void> {
    await tx.query(`UPDATE reveal_draft SET done_at = CASE WHEN $3 THEN coalesce(done_at, now()) ELSE NULL END WHERE prompt_id = $1 AND account_id = $2`, [promptId, accountId, done]);
  }

  /** The workspace's partners now. */
  async partners(workspaceId: string, tx?: Tx): Promise<{ accountId: string; name: string }[]> {
    const rows: { id: string; name: string }[] = await (tx ?? this.db).query(
      `SELECT a.id, a.display_name AS name FROM membership m JOIN account a ON a.id = m.account_id
        WHERE m.workspace_id = $1 AND m.role = 'partner' ORDER BY a.display_name, a.id`,
      [workspaceId],
    );
    return rows.map((r) => ({ accountId: r.id, name: r.name }));
  }
}
