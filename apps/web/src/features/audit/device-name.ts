import Bowser from 'bowser';

/**
 * A device as a person would name it ("Firefox on Windows", "Safari on iOS, mobile") from the
 * User-Agent its browser sent; the raw text when it names no known browser (a script, a tool).
 */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return '—';
  const parser = Bowser.getParser(userAgent);
  const browser = parser.getBrowserName();
  if (!browser) return userAgent;
  const os = parser.getOSName();
  const platform = parser.getPlatformType();
  const kind = platform === 'mobile' || platform === 'tablet' ? `, ${platform}` : '';
  return `${browser}${os ? ` on ${os}` : ''}${kind}`;
}
