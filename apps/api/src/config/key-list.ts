/** How long an encryption key is, in bytes (AES-256). */
export const KEY_BYTES = 32;

/**
 * A comma- or newline-separated list of base64 keys; null when one is not 32 bytes. Here, below
 * both config (which checks ENCRYPTION_KEY at boot) and encryption (key files, rotation), so that
 * config imports no feature.
 */
export function parseKeyList(value: string): Buffer[] | null {
  const entries = value.split(/[,\s]+/).filter(Boolean);
  if (entries.length === 0) return null;
  const keys = entries.map((e) => Buffer.from(e, 'base64'));
  const wellFormed = entries.every((e, i) => /^[A-Za-z0-9+/]+={0,2}$/.test(e) && keys[i]!.length === KEY_BYTES);
  return wellFormed ? keys : null;
}
