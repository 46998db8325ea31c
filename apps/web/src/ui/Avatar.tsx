import { colorFromId } from '@kinship/domain/rules';
import './avatar.css';

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : '';
  return (first + last).toUpperCase();
}

export interface AvatarProps {
  name: string;
  /** Any stable id; the same id always gets the same color. */
  colorKey: string;
  color?: string;
  size?: 'small' | 'normal';
  /** A dot on the avatar, e.g. while the person is typing. */
  active?: boolean;
}

/** Initials on a colored circle. Decorative: the name is always written next to it. */
export function Avatar({ name, colorKey, color, size = 'normal', active = false }: AvatarProps) {
  return (
    <span
      className={['avatar', size === 'small' ? 'avatar--small' : '', active ? 'avatar--active' : ''].filter(Boolean).join(' ')}
      style={{ backgroundColor: color ?? colorFromId(colorKey) }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
