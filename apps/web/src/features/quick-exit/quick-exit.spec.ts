import { escapeCounter } from './quick-exit';

describe('the quick exit shortcut', () => {
  it('leaves on the third Escape within two seconds', () => {
    const press = escapeCounter();
    expect(press('Escape', 0)).toBe(false);
    expect(press('Escape', 500)).toBe(false);
    expect(press('Escape', 1200)).toBe(true);
  });

  it('does not leave on presses spread out, or broken by another key', () => {
    const press = escapeCounter();
    expect(press('Escape', 0)).toBe(false);
    expect(press('Escape', 1500)).toBe(false);
    expect(press('Escape', 3000)).toBe(false);
    expect(press('a', 3100)).toBe(false);
    expect(press('Escape', 3200)).toBe(false);
    expect(press('Escape', 3300)).toBe(false);
    expect(press('Escape', 3400)).toBe(true);
  });
});
