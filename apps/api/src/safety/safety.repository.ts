import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SafetyAlertView, SafetyMessageView, SafetyQuestion, SetSafetyBody } from '@kinship/domain/wire';
import { ContentCipher } from '../encryption/content-cipher';

/** Where a partner's answers and a message are sealed: moved to another row, they do not decrypt. */
const answerContext = (answerId: string) => `safety-answer:${answerId}:answers`;
const messageContext = (messageId: string) => `safety-message:${messageId}:body`;

export interface StoredSafetyAnswer {
  id: string;
  accountId: string;
  answeredAt: string;
  answers: Record<string, number>;
  riskQuestionIds: string[];
}

/** The safety channel's tables: settings, each partner's sealed answers and thread, the counselor's alerts. */
@Injectable()
export class SafetyRepository {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  async settings(workspaceId: string): Promise<SetSafetyBody | null> {
    const rows: { questions: SafetyQuestion[]; resources: string }[] = await this.db.query(`SELECT questions, resources FROM safety_settings WHERE workspace_id = $1`, [workspaceId]);
    return rows[0] ? { questions: rows[0].questions, resources: rows[0].resources } : null;
  }

  async setSettings(workspaceId: string, settings: SetSafetyBody): Promise<void> {
    await this.db.query(
      `INSERT INTO safety_settings (workspace_id, questions, resources) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET questions = EXCLUDED.questions, resources = EXCLUDED.resources, updated_at = now()`,
      [workspaceId, JSON.stringify(settings.questions), settings.resources],
    );
  }

  /** Keeps a partner's answers, sealed; with an alert for the counselor when one was a risk. Returns the answer's id and the alert's, if any. */
  async saveAnswers(workspaceId: string, accountId: string, answers: Record<string, number>, riskQuestionIds: string[]): Promise<{ id: string; answeredAt: string; alertId: string | null; alertAt: string | null }> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string; answered_at: Date }[] = await tx.query(`INSERT INTO safety_answer (workspace_id, account_id, answers) VALUES ($1, $2, '') RETURNING id, answered_at`, [workspaceId, accountId]);
      const { id, answered_at } = rows[0]!;
      const sealed = await this.cipher.encryptText(workspaceId, JSON.stringify({ answers, riskQuestionIds }), answerContext(id), tx);
      await tx.query(`UPDATE safety_answer SET answers = $2 WHERE id = $1`, [id, sealed]);
      if (riskQuestionIds.length === 0) return { id, answeredAt: answered_at.toISOString(), alertId: null, alertAt: null };
      const alerts: { id: string; created_at: Date }[] = await tx.query(
        `INSERT INTO safety_alert (workspace_id, account_id, kind, answer_id) VALUES ($1, $2, 'risk-answer', $3) RETURNING id, created_at`,
        [workspaceId, accountId, id],
      );
      return { id, answeredAt: answered_at.toISOString(), alertId: alerts[0]!.id, alertAt: alerts[0]!.created_at.toISOString() };
    });
  }

  /** A workspace's answers, newest first: one partner's, or everyone's (`accountId` null). */
  async answers(workspaceId: string, accountId: string | null): Promise<StoredSafetyAnswer[]> {
    const rows: { id: string; account_id: string; answered_at: Date; answers: string }[] = await this.db.query(
      `SELECT id, account_id, answered_at, answers FROM safety_answer
        WHERE workspace_id = $1 AND ($2::uuid IS NULL OR account_id = $2)
        ORDER BY answered_at DESC, id`,
      [workspaceId, accountId],
    );
    return Promise.all(
      rows.map(async (r) => {
        const opened = JSON.parse(await this.cipher.decryptText(workspaceId, r.answers, answerContext(r.id))) as { answers: Record<string, number>; riskQuestionIds: string[] };
        return { id: r.id, accountId: r.account_id, answeredAt: r.answered_at.toISOString(), ...opened };
      }),
    );
  }

  /** Adds a message to a partner's thread, sealed; a partner's own message leaves an alert for the counselor. */
  async addMessage(workspaceId: string, partnerId: string, fromCounselor: boolean, body: string): Promise<{ message: SafetyMessageView; alertId: string | null; alertAt: string | null }> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string; created_at: Date }[] = await tx.query(
        `INSERT INTO safety_message (workspace_id, partner_id, from_counselor, body) VALUES ($1, $2, $3, '') RETURNING id, created_at`,
        [workspaceId, partnerId, fromCounselor],
      );
      const { id, created_at } = rows[0]!;
      await tx.query(`UPDATE safety_message SET body = $2 WHERE id = $1`, [id, await this.cipher.encryptText(workspaceId, body, messageContext(id), tx)]);
      const message: SafetyMessageView = { id, from: fromCounselor ? 'counselor' : 'partner', body, at: created_at.toISOString() };
      if (fromCounselor) return { message, alertId: null, alertAt: null };
      const alerts: { id: string; created_at: Date }[] = await tx.query(
        `INSERT INTO safety_alert (workspace_id, account_id, kind, message_id) VALUES ($1, $2, 'message', $3) RETURNING id, created_at`,
        [workspaceId, partnerId, id],
      );
      return { message, alertId: alerts[0]!.id, alertAt: alerts[0]!.created_at.toISOString() };
    });
  }

  /** Threads, oldest message first: one partner's, or everyone's (`partnerId` null), by partner. */
  async threads(workspaceId: string, partnerId: string | null): Promise<Map<string, SafetyMessageView[]>> {
    const rows: { id: string; partner_id: string; from_counselor: boolean; body: string; created_at: Date }[] = await this.db.query(
      `SELECT id, partner_id, from_counselor, body, created_at FROM safety_message
        WHERE workspace_id = $1 AND ($2::uuid IS NULL OR partner_id = $2)
        ORDER BY created_at, id`,
      [workspaceId, partnerId],
    );
    const out = new Map<string, SafetyMessageView[]>();
    for (const r of rows) {
      const body = await this.cipher.decryptText(workspaceId, r.body, messageContext(r.id));
      out.set(r.partner_id, [...(out.get(r.partner_id) ?? []), { id: r.id, from: r.from_counselor ? 'counselor' : 'partner', body, at: r.created_at.toISOString() }]);
    }
    return out;
  }

  /** The counselor's alerts, newest first. */
  async alerts(workspaceId: string): Promise<SafetyAlertView[]> {
    const rows: { id: string; account_id: string; name: string; kind: 'risk-answer' | 'message'; answer_id: string | null; created_at: Date; seen_at: Date | null }[] = await this.db.query(
      `SELECT s.id, s.account_id, a.display_name AS name, s.kind, s.answer_id, s.created_at, s.seen_at
         FROM safety_alert s JOIN account a ON a.id = s.account_id
        WHERE s.workspace_id = $1
        ORDER BY s.created_at DESC, s.id
        LIMIT 200`,
      [workspaceId],
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, partner: { accountId: r.account_id, name: r.name }, answerId: r.answer_id, at: r.created_at.toISOString(), seenAt: r.seen_at?.toISOString() ?? null }));
  }

  async markSeen(workspaceId: string, alertIds: string[]): Promise<void> {
    await this.db.query(`UPDATE safety_alert SET seen_at = now() WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND seen_at IS NULL`, [workspaceId, alertIds]);
  }

  /** The workspace's partners now, and anyone who answered or wrote before (a partner who left). */
  async partners(workspaceId: string): Promise<{ accountId: string; name: string }[]> {
    const rows: { id: string; name: string }[] = await this.db.query(
      `SELECT a.id, a.display_name AS name FROM account a
        WHERE a.id IN (SELECT account_id FROM membership WHERE workspace_id = $1 AND role = 'partner'
                       UNION SELECT account_id FROM safety_answer WHERE workspace_id = $1
                       UNION SELECT partner_id FROM safety_message WHERE workspace_id = $1)
        ORDER BY a.display_name, a.id`,
      [workspaceId],
    );
    return rows.map((r) => ({ accountId: r.id, name: r.name }));
  }

  /** The workspace's counselor(s): the only people an alert reaches. */
  async counselors(workspaceId: string): Promise<string[]> {
    const rows: { account_id: string }[] = await this.db.query(`SELECT account_id FROM membership WHERE workspace_id = $1 AND role = 'counselor'`, [workspaceId]);
    return rows.map((r) => r.account_id);
  }
}
