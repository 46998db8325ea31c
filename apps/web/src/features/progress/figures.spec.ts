import type { ProgressView } from '@kinship/domain/wire';
import { DEFAULT_CHECK_IN_QUESTIONS } from '@kinship/domain/wire';
import { answerWords, outcomeRows, questionRows, sessionWeeks, shortDate } from './figures';

const none = { kept: 0, partly: 0, 'not-this-time': 0 };
const view: ProgressView = {
  scope: 'both',
  weeks: [
    { starts: '2026-11-23', ends: '2026-11-30' },
    { starts: '2026-11-30', ends: '2026-12-07' },
  ],
  questions: DEFAULT_CHECK_IN_QUESTIONS,
  people: [
    { accountId: 'a', name: 'Alex', answers: { safe: [3, null], week: [null, 2] }, outcomes: [{ ...none, kept: 1 }, none], commitments: [] },
    { accountId: 'b', name: 'Blake', answers: { safe: [null, 8], week: [0, null] }, outcomes: [none, { ...none, partly: 2 }], commitments: [] },
  ],
  sessions: [{ id: 's', startedAt: '2026-12-02T17:00:00.000Z', endedAt: null, weekStarts: '2026-11-30' }],
};

describe('progress figures on the page', () => {
  it('a chart’s rows carry each person’s value per week, unanswered weeks as gaps', () => {
    expect(questionRows(view, 'safe')).toEqual([
      { week: '23 Nov', a: 3, b: null },
      { week: '30 Nov', a: null, b: 8 },
    ]);
    expect(outcomeRows(view, 'b')).toEqual([
      { week: '23 Nov', ...none },
      { week: '30 Nov', ...none, partly: 2 },
    ]);
  });

  it('answers in words, and the weeks a session marks', () => {
    const [safe, , , week] = DEFAULT_CHECK_IN_QUESTIONS;
    expect(answerWords(safe!, 3)).toBe('3 of 10');
    expect(answerWords(week!, 2)).toBe('Easier than usual');
    expect(answerWords(week!, null)).toBe('Not answered');
    expect([...sessionWeeks(view)]).toEqual(['2026-11-30']);
    expect(shortDate('2026-09-14')).toBe('14 Sept');
  });
});
