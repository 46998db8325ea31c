import type { CheckInQuestion, ProgressView } from '@kinship/domain/wire';
import { COMMITMENT_OUTCOME_LABELS, COMMITMENT_OUTCOMES } from '@kinship/domain/rules';

/** "30 Nov" for an ISO date (UTC): a week's short name on a chart's axis and in a table. */
export function shortDate(iso: string): string {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** An answer in words for a table: "7 of 10", the option's words, or that it was not given. */
export function answerWords(question: CheckInQuestion, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'Not answered';
  return question.kind === 'scale' ? `${value} of 10` : (question.options[value] ?? 'Not answered');
}

/** The weeks that hold a session, by their first day. */
export function sessionWeeks(view: ProgressView): Set<string> {
  return new Set(view.sessions.map((s) => s.weekStarts));
}

/** One question's rows for a chart: per week, each person's value under their account id. */
export function questionRows(view: ProgressView, questionId: string): Record<string, string | number | null>[] {
  return view.weeks.map((week, i) => ({
    week: shortDate(week.starts),
    ...Object.fromEntries(view.people.map((p) => [p.accountId, p.answers[questionId]?.[i] ?? null])),
  }));
}

/** One person's commitment outcomes per week, for a chart. */
export function outcomeRows(view: ProgressView, accountId: string): Record<string, string | number>[] {
  const person = view.people.find((p) => p.accountId === accountId);
  return view.weeks.map((week, i) => ({ week: shortDate(week.starts), ...(person?.outcomes[i] ?? { kept: 0, partly: 0, 'not-this-time': 0 }) }));
}

export const OUTCOMES = COMMITMENT_OUTCOMES.map((outcome) => ({ outcome, label: COMMITMENT_OUTCOME_LABELS[outcome] }));
