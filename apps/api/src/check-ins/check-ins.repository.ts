import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CheckInDefinition, CheckInQuestion } from '@kinship/domain/wire';
import { ContentCipher } from '../encryption/content-cipher';

/** Where a partner's answers are sealed: moved to another row, they do not decrypt. */
const answerContext = (answerId: string) => `check-in-answer:${answerId}:answers`;

export interface StoredAnswers {
  id: string;
  accountId: string;
  name: string;
  periodStarts: string;
  answers: Record<string, number>;
}

/** The check-in's tables: its definition, each partner's sealed answers per week, and shares. */
@Injectable()
export class CheckInsRepository {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  async definition(workspaceId: string): Promise<CheckInDefinition | null> {
    const rows: { questions: CheckInQuestion[]; weekday: number }[] = await this.db.query(`SELECT questions, weekday FROM check_in WHERE workspace_id = $1`, [workspaceId]);
    return rows[0] ? { questions: rows[0].questions, weekday: rows[0].weekday } : null;
  }

  async setDefinition(workspaceId: string, definition: CheckInDefinition): Promise<void> {
    await this.db.query(
      `INSERT INTO check_in (workspace_id, questions, weekday) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET questions = EXCLUDED.questions, weekday = EXCLUDED.weekday, updated_at = now()`,
      [workspaceId, JSON.stringify(definition.questions), definition.weekday],
    );
  }

  /** Writes (or rewrites) a partner's answers for a week, sealed. */
  async saveAnswers(workspaceId: string, accountId: string, periodStarts: string, answers: Record<string, number>): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO check_in_answer (workspace_id, account_id, period_starts, answers) VALUES ($1, $2, $3, '')
         ON CONFLICT (workspace_id, account_id, period_starts) DO UPDATE SET answered_at = now()
         RETURNING id`,
        [workspaceId, accountId, periodStarts],
      );
      const id = rows[0]!.id;
      const sealed = await this.cipher.encryptText(workspaceId, JSON.stringify(answers), answerContext(id), tx);
      await tx.query(`UPDATE check_in_answer SET answers = $2 WHERE id = $1`, [id, sealed]);
      // A share names a question whose answer is no longer given: it goes with the answer.
      await tx.query(`DELETE FROM check_in_share WHERE answer_id = $1 AND NOT (question_id = ANY($2::text[]))`, [id, Object.keys(answers)]);
    });
  }

  /** Answers in a workspace, newest week first: one account's, or everyone's (`accountId` null). */
  async answers(workspaceId: string, accountId: string | null, periodStarts?: string): Promise<StoredAnswers[]> {
    const rows: { id: string; account_id: string; name: string; period_starts: string; answers: string }[] = await this.db.query(
      `SELECT c.id, c.account_id, a.display_name AS name, to_char(c.period_starts, 'YYYY-MM-DD') AS period_starts, c.answers
         FROM check_in_answer c JOIN account a ON a.id = c.account_id
        WHERE c.workspace_id = $1 AND ($2::uuid IS NULL OR c.account_id = $2) AND ($3::date IS NULL OR c.period_starts = $3)
        ORDER BY c.period_starts DESC, c.account_id`,
      [workspaceId, accountId, periodStarts ?? null],
    );
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        accountId: r.account_id,
        name: r.name,
        periodStarts: r.period_starts,
        answers: JSON.parse(await this.cipher.decryptText(workspaceId, r.answers, answerContext(r.id))) as Record<string, number>,
      })),
    );
  }

  async share(answerId: string, questionId: string): Promise<void> {
    await this.db.query(`INSERT INTO check_in_share (answer_id, question_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [answerId, questionId]);
  }

  async unshare(answerId: string, questionId: string): Promise<void> {
    await this.db.query(`DELETE FROM check_in_share WHERE answer_id = $1 AND question_id = $2`, [answerId, questionId]);
  }

  /** The shared question ids of these answers, by answer id. */
  async sharesOf(answerIds: string[]): Promise<Map<string, string[]>> {
    const rows: { answer_id: string; question_id: string }[] = answerIds.length
      ? await this.db.query(`SELECT answer_id, question_id FROM check_in_share WHERE answer_id = ANY($1::uuid[]) ORDER BY shared_at, question_id`, [answerIds])
      : [];
    const byAnswer = new Map<string, string[]>();
    for (const r of rows) byAnswer.set(r.answer_id, [...(byAnswer.get(r.answer_id) ?? []), r.question_id]);
    return byAnswer;
  }

  /** Answers other members of the workspace shared (never the caller's own), newest first. */
  async sharedBy(workspaceId: string, notAccountId: string): Promise<{ answerId: string; accountId: string; name: string; periodStarts: string; questionId: string }[]> {
    const rows: { answer_id: string; account_id: string; name: string; period_starts: string; question_id: string }[] = await this.db.query(
      `SELECT s.answer_id, c.account_id, a.display_name AS name, to_char(c.period_starts, 'YYYY-MM-DD') AS period_starts, s.question_id
         FROM check_in_share s JOIN check_in_answer c ON c.id = s.answer_id JOIN account a ON a.id = c.account_id
        WHERE c.workspace_id = $1 AND c.account_id <> $2
        ORDER BY c.period_starts DESC, s.shared_at, s.question_id`,
      [workspaceId, notAccountId],
    );
    return rows.map((r) => ({ answerId: r.answer_id, accountId: r.account_id, name: r.name, periodStarts: r.period_starts, questionId: r.question_id }));
  }

  /** The workspace's partners now, and anyone who answered before (a partner who left). */
  async partners(workspaceId: string): Promise<{ accountId: string; name: string }[]> {
    const rows: { id: string; name: string }[] = await this.db.query(
      `SELECT a.id, a.display_name AS name FROM account a
        WHERE a.id IN (SELECT account_id FROM membership WHERE workspace_id = $1 AND role = 'partner'
                       UNION SELECT account_id FROM check_in_answer WHERE workspace_id = $1)
        ORDER BY a.display_name, a.id`,
      [workspaceId],
    );
    return rows.map((r) => ({ accountId: r.id, name: r.name }));
  }
}
