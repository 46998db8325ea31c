import { extname, join } from 'node:path';
import Piscina from 'piscina';
import sealRows, { type SealedRows, type SealingJob } from './sealing-worker';

/** A batch of fewer rows than this is sealed where it is: the hop to the thread would cost more. */
export const SEAL_ON_THREAD_FROM = 32;

/**
 * Seals the store's batches of rows on a thread of their own (piscina, one thread), so AES-GCM for
 * a thousand rows does not hold up the event loop that reads and relays every frame. The rows and
 * their bytes cross as one buffer each way (the plaintext is copied, never shared while in use).
 * Small batches are sealed inline. Built JavaScript runs the compiled worker; the specs
 * (TypeScript under Jest) run the source through the register hook the compactor uses.
 */
export class DocSealer {
  private pool: Piscina<SealingJob, SealedRows> | null = null;

  private started(): Piscina<SealingJob, SealedRows> {
    if (this.pool) return this.pool;
    const source = extname(__filename) === '.ts';
    this.pool = new Piscina({
      filename: join(__dirname, `sealing-worker${source ? '.ts' : '.js'}`),
      minThreads: 1,
      maxThreads: 1,
      idleTimeout: 60_000,
      execArgv: source ? ['--require', '@swc-node/register'] : [],
    });
    return this.pool;
  }

  /** Every piece sealed under its key with its associated data, end to end in one buffer, with each one's length. */
  async seal(pieces: { key: { id: number; key: Buffer }; context: string; data: Uint8Array }[]): Promise<SealedRows> {
    const keys: SealingJob['keys'] = [];
    const keyIndex = new Map<Buffer, number>();
    const rows: SealingJob['rows'] = [];
    for (const p of pieces) {
      let index = keyIndex.get(p.key.key);
      if (index === undefined) {
        index = keys.length;
        keyIndex.set(p.key.key, index);
        keys.push(p.key);
      }
      rows.push({ key: index, context: p.context });
    }
    const job: SealingJob = { keys, rows, data: Buffer.concat(pieces.map((p) => p.data)), lengths: pieces.map((p) => p.data.byteLength) };
    if (pieces.length < SEAL_ON_THREAD_FROM) return sealRows(job);
    const sealed = await this.started().run(job);
    const data = sealed.data;
    return { data: Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), lengths: sealed.lengths };
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
