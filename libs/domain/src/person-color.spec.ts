import { colorFromId, PERSON_COLORS } from './person-color';

/** WCAG relative luminance and contrast, to check the palette's promise of readable white text. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('a person’s color', () => {
  it('is the same for the same account on every device', () => {
    const id = '4b1d2c1e-0000-4000-8000-1234567890ab';
    expect(colorFromId(id)).toBe(colorFromId(id));
    expect(PERSON_COLORS).toContain(colorFromId(id));
  });

  it('spreads different accounts over the palette', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => colorFromId(`account-${i}`)));
    expect(used.size).toBe(PERSON_COLORS.length);
  });

  it('keeps white initials and caret names readable (contrast at least 4.5:1)', () => {
    for (const color of PERSON_COLORS) expect(contrastWithWhite(color)).toBeGreaterThanOrEqual(4.5);
  });
});
