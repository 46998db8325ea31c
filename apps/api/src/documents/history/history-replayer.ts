import { extname, join } from 'node:path';
import Piscina from 'piscina';
import type { AuthoredBlock } from '@kinship/domain/wire';
import type { AuthorshipJob, IndexJob, Indexed, PointJob } from './history-worker';

/** Memory one replay may take on its thread; past it the thread ends and that request fails, nothing else. */
const WORKER_HEAP_MB = 512;

/**
 * Replays documents' kept updates on a worker thread (piscina), so reading a long history never
 * stalls the event loop that serves everyone else. One thread: history reads wait their turn
 * rather than take the second core from the sockets (compaction has its own thread). Built
 * JavaScript runs the compiled worker; the specs (TypeScript under Jest) run the source through
 * the same register hook the compaction thread uses.
 */
export class HistoryReplayer {
  /** Started on the first read; its thread ends after a minute with nothing to do. */
  private pool: Piscina | null = null;

  private started(): Piscina {
    if (this.pool) return this.pool;
    const source = extname(__filename) === '.ts';
    this.pool = new Piscina({
      filename: join(__dirname, `history-worker${source ? '.ts' : '.js'}`),
      // The worker has no default export: each job names its function (`index` is the one a thread loads first).
      name: 'index',
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      execArgv: source ? ['--require', '@swc-node/register'] : [],
    });
    return this.pool;
  }

  /** Starts the thread (if it is not running) while the caller reads what it will replay. */
  start(): void {
    this.started()
      .run(null, { name: 'ready' })
      .catch(() => undefined);
  }

  index(job: IndexJob): Promise<Indexed> {
    return this.started().run(job, { name: 'index' });
  }

  point(job: PointJob): Promise<AuthoredBlock[]> {
    return this.started().run(job, { name: 'point' });
  }

  authorship(job: AuthorshipJob): Promise<AuthoredBlock[]> {
    return this.started().run(job, { name: 'authorship' });
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
