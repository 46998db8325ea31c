import { checkInPeriod, DEFAULT_CHECK_IN_QUESTIONS, SetCheckInBody, validCheckInValue } from './check-ins';

describe('the check-in week', () => {
  it('starts on the schedule’s weekday (UTC) and lasts seven days, the same for whoever asks', () => {
    // Wednesday 2026-12-09
    expect(checkInPeriod(1, new Date('2026-12-09T23:59:00Z'))).toEqual({ starts: '2026-12-07', ends: '2026-12-14' });
    expect(checkInPeriod(3, new Date('2026-12-09T00:00:00Z'))).toEqual({ starts: '2026-12-09', ends: '2026-12-16' });
    expect(checkInPeriod(4, new Date('2026-12-09T12:00:00Z'))).toEqual({ starts: '2026-12-03', ends: '2026-12-10' });
  });

  it('takes 0–10 on a scale and an option’s index on a choice', () => {
    const [scale, , , choice] = DEFAULT_CHECK_IN_QUESTIONS;
    expect([0, 10].every((v) => validCheckInValue(scale!, v))).toBe(true);
    expect(validCheckInValue(scale!, 11)).toBe(false);
    expect(validCheckInValue(choice!, 2)).toBe(true);
    expect(validCheckInValue(choice!, 3)).toBe(false);
  });

  it('the default questions are a valid check-in; two questions with one id are not', () => {
    expect(SetCheckInBody.safeParse({ questions: DEFAULT_CHECK_IN_QUESTIONS, weekday: 1 }).success).toBe(true);
    expect(SetCheckInBody.safeParse({ questions: [DEFAULT_CHECK_IN_QUESTIONS[0], DEFAULT_CHECK_IN_QUESTIONS[0]], weekday: 1 }).success).toBe(false);
  });
});
