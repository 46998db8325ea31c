import * as Y from 'yjs';
import type { DocStore } from './ports';
import { buildDocument } from './stored-pieces';

/** How long after a hint that something was missed the room reads the store (appends in flight land first). */
export const CATCH_UP_AFTER_MS = 1000;

/**
 * When a room reads the store again to catch up with what other processes stored (a gap in their
 * messages, a relayed update that builds on something never heard): one run at a time, a request
 * during a run makes one more run after it.
 */
export class CatchUpSchedule {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly run: () => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Catch up in `delayMs`. */
  after(delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.request();
    }, delayMs);
    this.timers.add(timer);
  }

  private request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch((error) => this.failed(error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * What the store holds that a room's document lacks, as one update (from the room's state vector
 * when the read is done), with the store's client owners. Null when a stored piece cannot load:
 * the next load sets it aside, and there is nothing to catch up from here.
 */
export async function readMissing(
  store: DocStore,
  documentId: string,
  stateVector: () => Uint8Array,
): Promise<{ owners: Map<number, string | null>; missing: Uint8Array } | null> {
  const pieces = await store.load(documentId);
  const owners = await store.clientOwners(documentId);
  let stored: Y.Doc;
  try {
    stored = buildDocument(pieces);
  } catch {
    return null;
  }
  try {
    return { owners, missing: Y.encodeStateAsUpdate(stored, stateVector()) };
  } finally {
    stored.destroy();
  }
}
