import type { SafetyAlertView, SafetyQuestion } from '@kinship/domain/wire';

/** An answer in words: "7 of 10" on a scale, the option's words on a choice. */
export function safetyAnswerText(question: SafetyQuestion | undefined, value: number | undefined): string {
  if (value === undefined) return '—';
  if (!question) return String(value);
  return question.kind === 'scale' ? `${value} of 10` : (question.options[value] ?? '—');
}

/** What an alert says to the counselor. */
export function alertText(alert: SafetyAlertView): string {
  return alert.kind === 'risk-answer' ? `${alert.partner.name} gave an answer you marked as a risk` : `${alert.partner.name} wrote to you`;
}
