import { DynamicModule, Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { AppConfig } from '../config/env';
import { AttemptLimiters, LIMITS_REDIS } from './attempt-limiters';
import { InsuredThrottlerStorage } from './insured-throttler-storage';

/** Requests one address may make a minute to a throttled route, unless the route says otherwise (@Throttle). */
const PER_ADDRESS = { ttl: 60_000, limit: 100 };

/**
 * Every limit on attempts, counted once for the whole deployment: per address (@nestjs/throttler,
 * on the routes that use its guard) and per account (AttemptLimiters). With REDIS_URL the counts
 * live in Redis (the throttler through @nest-lab/throttler-storage-redis), so several API
 * processes do not each grant the full allowance; without it, in this process's memory.
 */
@Global()
@Module({})
export class RateLimitsModule {
  static forConfig(config: AppConfig): DynamicModule {
    // Commands fail at once while Redis is away (no offline queue): a limit is decided now or never.
    const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
    return {
      module: RateLimitsModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [PER_ADDRESS],
          ...(redis ? { storage: new InsuredThrottlerStorage(new ThrottlerStorageRedisService(redis)) } : {}),
        }),
      ],
      providers: [{ provide: LIMITS_REDIS, useValue: redis }, AttemptLimiters],
      exports: [ThrottlerModule, AttemptLimiters],
    };
  }
}
