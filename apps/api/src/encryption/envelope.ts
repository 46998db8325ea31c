import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

/**
 * One encrypted value as stored: version byte, key id (uint32, big-endian), a random 96-bit nonce,
 * the AES-256-GCM ciphertext and its 16-byte tag. The associated data (never stored) names the
 * value's place (its row), so a value copied into another row does not decrypt there.
 */
export const ENVELOPE_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + 4 + NONCE_BYTES;
/** What encryption adds to every value. */
export const ENVELOPE_OVERHEAD = HEADER_BYTES + TAG_BYTES;

export class EnvelopeError extends Error {}

/**
 * Random nonces, drawn from the system's generator 256 at a time: one call to it per 256 values
 * sealed instead of one each (on the sync store's hot path that call was a twentieth of the
 * process's time). Each nonce is copied out before the pool is drawn again.
 */
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceOffset = noncePool.length;
function nextNonce(): Buffer {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  const nonce = noncePool.subarray(nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

export function seal(key: Buffer, keyId: number, plaintext: Uint8Array, associatedData: string): Buffer {
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const out = Buffer.allocUnsafe(HEADER_BYTES + plaintext.byteLength + TAG_BYTES);
  out[0] = ENVELOPE_VERSION;
  out.writeUInt32BE(keyId, 1);
  nonce.copy(out, 5);
  let offset = HEADER_BYTES;
  offset += cipher.update(plaintext).copy(out, offset);
  offset += cipher.final().copy(out, offset);
  cipher.getAuthTag().copy(out, offset);
  return out;
}

/** The key id an envelope was sealed under (throws when it is not an envelope of a known version). */
export function envelopeKeyId(envelope: Uint8Array): number {
  if (envelope.byteLength < ENVELOPE_OVERHEAD || envelope[0] !== ENVELOPE_VERSION) {
    throw new EnvelopeError('not an encrypted value of a known version');
  }
  return Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength).readUInt32BE(1);
}

/** The plaintext; throws EnvelopeError when the value, the key or the associated data do not match. */
export function open(key: Buffer, envelope: Uint8Array, associatedData: string): Buffer {
  envelopeKeyId(envelope);
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(5, HEADER_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new EnvelopeError('the value does not decrypt (wrong key, or altered or moved from another row)');
  }
}
