import { extname, join } from 'node:path';
import Piscina from 'piscina';
import type { Compacted, CompactionJob } from './compaction-worker';

/**
 * Merges a document's stored pieces into one snapshot on a worker thread (piscina), so a burst of
 * compactions never stalls the event loop. One thread: compactions wait their turn rather than
 * take the second core from the sockets. Built JavaScript runs the compiled worker; the specs
 * (TypeScript under Jest) run the source through the same register hook the benchmark uses.
 */
export class DocCompactor {
  /** Started on the first compaction; its thread ends after a minute with nothing to do. */
  private pool: Piscina<CompactionJob, Compacted> | null = null;

  private started(): Piscina<CompactionJob, Compacted> {
    if (this.pool) return this.pool;
    const source = extname(__filename) === '.ts';
    this.pool = new Piscina({
      filename: join(__dirname, `compaction-worker${source ? '.ts' : '.js'}`),
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 60_000,
      execArgv: source ? ['--require', '@swc-node/register'] : [],
    });
    return this.pool;
  }

  async merge(pieces: Uint8Array[]): Promise<Compacted> {
    const merged = await this.started().run({ pieces });
    // Structured clone hands back Uint8Arrays; keep them as such.
    const bytes = (value: Uint8Array) => (value instanceof Uint8Array ? value : new Uint8Array(value));
    return { state: bytes(merged.state), stateVector: bytes(merged.stateVector) };
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
