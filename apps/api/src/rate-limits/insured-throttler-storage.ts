import { Logger } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

type Increment = ThrottlerStorage['increment'];

/**
 * Per-address counts kept in the shared store (Redis), and in this process's memory whenever the
 * shared store cannot answer: a Redis outage makes each process count alone for a while, never
 * refuses every log-in with a 500 nor lets every request through uncounted.
 */
export class InsuredThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimits');
  private readonly local = new ThrottlerStorageService();
  private warnedAt = 0;

  constructor(private readonly shared: ThrottlerStorage) {}

  async increment(...args: Parameters<Increment>): ReturnType<Increment> {
    try {
      return await this.shared.increment(...args);
    } catch (error) {
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.logger.warn(`Counting requests in this process while Redis cannot: ${error instanceof Error ? error.message : String(error)}`);
      }
      return this.local.increment(...args);
    }
  }
}
