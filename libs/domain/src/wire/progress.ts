import { z } from 'zod';
import type { CommitmentOutcome } from '../rules/commitments';
import { checkInPeriod, type CheckInPeriod, type CheckInQuestion } from './check-ins';
import { pageLimit } from './rest';

/**
 * Progress over weeks (issue 26, item 3): figures computed on the server from the stored (sealed)
 * check-ins and commitment check-ins. The counselor sees both partners' series side by side; a
 * partner sees only their own: nothing derived from the other partner's check-ins, not even which
 * weeks they answered. Session dates mark the charts (a partner: the sessions they attended, as
 * `GET …/live-sessions` lists them).
 */

/** The most weeks one view covers, and how many it covers when not asked. */
export const PROGRESS_MAX_WEEKS = 52;
export const PROGRESS_DEFAULT_WEEKS = 12;

/** `GET /api/workspaces/:id/progress?weeks=N`: N whole weeks up to this one (1–52, default 12). */
export const ProgressQuery = z
  .object({ weeks: pageLimit(PROGRESS_MAX_WEEKS).default(PROGRESS_DEFAULT_WEEKS) })
  .strict();
export type ProgressQuery = z.infer<typeof ProgressQuery>;

/** Outcome counts of a person's commitment check-ins in one week (kept, partly, not this time). */
export type ProgressOutcomeCounts = Record<CommitmentOutcome, number>;

/** One partner's series: each array has one entry per week of `ProgressView.weeks`, oldest first. */
export interface ProgressPerson {
  accountId: string;
  name: string;
  /** Question id → the answer each week (a scale's 0–10, a choice's option index), null when not answered. */
  answers: Record<string, (number | null)[]>;
  /** Their commitment check-ins counted per week, by outcome. */
  outcomes: ProgressOutcomeCounts[];
  /** Their commitments that stood at some time in these weeks, with the check-ins made in them. */
  commitments: { id: string; text: string; retired: boolean; checkIns: { period: string; outcome: CommitmentOutcome }[] }[];
}

export interface ProgressView {
  /** 'both': the counselor's view of every partner; 'own': a partner's view of their own series. */
  scope: 'both' | 'own';
  /** The weeks covered, oldest first, on the check-in's schedule (a week from its weekday, UTC; Monday when none is set). */
  weeks: CheckInPeriod[];
  /** The check-in's questions now ([] when none is set). */
  questions: CheckInQuestion[];
  people: ProgressPerson[];
  /** Live sessions that started in these weeks, oldest first, and the week each falls in. */
  sessions: { id: string; startedAt: string; endedAt: string | null; weekStarts: string }[];
}

/** The `count` weeks of a schedule starting on `weekday` that end with the one holding `now`, oldest first. */
export function progressWeeks(weekday: number, now: Date, count: number): CheckInPeriod[] {
  const current = checkInPeriod(weekday, now);
  const start = Date.parse(`${current.starts}T00:00:00.000Z`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const starts = start - (count - 1 - i) * 7 * 86_400_000;
    return { starts: day(starts), ends: day(starts + 7 * 86_400_000) };
  });
}

/** The index of the week holding a day (`YYYY-MM-DD`, or an ISO time), or -1 when none does. */
export function weekIndexOf(weeks: CheckInPeriod[], day: string): number {
  const d = day.slice(0, 10);
  return weeks.findIndex((w) => w.starts <= d && d < w.ends);
}
