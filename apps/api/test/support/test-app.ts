import { DataSource } from 'typeorm';
import { parseEnv } from '../../src/config/env';
import { CHEAP_PASSWORD_HASHING } from './api-process';
import { RunningApp, startApp } from '../../src/app';
import { SyncService } from '../../src/sync/sync.service';
import { RUN_DATABASE_URL, workerDatabaseUrl } from './worker-database';
import { freshPgliteDir } from './pglite-template';

/** The machine's PostgreSQL, which tests use for real (never a mock): this jest worker's own database on it. */
export const TEST_DATABASE_URL = workerDatabaseUrl(RUN_DATABASE_URL, Number(process.env.JEST_WORKER_ID ?? '1'));

export type Driver = 'postgres' | 'pglite';

/**
 * The key-encryption key every test and test process uses on the shared test database (a database
 * remembers its key: another one refuses to start). Never a real deployment's key.
 */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 'kinship-test-key').toString('base64');

export interface TestApp extends RunningApp {
  wsUrl: string;
  dataSource: DataSource;
  sync: SyncService;
}

/** Environment for an API under test: a free port, quiet logs, the chosen database. */
export function testEnv(driver: Driver, extra: Record<string, string> = {}): Record<string, string> {
  const database: Record<string, string> =
    driver === 'postgres'
      ? { DATABASE_URL: TEST_DATABASE_URL, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }
      : { PGLITE_DATA_DIR: freshPgliteDir() };
  return { NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'error', SYNC_UNLOAD_DELAY_MS: '0', WEB_DIST: '/nonexistent', ...CHEAP_PASSWORD_HASHING, ...database, ...extra };
}

/** Starts the whole API in this process on a free port. */
export async function startTestApp(driver: Driver = 'postgres', extra: Record<string, string> = {}): Promise<TestApp> {
  const running = await startApp(parseEnv(testEnv(driver, extra)));
  return {
    ...running,
    wsUrl: running.url.replace(/^http/, 'ws'),
    dataSource: running.app.get(DataSource),
    sync: running.app.get(SyncService),
  };
}
