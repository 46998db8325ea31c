import { isIP } from 'node:net';
import Bowser from 'bowser';

/**
 * How a session is shown in its person's list: the device in words, read from the user agent
 * (bowser), and the address it came from, coarse (no lookup of where that is).
 */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os, platform } = Bowser.parse(userAgent);
  const major = browser.version?.split('.')[0];
  const name = browser.name ? `${browser.name}${major ? ` ${major}` : ''}` : null;
  const system = os.name ? `${os.name}${os.versionName ? ` ${os.versionName}` : ''}` : platform.type ? `a ${platform.type}` : null;
  if (name && system) return `${name} on ${system}`;
  return name ?? system ?? 'Unknown device';
}

/**
 * An address as stored: IPv4 without its last part (203.0.113.x), IPv6 with its first three groups
 * (2001:db8:85a3:…), enough to recognise a network and no more. IPv4-mapped IPv6 reads as IPv4.
 */
export function coarseAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain);
  if (family === 4) return `${plain.split('.').slice(0, 3).join('.')}.x`;
  if (family === 6) {
    if (plain === '::1') return 'this computer (::1)';
    const [head] = plain.split('::');
    const groups = head.split(':').filter(Boolean).slice(0, 3);
    return `${groups.join(':')}:…`;
  }
  return null;
}
