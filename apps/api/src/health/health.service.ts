import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { HealthView } from '@kinship/domain/wire';
import { APP_CONFIG, AppConfig } from '../config/env';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';

/** Reports whether the database (and Redis, when configured) answer right now. */
@Injectable()
export class HealthService implements OnApplicationShutdown {
  private readonly redis: Redis | null;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = config.redisUrl
      ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 })
      : null;
    this.redis?.on('error', () => undefined);
  }

  async check(): Promise<HealthView> {
    const databaseOk = await this.database.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const view: HealthView = { status: 'ok', database: { ok: databaseOk, driver: this.database.driver } };
    if (this.redis) {
      const redisOk = await this.pingRedis();
      view.redis = { ok: redisOk };
      if (!redisOk) view.status = 'degraded';
    }
    if (!databaseOk) view.status = 'degraded';
    return view;
  }

  private async pingRedis(): Promise<boolean> {
    const redis = this.redis!;
    try {
      if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
