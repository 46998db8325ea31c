import { Injectable } from '@nestjs/common';
import {
  checkInPeriod,
  CheckInAnswersTable,
  CheckInDefinition,
  CheckInView,
  MyCheckInAnswers,
  SetCheckInBody,
  SharedCheckInAnswer,
  validCheckInValue,
} from '@kinship/domain/wire';
import { can } from '@kinship/domain/rules';
import { DomainError } from '../common/domain-error';
import { AccessService } from '../workspaces/access.service';
import { CheckInsRepository } from './check-ins.repository';

/**
 * Check-ins that leave no trace. Answering touches the answer's own rows and nothing else: no
 * event is emitted, so no notification, no /live frame, no presence change and no audit entry
 * (decided: a check-in answer writes no audit entry at all). What a partner reads here depends on
 * their own answers and on what the other partner chose to share, never on whether they answered.
 */
@Injectable()
export class CheckInsService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: CheckInsRepository,
  ) {}

  async view(workspaceId: string, accountId: string, now = new Date()): Promise<CheckInView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    const checkIn = await this.repository.definition(workspaceId);
    const period = checkIn ? checkInPeriod(checkIn.weekday, now) : null;
    if (role !== 'partner' || !checkIn || !period) return { checkIn, period, mine: null, sharedWithMe: [] };
    return { checkIn, period, mine: await this.mine(workspaceId, accountId, period.starts), sharedWithMe: await this.sharedWith(workspaceId, accountId, checkIn) };
  }

  async define(workspaceId: string, accountId: string, body: SetCheckInBody): Promise<CheckInDefinition> {
    await this.access.require(workspaceId, accountId, { type: 'check-in.define' });
    await this.repository.setDefinition(workspaceId, body);
    return body;
  }

  /** Sets the caller's answers for this week (editable until the week ends: only the current week is ever written). */
  async answer(workspaceId: string, accountId: string, answers: Record<string, number>, now = new Date()): Promise<MyCheckInAnswers> {
    await this.access.require(workspaceId, accountId, { type: 'check-in.answer' });
    const checkIn = await this.requireDefinition(workspaceId);
    const questions = new Map(checkIn.questions.map((q) => [q.id, q]));
    for (const [id, value] of Object.entries(answers)) {
      const question = questions.get(id);
      if (!question) throw new DomainError('invalid', `There is no question "${id}" in this check-in`, 'answers');
      if (!validCheckInValue(question, value)) throw new DomainError('invalid', `That is not an answer to "${question.prompt}"`, 'answers');
    }
    if (Object.keys(answers).length === 0) throw new DomainError('invalid', 'Answer at least one question', 'answers');
    const { starts } = checkInPeriod(checkIn.weekday, now);
    await this.repository.saveAnswers(workspaceId, accountId, starts, answers);
    return (await this.mine(workspaceId, accountId, starts))!;
  }

  /** Shares (or takes back) one of the caller's answers this week with the other partner: theirs to do. */
  async share(workspaceId: string, accountId: string, questionId: string, shared: boolean, now = new Date()): Promise<MyCheckInAnswers> {
    await this.access.require(workspaceId, accountId, { type: 'check-in.answer' });
    const checkIn = await this.requireDefinition(workspaceId);
    const { starts } = checkInPeriod(checkIn.weekday, now);
    const [mine] = await this.repository.answers(workspaceId, accountId, starts);
    if (!mine || mine.answers[questionId] === undefined) throw new DomainError('invalid', 'Answer that question first', 'questionId');
    if (shared) await this.repository.share(mine.id, questionId);
    else await this.repository.unshare(mine.id, questionId);
    return (await this.mine(workspaceId, accountId, starts))!;
  }

  /** The counselor's table: every week, each partner's answers. */
  async table(workspaceId: string, accountId: string): Promise<CheckInAnswersTable> {
    await this.access.require(workspaceId, accountId, { type: 'check-in.read-all' });
    const [checkIn, partners, rows] = await Promise.all([this.repository.definition(workspaceId), this.repository.partners(workspaceId), this.repository.answers(workspaceId, null)]);
    const weeks = new Map<string, Record<string, Record<string, number> | null>>();
    for (const row of rows) {
      const week = weeks.get(row.periodStarts) ?? Object.fromEntries(partners.map((p) => [p.accountId, null]));
      week[row.accountId] = row.answers;
      weeks.set(row.periodStarts, week);
    }
    return { checkIn, partners, weeks: [...weeks].map(([periodStarts, answers]) => ({ periodStarts, answers })) };
  }

  /**
   * What a records export holds of the check-in: for the counselor, the table of both partners'
   * answers; for a partner, their own answers every week and what the other partner shared.
   */
  async records(workspaceId: string, accountId: string): Promise<CheckInAnswersTable | { checkIn: CheckInDefinition | null; myAnswers: (MyCheckInAnswers & { periodStarts: string })[]; sharedWithMe: SharedCheckInAnswer[] }> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    if (can({ role }, { type: 'check-in.read-all' })) return this.table(workspaceId, accountId);
    const checkIn = await this.repository.definition(workspaceId);
    const rows = await this.repository.answers(workspaceId, accountId);
    const shares = await this.repository.sharesOf(rows.map((r) => r.id));
    return {
      checkIn,
      myAnswers: rows.map((r) => ({ periodStarts: r.periodStarts, answers: r.answers, sharedQuestionIds: shares.get(r.id) ?? [] })),
      sharedWithMe: checkIn ? await this.sharedWith(workspaceId, accountId, checkIn) : [],
    };
  }

  private async requireDefinition(workspaceId: string): Promise<CheckInDefinition> {
    const checkIn = await this.repository.definition(workspaceId);
    if (!checkIn) throw new DomainError('conflict', 'The counselor has not set a check-in yet');
    return checkIn;
  }

  private async mine(workspaceId: string, accountId: string, periodStarts: string): Promise<MyCheckInAnswers | null> {
    const [row] = await this.repository.answers(workspaceId, accountId, periodStarts);
    if (!row) return null;
    const shares = await this.repository.sharesOf([row.id]);
    return { answers: row.answers, sharedQuestionIds: shares.get(row.id) ?? [] };
  }

  private async sharedWith(workspaceId: string, accountId: string, checkIn: CheckInDefinition): Promise<SharedCheckInAnswer[]> {
    const questions = new Map(checkIn.questions.map((q) => [q.id, q]));
    const out: SharedCheckInAnswer[] = [];
    // Each shared week's answers read and opened once, however many of its answers were shared.
    const weeks = new Map<string, Promise<Record<string, number> | undefined>>();
    const answersOf = (answerId: string, owner: string, periodStarts: string) => {
      if (!weeks.has(answerId)) weeks.set(answerId, this.repository.answers(workspaceId, owner, periodStarts).then(([row]) => row?.answers));
      return weeks.get(answerId)!;
    };
    for (const share of await this.repository.sharedBy(workspaceId, accountId)) {
      const question = questions.get(share.questionId);
      const value = (await answersOf(share.answerId, share.accountId, share.periodStarts))?.[share.questionId];
      if (question && value !== undefined) out.push({ periodStarts: share.periodStarts, by: { accountId: share.accountId, name: share.name }, question, value });
    }
    return out;
  }
}
