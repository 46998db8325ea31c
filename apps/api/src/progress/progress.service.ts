import { Injectable } from '@nestjs/common';
import { can } from '@kinship/domain/rules';
import { progressWeeks, weekIndexOf, type ProgressOutcomeCounts, type ProgressPerson, type ProgressQuery, type ProgressView } from '@kinship/domain/wire';
import { AccessService } from '../workspaces/access.service';
import { MembershipsRepository } from '../workspaces/memberships.repository';
import { CheckInsRepository, type StoredAnswers } from '../check-ins/check-ins.repository';
import { CommitmentsRepository, type CheckInRow, type CommitmentRow } from '../commitments/commitments.repository';
import { ProgressRepository } from './progress.repository';

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Progress over weeks, read-only: figures computed here from the stored check-in answers and
 * commitment check-ins (opened by their repositories). The counselor (`progress.read-all`) sees
 * every partner side by side; a partner sees only their own series, and nothing is read of the
 * other partner's rows for them (so nothing of it can leak, not even which weeks they answered).
 * It writes nothing and emits nothing.
 */
@Injectable()
export class ProgressService {
  /** The clock the weeks are read from (a spec may move it). */
  now: () => Date = () => new Date();

  constructor(
    private readonly access: AccessService,
    private readonly checkIns: CheckInsRepository,
    private readonly commitments: CommitmentsRepository,
    private readonly repository: ProgressRepository,
    private readonly memberships: MembershipsRepository,
  ) {}

  /** A member's own name, read from their membership alone. */
  private async nameOf(workspaceId: string, accountId: string): Promise<string> {
    return (await this.memberships.membersOf(workspaceId)).find((m) => m.accountId === accountId)?.displayName ?? '';
  }

  async view(workspaceId: string, accountId: string, query: ProgressQuery): Promise<ProgressView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    const all = can({ role }, { type: 'progress.read-all' });
    const definition = await this.checkIns.definition(workspaceId);
    const weeks = progressWeeks(definition?.weekday ?? 1, this.now(), query.weeks);
    const from = weeks[0]!.starts;
    const to = weeks[weeks.length - 1]!.ends;

    // Whose series: every partner (now, or who answered before) for the counselor; a partner's own, and only it.
    const people = all ? await this.checkIns.partners(workspaceId) : role === 'partner' ? [{ accountId, name: await this.nameOf(workspaceId, accountId) }] : [];
    const owner = all ? null : accountId;
    const answers: StoredAnswers[] = people.length === 0 ? [] : (await this.checkIns.answers(workspaceId, owner)).filter((a) => a.periodStarts >= from && a.periodStarts < to);
    const commitments: CommitmentRow[] = people.length === 0 ? [] : await this.commitments.list(workspaceId, owner ?? undefined);
    const standing = commitments.filter(
      (c) => c.createdAt.getTime() < Date.parse(`${to}T00:00:00.000Z`) && (c.retiredAt === null || c.retiredAt.getTime() >= Date.parse(`${from}T00:00:00.000Z`)),
    );
    // Every period a check-in in these weeks may be named by: each day (daily rhythm) and each week's Monday (weekly) are among the days.
    const days = Array.from({ length: weeks.length * 7 }, (_, i) => day(Date.parse(`${from}T00:00:00.000Z`) + i * DAY_MS));
    const commitmentCheckIns: CheckInRow[] = await this.commitments.checkIns(
      workspaceId,
      standing.map((c) => c.id),
      days,
    );
    const sessions = await this.repository.sessions(workspaceId, from, to, all ? null : accountId);

    return {
      scope: all ? 'both' : 'own',
      weeks,
      questions: definition?.questions ?? [],
      people: people.map((p): ProgressPerson => {
        const series: Record<string, (number | null)[]> = Object.fromEntries((definition?.questions ?? []).map((q) => [q.id, weeks.map(() => null)]));
        for (const row of answers.filter((a) => a.accountId === p.accountId)) {
          const i = weekIndexOf(weeks, row.periodStarts);
          if (i < 0) continue;
          for (const [questionId, value] of Object.entries(row.answers)) if (series[questionId]) series[questionId]![i] = value;
        }
        const outcomes: ProgressOutcomeCounts[] = weeks.map(() => ({ kept: 0, partly: 0, 'not-this-time': 0 }));
        const theirs = standing.filter((c) => c.accountId === p.accountId);
        for (const checkIn of commitmentCheckIns) {
          if (!theirs.some((c) => c.id === checkIn.commitmentId)) continue;
          const i = weekIndexOf(weeks, checkIn.period);
          if (i >= 0) outcomes[i]![checkIn.outcome] += 1;
        }
        return {
          accountId: p.accountId,
          name: p.name,
          answers: series,
          outcomes,
          commitments: theirs.map((c) => ({
            id: c.id,
            text: c.text,
            retired: c.retiredAt !== null,
            checkIns: commitmentCheckIns.filter((k) => k.commitmentId === c.id).map((k) => ({ period: k.period, outcome: k.outcome })),
          })),
        };
      }),
      sessions: sessions.flatMap((s) => {
        const week = weeks[weekIndexOf(weeks, s.startedAt.toISOString())];
        return week ? [{ id: s.id, startedAt: s.startedAt.toISOString(), endedAt: s.endedAt?.toISOString() ?? null, weekStarts: week.starts }] : [];
      }),
    };
  }
}
