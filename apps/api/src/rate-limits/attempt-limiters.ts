import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { IRateLimiterOptions, RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { quitRedis } from '../common/redis-quit';

/** The Redis connection the limits count on, or null: one process, counting in its own memory. */
export const LIMITS_REDIS = Symbol('LIMITS_REDIS');

export interface AttemptLimit {
  /** What is counted (`login-account`, `totp-account`); keys are per account or email under it. */
  name: string;
  points: number;
  durationSeconds: number;
  blockSeconds: number;
}

/**
 * Counters of attempts (failed log-ins, wrong codes) that hold across every API process: with
 * REDIS_URL, rate-limiter-flexible counts in Redis, so ten guesses spread over several processes
 * are still ten; while Redis is away, each process counts in its own memory meanwhile (the
 * library's insurance limiter) rather than letting every attempt through or refusing them all.
 * Without Redis (one process), in memory.
 */
@Injectable()
export class AttemptLimiters implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');

  constructor(@Inject(LIMITS_REDIS) private readonly redis: Redis | null) {
    this.redis?.on('error', (error: Error) => this.logger.warn(`Redis for rate limits: ${error.message}`));
  }

  create(limit: AttemptLimit): RateLimiterAbstract {
    const options: IRateLimiterOptions = {
      keyPrefix: `kinship:limit:${limit.name}`,
      points: limit.points,
      duration: limit.durationSeconds,
      blockDuration: limit.blockSeconds,
    };
    const memory = new RateLimiterMemory(options);
    if (!this.redis) return memory;
    return new RateLimiterRedis({ ...options, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter: memory });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await quitRedis([this.redis]);
  }
}
