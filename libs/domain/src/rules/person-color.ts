/**
 * Colors for people: each is dark enough for white text on it (contrast at least 4.5:1) and
 * distinct from its neighbors. None reads as an error (red) or a link (link blue): a person's
 * words tinted in their color must never look wrong or clickable. The same id always maps to the same color, on every device and on
 * the server, which stamps it on each person's presence.
 */
export const PERSON_COLORS = [
  '#1f6f78',
  '#8a4baf',
  '#48596b',
  '#6d5a73',
  '#7a5a00',
  '#5d6a16',
  '#37702a',
  '#5656b8',
  '#8c4a1f',
  '#00706a',
] as const;

export function colorFromId(id: string): string {
  // FNV-1a: a small, stable hash; good enough to spread ids over a handful of colors.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PERSON_COLORS[(hash >>> 0) % PERSON_COLORS.length]!;
}
