import { seal } from '../../encryption/envelope';

/**
 * A batch of rows to seal: the keys they use (each once), and per row the key's place in `keys`,
 * the associated data, and its bytes as a slice of `data` (every row's bytes end to end).
 */
export interface SealingJob {
  keys: { id: number; key: Uint8Array }[];
  rows: { key: number; context: string }[];
  data: Uint8Array;
  lengths: number[];
}

/** The sealed rows end to end, and each one's length. */
export interface SealedRows {
  data: Uint8Array;
  lengths: number[];
}

/**
 * Seals every row of a batch (AES-256-GCM, `encryption/envelope.ts`), on the store's sealing thread
 * (see DocSealer) or, for a few rows, where the batch is. The same function both ways: one envelope.
 */
export default function sealRows({ keys, rows, data, lengths }: SealingJob): SealedRows {
  const keyBuffers = keys.map((k) => (Buffer.isBuffer(k.key) ? k.key : Buffer.from(k.key.buffer, k.key.byteOffset, k.key.byteLength)));
  const sealed: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const length = lengths[i]!;
    sealed.push(seal(keyBuffers[row.key]!, keys[row.key]!.id, data.subarray(at, at + length), row.context));
    at += length;
  }
  return { data: Buffer.concat(sealed), lengths: sealed.map((b) => b.byteLength) };
}
