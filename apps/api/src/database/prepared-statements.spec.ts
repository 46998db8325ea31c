import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { Database, openDatabase } from './database';
import { runPrepared } from './prepared-statements';
import { TEST_DATABASE_URL } from '../../test/support/test-app';

/**
 * The sync store's append runs as a named prepared statement on PostgreSQL, prepared once on each
 * pooled connection; on the embedded PGlite, whose connections share one session, the same call
 * sends it unnamed (a name prepared by one connection would clash on the next).
 */

/** Whether the statement running is the named one, on which backend: asked from inside it. */
const ASKS_ITS_NAME = `SELECT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE name = 'spec_prepared') AS named,
  pg_backend_pid() AS backend, $1::int AS n, pg_sleep(0.05) IS NULL AS slept`;

async function runFourAtOnce(database: Database) {
  return Promise.all(
    [1, 2, 3, 4].map((n) => runPrepared<{ named: boolean; backend: number; n: number }>(database.dataSource, 'spec_prepared', ASKS_ITS_NAME, [n])),
  );
}

describe('prepared statements', () => {
  let database: Database | null = null;
  let dataDir: string | null = null;

  const open = async (config: AppConfig['database']) => {
    database = await openDatabase(config, { migrate: false });
    return database;
  };

  afterEach(async () => {
    await database?.close();
    database = null;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  it('on PostgreSQL, every pooled connection prepares the statement by its name and runs it again', async () => {
    const db = await open({ driver: 'postgres', url: TEST_DATABASE_URL, poolSize: 2 });
    for (let round = 0; round < 3; round++) {
      const rows = (await runFourAtOnce(db)).map(([row]) => row!);
      expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4]);
      expect(rows.every((r) => r.named)).toBe(true);
      // Four at once on a pool of two: both connections ran it, each with its own prepared copy.
      expect(new Set(rows.map((r) => r.backend)).size).toBe(2);
    }
  });

  it('on PostgreSQL, a connection cut by the server is dropped: the next calls prepare the statement on new ones', async () => {
    const db = await open({ driver: 'postgres', url: TEST_DATABASE_URL, poolSize: 2 });
    const before = new Set((await runFourAtOnce(db)).map(([row]) => row!.backend));
    const killer = await openDatabase({ driver: 'postgres', url: TEST_DATABASE_URL, poolSize: 1 }, { migrate: false });
    try {
      await killer.dataSource.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [[...before]]);
    } finally {
      await killer.close();
    }
    // A call may meet a cut connection before the pool has noticed (the store retries once).
    await runFourAtOnce(db).catch(() => undefined);
    const rows = (await runFourAtOnce(db)).map(([row]) => row!);
    expect(rows.every((r) => r.named)).toBe(true);
    expect(rows.some((r) => before.has(r.backend))).toBe(false);
  });

  it('on the embedded PGlite, the same calls from several connections run unnamed and all succeed', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kinship-prepared-'));
    const db = await open({ driver: 'pglite', dataDir, poolSize: 2 });
    for (let round = 0; round < 3; round++) {
      const rows = (await runFourAtOnce(db)).map(([row]) => row!);
      expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4]);
      expect(rows.some((r) => r.named)).toBe(false);
    }
  });
});
