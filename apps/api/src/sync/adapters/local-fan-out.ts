import type { FanOut } from '../ports';

/**
 * One API process: every connection of a document is in this process's room, so there is no one
 * else to tell. The Redis fan-out (redis-fan-out.ts) plugs in at the same seam for several.
 */
export class LocalFanOut implements FanOut {
  publish(): void {}

  publishRecord(): void {}

  subscribe(): Promise<() => void> {
    return Promise.resolve(() => undefined);
  }
}
