/**
 * The safety channel (issue 26, item 4): which answers the counselor marked as a risk, and the
 * neutral words both partners see while the counselor has paused joint work. Imports nothing.
 */

/** A safety question's risk marks: a range of a 0–10 scale, or some options of a choice. */
export type SafetyRiskMark = { kind: 'scale'; risk: { from: number; to: number } | null } | { kind: 'choice'; riskOptions: number[] };

/** Whether this value, answering a question marked so, is one the counselor marked as a risk. */
export function isRiskAnswer(question: SafetyRiskMark, value: number): boolean {
  if (question.kind === 'scale') return question.risk !== null && value >= question.risk.from && value <= question.risk.to;
  return question.riskOptions.includes(value);
}

/**
 * What both partners are told while joint work is paused: the same words for each, with no reason
 * and no name (the pause must not say who asked, or why).
 */
export const JOINT_WORK_PAUSED_WORDS = 'Joint work is paused for now by your counselor.';
