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

describe('no person reads as an error or a link', () => {
  it('has no strong red and no link blue among the colors', () => {
    // Hue in degrees and saturation (HSV) of a colour; only saturated colours read as red or as a link.
    const hueAndSaturation = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      const span = max - min;
      const h = span === 0 ? 0 : max === r ? ((g - b) / span) % 6 : max === g ? (b - r) / span + 2 : (r - g) / span + 4;
      return { hue: (h * 60 + 360) % 360, saturation: max === 0 ? 0 : span / max };
    };
    for (const color of PERSON_COLORS) {
      const { hue, saturation } = hueAndSaturation(color);
      const strong = saturation > 0.5;
      expect({ color, red: strong && (hue < 15 || hue > 325) }).toEqual({ color, red: false });
      expect({ color, linkBlue: strong && hue > 200 && hue < 230 }).toEqual({ color, linkBlue: false });
    }
    // The old palette's red, raspberry and link blue are caught by the same test.
    for (const old of ['#b03f30', '#a3376d', '#2e64a8']) {
      const { hue, saturation } = hueAndSaturation(old);
      expect(saturation > 0.5 && (hue < 15 || hue > 325 || (hue > 200 && hue < 230))).toBe(true);
    }
  });
});

describe('an away person stays readable', () => {
  it('each colour, greyed for someone away (CSS grayscale), keeps white initials at 4.5:1 or more', () => {
    const linear = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    for (const color of PERSON_COLORS) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255) as [number, number, number];
      // CSS grayscale(1) maps each channel to this weighted sum of the sRGB values.
      const grey = linear(0.2126 * r + 0.7152 * g + 0.0722 * b);
      expect({ color, contrast: 1.05 / (grey + 0.05) >= 4.5 }).toEqual({ color, contrast: true });
    }
  });
});
