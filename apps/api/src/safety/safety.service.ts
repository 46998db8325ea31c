import { Injectable } from '@nestjs/common';
import { can, isRiskAnswer, JOINT_WORK_PAUSED_WORDS } from '@kinship/domain/rules';
import {
  CounselorJointWorkView,
  DEFAULT_SAFETY_QUESTIONS,
  DEFAULT_SAFETY_RESOURCES,
  JointWorkView,
  SafetyAlertView,
  SafetyAnswered,
  SafetyMessageView,
  SafetyOverview,
  SafetyQuestion,
  SafetyView,
  SetJointWorkBody,
  SetSafetyBody,
} from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { LiveDoor } from '../realtime/live-door.gateway';
import { AccessService } from '../workspaces/access.service';
import { JointWorkPauses } from './joint-work-pauses';
import { JointWorkRepository } from './joint-work.repository';
import { SafetyRepository } from './safety.repository';

/**
 * The safety channel with the counselor. A partner's answers and messages touch their own rows and
 * the counselor's alerts and nothing else: no event is emitted, so no notification, no presence
 * change and no audit entry (decided, as for check-ins: the audit chain is one per workspace and
 * its ids are shared); the only `/live` frame goes to the counselor's own sockets. What a partner
 * reads here depends on their own answers and thread only. The pause of joint work is told to
 * everyone watching the workspace in the same words, with no reason and no name.
 */
@Injectable()
export class SafetyService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: SafetyRepository,
    private readonly pauses: JointWorkPauses,
    private readonly pauseRows: JointWorkRepository,
    private readonly door: LiveDoor,
  ) {}

  async view(workspaceId: string, accountId: string): Promise<SafetyView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    const settings = await this.settings(workspaceId);
    if (role !== 'partner') return { ...settings, myAnswers: [], myThread: [] };
    const [answers, threads] = await Promise.all([this.repository.answers(workspaceId, accountId), this.repository.threads(workspaceId, accountId)]);
    return {
      ...settings,
      // A partner reads their values; which of them the counselor marked as a risk is the counselor's to know.
      myAnswers: answers.map(({ id, answeredAt, answers }) => ({ id, answeredAt, answers })),
      myThread: threads.get(accountId) ?? [],
    };
  }

  /**
   * What a records export holds of the safety channel: for the counselor, every partner's answers
   * and thread, the alerts and the pause; for a partner, their own answers and thread only.
   */
  async records(workspaceId: string, accountId: string): Promise<SafetyOverview | SafetyView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    return can({ role }, { type: 'safety.read-all' }) ? this.overview(workspaceId, accountId) : this.view(workspaceId, accountId);
  }

  async define(workspaceId: string, accountId: string, body: SetSafetyBody): Promise<SetSafetyBody> {
    await this.access.require(workspaceId, accountId, { type: 'safety.define' });
    await this.repository.setSettings(workspaceId, body);
    return body;
  }

  /** Keeps a partner's answers; an answer marked as a risk alerts the counselor at once and gives the partner the safety resources. */
  async answer(workspaceId: string, accountId: string, answers: Record<string, number>): Promise<SafetyAnswered> {
    await this.access.require(workspaceId, accountId, { type: 'safety.answer' });
    const { questions, resources } = await this.settings(workspaceId);
    const byId = new Map(questions.map((q) => [q.id, q]));
    const risks: string[] = [];
    for (const [id, value] of Object.entries(answers)) {
      const question = byId.get(id);
      if (!question) throw new DomainError('invalid', `There is no question "${id}" here`, 'answers');
      if (!validSafetyValue(question, value)) throw new DomainError('invalid', `That is not an answer to "${question.prompt}"`, 'answers');
      if (isRiskAnswer(question, value)) risks.push(id);
    }
    if (Object.keys(answers).length === 0) throw new DomainError('invalid', 'Answer at least one question', 'answers');
    const saved = await this.repository.saveAnswers(workspaceId, accountId, answers, risks);
    if (saved.alertId) await this.alert(workspaceId, accountId, { id: saved.alertId, kind: 'risk-answer', answerId: saved.id, at: saved.alertAt! });
    return { answer: { id: saved.id, answeredAt: saved.answeredAt, answers }, resources: risks.length > 0 ? resources : null };
  }

  /** A partner writes to the counselor alone; the counselor finds it waiting, and is told at once. */
  async write(workspaceId: string, accountId: string, body: string): Promise<SafetyMessageView[]> {
    await this.access.require(workspaceId, accountId, { type: 'safety.answer' });
    const added = await this.repository.addMessage(workspaceId, accountId, false, body);
    await this.alert(workspaceId, accountId, { id: added.alertId!, kind: 'message', answerId: null, at: added.alertAt! });
    return (await this.repository.threads(workspaceId, accountId)).get(accountId) ?? [];
  }

  /** The counselor replies in a partner's thread (a partner of this workspace, or one who wrote before). */
  async reply(workspaceId: string, accountId: string, partnerId: string, body: string): Promise<SafetyMessageView[]> {
    await this.access.require(workspaceId, accountId, { type: 'safety.read-all' });
    const partners = await this.repository.partners(workspaceId);
    if (!partners.some((p) => p.accountId === partnerId)) throw new DomainError('not_found', 'Partner was not found');
    await this.repository.addMessage(workspaceId, partnerId, true, body);
    return (await this.repository.threads(workspaceId, partnerId)).get(partnerId) ?? [];
  }

  async overview(workspaceId: string, accountId: string): Promise<SafetyOverview> {
    await this.access.require(workspaceId, accountId, { type: 'safety.read-all' });
    const [partners, answers, threads, alerts, jointWork] = await Promise.all([
      this.repository.partners(workspaceId),
      this.repository.answers(workspaceId, null),
      this.repository.threads(workspaceId, null),
      this.repository.alerts(workspaceId),
      this.counselorJointWork(workspaceId),
    ]);
    return {
      partners: partners.map((p) => ({
        ...p,
        answers: answers.filter((a) => a.accountId === p.accountId).map(({ id, answeredAt, answers, riskQuestionIds }) => ({ id, answeredAt, answers, riskQuestionIds })),
        thread: threads.get(p.accountId) ?? [],
      })),
      alerts,
      jointWork,
    };
  }

  async seen(workspaceId: string, accountId: string, alertIds: string[]): Promise<SafetyAlertView[]> {
    await this.access.require(workspaceId, accountId, { type: 'safety.read-all' });
    await this.repository.markSeen(workspaceId, alertIds);
    return this.repository.alerts(workspaceId);
  }

  /** The same for every member: paused or not, and the neutral words. */
  async jointWork(workspaceId: string, accountId: string): Promise<JointWorkView | CounselorJointWorkView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    if (role === 'counselor') return this.counselorJointWork(workspaceId);
    return publicJointWork(await this.pauses.isPaused(workspaceId));
  }

  /** The counselor pauses or resumes joint work: it holds here at once, and every watcher is told the same words. */
  async setJointWork(workspaceId: string, accountId: string, body: SetJointWorkBody): Promise<CounselorJointWorkView> {
    await this.access.require(workspaceId, accountId, { type: 'joint-work.pause' });
    await this.pauseRows.set(workspaceId, accountId, body.paused, body.note ?? null);
    this.pauses.offer(workspaceId, body.paused);
    this.door.send({ workspace: workspaceId }, 'joint-work:state', { workspaceId, jointWork: publicJointWork(body.paused) });
    return this.counselorJointWork(workspaceId);
  }

  private async settings(workspaceId: string): Promise<SetSafetyBody> {
    return (await this.repository.settings(workspaceId)) ?? { questions: DEFAULT_SAFETY_QUESTIONS, resources: DEFAULT_SAFETY_RESOURCES };
  }

  private async counselorJointWork(workspaceId: string): Promise<CounselorJointWorkView> {
    const pause = await this.pauseRows.pause(workspaceId);
    return { ...publicJointWork(pause !== null), since: pause?.since.toISOString() ?? null, note: pause?.note ?? null };
  }

  /** To the workspace's counselor's own sockets, and no one else's. */
  private async alert(workspaceId: string, partnerId: string, alert: Omit<SafetyAlertView, 'partner' | 'seenAt'>): Promise<void> {
    const [counselors, partners] = await Promise.all([this.repository.counselors(workspaceId), this.repository.partners(workspaceId)]);
    const partner = partners.find((p) => p.accountId === partnerId) ?? { accountId: partnerId, name: '' };
    for (const counselor of counselors) this.door.send({ person: counselor }, 'safety:alert', { workspaceId, alert: { ...alert, partner, seenAt: null } });
  }
}

function publicJointWork(paused: boolean): JointWorkView {
  return { paused, words: paused ? JOINT_WORK_PAUSED_WORDS : null };
}

function validSafetyValue(question: SafetyQuestion, value: number): boolean {
  return question.kind === 'scale' ? value >= 0 && value <= 10 : value >= 0 && value < question.options.length;
}
