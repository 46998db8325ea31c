/**
 * Our server keeps document content encrypted at rest (apps/api/src/encryption): the benchmark
 * reads and writes our stored rows through the API's own cipher (the built code), under the key it
 * starts our server with. Nothing here is a copy of the server's rules.
 */
import { resolve } from 'node:path';
import type { Client } from 'pg';

/** The key our server is started with; the bench database remembers it (a shared one must keep it). */
export const BENCH_ENCRYPTION_KEY = process.env.BENCH_ENCRYPTION_KEY ?? Buffer.alloc(32, 'kinship-bench-key').toString('base64');

interface Cipher {
  sealDocuments(pieces: { documentId: string; data: Uint8Array }[]): Promise<Buffer[]>;
  openDocumentPieces(documentId: string, pieces: Uint8Array[]): Promise<(Buffer | null)[]>;
}

const DIST = resolve(__dirname, '../../apps/api/dist/encryption');

/** The API's ContentCipher over this pg client (it only ever calls `query`). */
export function ourCipher(db: Client): Cipher {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ContentCipher } = require(`${DIST}/content-cipher.js`) as { ContentCipher: new (dataSource: unknown, ring: unknown) => Cipher };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KeyRing } = require(`${DIST}/key-ring.js`) as { KeyRing: new (keys: Buffer[]) => unknown };
  const dataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows };
  return new ContentCipher(dataSource, new KeyRing([Buffer.from(BENCH_ENCRYPTION_KEY, 'base64')]));
}
