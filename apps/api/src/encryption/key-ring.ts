import { createHmac, randomBytes } from 'node:crypto';
import { KEY_BYTES } from '../config/key-list';
import { open, seal } from './envelope';

/** A key-encryption key (from ENCRYPTION_KEY, or the embedded default's key file) and its id. */
export interface KeyEncryptionKey {
  /** A fingerprint of the key (HMAC-SHA-256, 16 hex digits): names it in the database without revealing it. */
  id: string;
  key: Buffer;
}

export function keyEncryptionKey(key: Buffer): KeyEncryptionKey {
  if (key.length !== KEY_BYTES) throw new Error(`an encryption key is ${KEY_BYTES} bytes`);
  return { id: createHmac('sha256', key).update('kinship key id').digest('hex').slice(0, 16), key };
}

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * The configured key-encryption keys: the first wraps new data keys; the others (during a
 * rotation) only unwrap the ones still wrapped under them.
 */
export class KeyRing {
  readonly current: KeyEncryptionKey;
  private readonly byId: Map<string, KeyEncryptionKey>;

  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error('a key ring needs a key');
    const all = keys.map(keyEncryptionKey);
    this.current = all[0]!;
    this.byId = new Map(all.map((k) => [k.id, k]));
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Wraps a data key under the current key (AES-256-GCM, with where it belongs as associated data). */
  wrap(dataKey: Buffer, associatedData: string): { kekId: string; wrapped: Buffer } {
    return { kekId: this.current.id, wrapped: seal(this.current.key, 0, dataKey, associatedData) };
  }

  unwrap(kekId: string, wrapped: Buffer, associatedData: string): Buffer {
    const kek = this.byId.get(kekId);
    if (!kek) throw new Error(`data key is wrapped under key ${kekId}, which ENCRYPTION_KEY does not hold`);
    return open(kek.key, wrapped, associatedData);
  }

  /**
   * A secret that belongs to no workspace (an account's TOTP secret), for a text column: wrapped
   * under the current key as data keys are, `WRAPPED_TEXT_PREFIX`, the key's id, the envelope.
   */
  wrapText(text: string, associatedData: string): string {
    const { kekId, wrapped } = this.wrap(Buffer.from(text, 'utf8'), associatedData);
    return `${WRAPPED_TEXT_PREFIX}${kekId}:${wrapped.toString('base64')}`;
  }

  /** The text as written; a value that was never wrapped (kept before encryption) is returned as it is. */
  unwrapText(stored: string, associatedData: string): string {
    const kekId = wrappedTextKekId(stored);
    if (kekId === null) return stored;
    return this.unwrap(kekId, Buffer.from(stored.slice(WRAPPED_TEXT_PREFIX.length + kekId.length + 1), 'base64'), associatedData).toString('utf8');
  }
}

/** Text wrapped by `KeyRing.wrapText` starts so. */
export const WRAPPED_TEXT_PREFIX = 'kwrapped1:';

/** The id of the key a wrapped text is under; null for text that is not wrapped. */
export function wrappedTextKekId(stored: string): string | null {
  if (!stored.startsWith(WRAPPED_TEXT_PREFIX)) return null;
  const end = stored.indexOf(':', WRAPPED_TEXT_PREFIX.length);
  return end < 0 ? null : stored.slice(WRAPPED_TEXT_PREFIX.length, end);
}
