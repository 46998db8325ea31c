import { z } from 'zod';
import { hasControlCharacter, TEXT } from './rest';

/**
 * Check-ins that leave no trace (issue 26, item 2). The counselor sets a short check-in (questions
 * on a 0–10 scale or a choice) and one weekly schedule, the same for both partners. Each partner's
 * answers are theirs and the counselor's: whether, when or how a partner answered reaches the other
 * partner through nothing (no response, count, notification, socket frame, presence or audit entry)
 * unless the partner shares one chosen answer.
 */

const line = (max: number) =>
  z
    .string(TEXT)
    .trim()
    .refine((s) => !hasControlCharacter(s), { error: 'must not contain control characters' })
    .min(1, { error: 'is required' })
    .max(max, { error: `must be at most ${max} characters` });

const questionId = z.string().regex(/^[a-z0-9-]{1,40}$/, { error: 'must be 1 to 40 lowercase letters, digits or dashes' });

export const CheckInQuestion = z.discriminatedUnion('kind', [
  z.object({ id: questionId, kind: z.literal('scale'), prompt: line(300), low: line(60), high: line(60) }).strict(),
  z.object({ id: questionId, kind: z.literal('choice'), prompt: line(300), options: z.array(line(120)).min(2).max(8) }).strict(),
]);
export type CheckInQuestion = z.infer<typeof CheckInQuestion>;

/** Weekdays as JavaScript counts them: 0 is Sunday. A week runs from that day, 00:00 UTC, for seven days. */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const SetCheckInBody = z
  .object({
    questions: z
      .array(CheckInQuestion)
      .min(1, { error: 'needs at least one question' })
      .max(12, { error: 'must be at most 12 questions' })
      .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { error: 'each question needs its own id' }),
    /** The day each week starts on (0 Sunday … 6 Saturday), the same for both partners. */
    weekday: z.number().int().min(0).max(6),
  })
  .strict();
export type SetCheckInBody = z.infer<typeof SetCheckInBody>;

/** Our own neutral words, offered when the counselor first sets a check-in. */
export const DEFAULT_CHECK_IN_QUESTIONS: CheckInQuestion[] = [
  { id: 'safe', kind: 'scale', prompt: 'How safe did you feel with your partner this week?', low: 'Not at all safe', high: 'Completely safe' },
  { id: 'close', kind: 'scale', prompt: 'How close did you feel to your partner this week?', low: 'Not at all close', high: 'Very close' },
  { id: 'heard', kind: 'scale', prompt: 'How well did you feel heard this week?', low: 'Not heard at all', high: 'Fully heard' },
  { id: 'week', kind: 'choice', prompt: 'Overall, how was this week between you?', options: ['Harder than usual', 'About as usual', 'Easier than usual'] },
];

/** A partner's answers: a whole number 0–10 for a scale, the option's index for a choice. */
export const CheckInAnswersBody = z
  .object({ answers: z.record(questionId, z.number().int().min(0).max(10)) })
  .strict();
export type CheckInAnswersBody = z.infer<typeof CheckInAnswersBody>;

export const ShareCheckInAnswerBody = z.object({ questionId }).strict();
export type ShareCheckInAnswerBody = z.infer<typeof ShareCheckInAnswerBody>;

export interface CheckInDefinition {
  questions: CheckInQuestion[];
  weekday: number;
}

/** A week of the schedule: from `starts` (inclusive) to `ends` (exclusive), both ISO dates. */
export interface CheckInPeriod {
  starts: string;
  ends: string;
}

/** The caller's own answers for one week. */
export interface MyCheckInAnswers {
  answers: Record<string, number>;
  /** The questions whose answer this partner chose to share with the other partner. */
  sharedQuestionIds: string[];
}

/** One answer the other partner chose to share. */
export interface SharedCheckInAnswer {
  periodStarts: string;
  by: { accountId: string; name: string };
  question: CheckInQuestion;
  value: number;
}

/**
 * What `GET /api/workspaces/:id/check-in` answers. It says the caller's own state only: a
 * partner's view never changes because the other partner answered (only when they share).
 */
export interface CheckInView {
  checkIn: CheckInDefinition | null;
  /** The current week, when a check-in is set. */
  period: CheckInPeriod | null;
  /** A partner's own answers this week (null when not answered, and always for the counselor). */
  mine: MyCheckInAnswers | null;
  /** Answers the other partner shared (a partner's view; empty for the counselor). */
  sharedWithMe: SharedCheckInAnswer[];
}

/** The counselor's table: per week, each partner's answers (null when they did not answer). */
export interface CheckInAnswersTable {
  checkIn: CheckInDefinition | null;
  partners: { accountId: string; name: string }[];
  weeks: { periodStarts: string; answers: Record<string, Record<string, number> | null> }[];
}

/** The week that holds `now` for a schedule starting on `weekday` (UTC). */
export function checkInPeriod(weekday: number, now: Date): CheckInPeriod {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const back = (day.getUTCDay() - weekday + 7) % 7;
  const starts = new Date(day.getTime() - back * 86_400_000);
  const ends = new Date(starts.getTime() + 7 * 86_400_000);
  return { starts: starts.toISOString().slice(0, 10), ends: ends.toISOString().slice(0, 10) };
}

/** Whether a value is an answer this question takes. */
export function validCheckInValue(question: CheckInQuestion, value: number): boolean {
  return question.kind === 'scale' ? value >= 0 && value <= 10 : value >= 0 && value < question.options.length;
}
