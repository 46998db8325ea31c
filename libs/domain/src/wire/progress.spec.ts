import { progressWeeks, ProgressQuery, weekIndexOf } from './progress';

describe('progress weeks', () => {
  it('N weeks on the check-in’s schedule, oldest first, ending with the week holding now', () => {
    // 2026-12-03 is a Thursday; weeks from Monday.
    expect(progressWeeks(1, new Date('2026-12-03T10:00:00Z'), 3)).toEqual([
      { starts: '2026-11-16', ends: '2026-11-23' },
      { starts: '2026-11-23', ends: '2026-11-30' },
      { starts: '2026-11-30', ends: '2026-12-07' },
    ]);
    // From Friday: the week holding Thursday began the Friday before.
    expect(progressWeeks(5, new Date('2026-12-03T10:00:00Z'), 1)).toEqual([{ starts: '2026-11-27', ends: '2026-12-04' }]);
  });

  it('finds the week a day falls in, or none', () => {
    const weeks = progressWeeks(1, new Date('2026-12-03T10:00:00Z'), 2);
    expect(weekIndexOf(weeks, '2026-11-23')).toBe(0);
    expect(weekIndexOf(weeks, '2026-11-29T23:59:59.000Z')).toBe(0);
    expect(weekIndexOf(weeks, '2026-11-30')).toBe(1);
    expect(weekIndexOf(weeks, '2026-12-07')).toBe(-1);
    expect(weekIndexOf(weeks, '2026-11-22')).toBe(-1);
  });

  it('weeks is a whole number from 1 to 52, 12 when not given; nothing else is accepted', () => {
    expect(ProgressQuery.parse({})).toEqual({ weeks: 12 });
    expect(ProgressQuery.parse({ weeks: '52' })).toEqual({ weeks: 52 });
    for (const weeks of ['0', '53', '-1', '1.5', 'abc', '']) expect(ProgressQuery.safeParse({ weeks }).success).toBe(false);
    expect(ProgressQuery.safeParse({ weeks: '4', of: 'x' }).success).toBe(false);
  });
});
