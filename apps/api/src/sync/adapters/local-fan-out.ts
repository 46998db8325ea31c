import type { FanOut } from '../ports';

/**
 * One API process: every connection of a document is in this process's room, so there is no one
 * else to tell. The Redis fan-out for several processes plugs in at the same seam.
 */
export class LocalFanOut implements FanOut {
  publish(): void {}

  subscribe(): () => void {
    return () => undefined;
  }
}
