import { Client } from 'pg';
import { preparePgliteTemplate } from './pglite-template';
import { RUN_DATABASE_URL, workerDatabaseUrl } from './worker-database';

/**
 * Creates each further worker's database beside the run's (see worker-database.ts), if missing, and
 * the migrated PGlite folder the in-process APIs on PGlite start from (pglite-template.ts).
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const client = new Client({ connectionString: RUN_DATABASE_URL });
  await client.connect();
  try {
    for (let worker = 2; worker <= globalConfig.maxWorkers; worker++) {
      const name = new URL(workerDatabaseUrl(RUN_DATABASE_URL, worker)).pathname.slice(1);
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
  await preparePgliteTemplate();
}
