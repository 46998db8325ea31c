import { periodOf, periodsOfWeek, parseUtcDay, mondayOf } from './commitments';

describe('commitment periods', () => {
  it('a week starts on Monday (UTC), whatever day it is', () => {
    expect(mondayOf(new Date('2026-12-06T23:59:00Z'))).toBe('2026-11-30'); // a Sunday
    expect(mondayOf(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30'); // the Monday itself
    expect(mondayOf(new Date('2027-01-01T12:00:00Z'))).toBe('2026-12-28'); // across a year
  });

  it('a daily period is the day; a weekly one is its week', () => {
    const at = new Date('2026-12-03T08:00:00Z');
    expect(periodOf('daily', at)).toBe('2026-12-03');
    expect(periodOf('weekly', at)).toBe('2026-11-30');
    expect(periodsOfWeek('weekly', '2026-11-30')).toEqual(['2026-11-30']);
    expect(periodsOfWeek('daily', '2026-11-30')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
  });

  it('only a real day is a day', () => {
    expect(parseUtcDay('2026-02-30')).toBeNull();
    expect(parseUtcDay('2026-2-3')).toBeNull();
    expect(parseUtcDay('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
