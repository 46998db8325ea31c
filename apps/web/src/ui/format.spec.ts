import { formatClock, formatLength } from './format';

describe('clock faces', () => {
  it('counts up in whole seconds, rounding down', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(999)).toBe('0:00');
    expect(formatClock(65_400)).toBe('1:05');
    expect(formatClock(12 * 60_000)).toBe('12:00');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });

  it('counts down rounding up: the full time at the start, 0:00 only when it is over', () => {
    expect(formatClock(20 * 60_000, 'up')).toBe('20:00');
    expect(formatClock(20 * 60_000 - 1, 'up')).toBe('20:00');
    expect(formatClock(1, 'up')).toBe('0:01');
    expect(formatClock(0, 'up')).toBe('0:00');
    expect(formatClock(-500, 'up')).toBe('0:00');
  });

  it('says how long something lasted, in short', () => {
    expect(formatLength(45_000)).toBe('45 s');
    expect(formatLength(12 * 60_000)).toBe('12 min');
    expect(formatLength(65 * 60_000)).toBe('1 h 5 min');
  });
});
