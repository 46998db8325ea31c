import type { CheckInQuestion } from '@kinship/domain/wire';

/** An answer in words: "7 of 10" on a scale, the option's words on a choice. */
export function answerText(question: CheckInQuestion, value: number | undefined): string {
  if (value === undefined) return '—';
  return question.kind === 'scale' ? `${value} of 10` : (question.options[value] ?? '—');
}

/** "Monday 30 November" for an ISO date (UTC). */
export function weekDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
}
