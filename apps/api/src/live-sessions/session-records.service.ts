import { Injectable } from '@nestjs/common';
import { Action, Role, visibleKinds } from '@kinship/domain/rules';
import { LiveSessionSummaryView, SessionObservationsView, SessionRecordView } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { AccessService } from '../workspaces/access.service';
import { headerOf } from './live-session.transitions';
import { LiveSessionRecord, LiveSessionsRepository } from './live-sessions.repository';

/**
 * The record of live sessions (REST): the counselor sees every session of their workspace, a
 * partner only those they joined, without the other partner's time-outs. The counselor's private
 * observations are read only after `session.observations` has allowed the caller.
 */
@Injectable()
export class SessionRecordsService {
  constructor(
    private readonly repository: LiveSessionsRepository,
    private readonly access: AccessService,
  ) {}

  async list(workspaceId: string, accountId: string): Promise<LiveSessionSummaryView[]> {
    const role = await this.access.require(workspaceId, accountId, { type: 'session.join' });
    return this.repository.listForWorkspace(workspaceId, role === 'counselor' ? null : accountId);
  }

  async get(sessionId: string, accountId: string): Promise<SessionRecordView> {
    const { session, role } = await this.open(sessionId, accountId, { type: 'session.join' });
    return this.view(session, { accountId, role });
  }

  async saveSummary(sessionId: string, accountId: string, summary: string): Promise<SessionRecordView> {
    const { session, role } = await this.open(sessionId, accountId, { type: 'session.moderate' });
    await this.repository.saveSummary(session.id, summary, new Date());
    return this.view((await this.repository.findById(session.id))!, { accountId, role });
  }

  async observations(sessionId: string, accountId: string): Promise<SessionObservationsView> {
    const { session } = await this.open(sessionId, accountId, { type: 'session.observations' });
    const saved = await this.repository.observations(session.id);
    return { sessionId: session.id, text: saved?.text ?? '', updatedAt: saved ? saved.updatedAt.toISOString() : null };
  }

  async saveObservations(sessionId: string, accountId: string, text: string): Promise<SessionObservationsView> {
    const { session } = await this.open(sessionId, accountId, { type: 'session.observations' });
    const at = new Date();
    await this.repository.saveObservations(session.id, text, accountId, at);
    return { sessionId: session.id, text, updatedAt: at.toISOString() };
  }

  /**
   * The session and the caller's role, when the caller may do `action` with it. A stranger gets
   * "not found"; a partner may see only a session they joined.
   */
  private async open(sessionId: string, accountId: string, action: Action): Promise<{ session: LiveSessionRecord; role: Role }> {
    const session = await this.repository.findById(sessionId);
    if (!session) throw new DomainError('not_found', 'Session was not found');
    const role = await this.access.require(session.workspaceId, accountId, action, 'Session');
    if (role === 'partner' && !(await this.repository.hasJoined(session.id, accountId))) {
      throw new DomainError('forbidden', 'You can see the record of sessions you joined');
    }
    return { session, role };
  }

  private async view(session: LiveSessionRecord, viewer: { accountId: string; role: Role }): Promise<SessionRecordView> {
    const [participants, turns, timeOuts, documentsChanged] = await Promise.all([
      this.repository.participants(session.id),
      this.repository.turns(session.id),
      // A partner sees only their own time-outs, as in the live view.
      this.repository.timeOuts(session.id, viewer.role === 'counselor' ? null : viewer.accountId),
      // Only the kinds this viewer may see are ever read (a counselor's private note stays out of a partner's record).
      this.repository.documentsChanged(session.id, visibleKinds(viewer.role)),
    ]);
    return {
      ...headerOf(session),
      participants,
      turns,
      timeOuts,
      documentsChanged,
      summary: session.summary,
      summaryUpdatedAt: session.summaryUpdatedAt ? session.summaryUpdatedAt.toISOString() : null,
    };
  }
}
