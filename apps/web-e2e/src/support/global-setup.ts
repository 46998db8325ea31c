import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL, startApiProcess } from './api-process';
import { createCouple } from './rest';
import type { E2eEnvironment } from './environment';

/**
 * The database for worker `n` (1-based): the run's own (E2E_DATABASE_URL, or `test`) for the first,
 * one beside it (`<name>_w<n>`, created if missing) for each further worker.
 */
async function databaseFor(worker: number): Promise<string> {
  const base = process.env.E2E_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (worker === 1) return base;
  const url = new URL(base);
  const name = `${url.pathname.slice(1)}_w${worker}`;
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the real API, serving the built web client, and sets up a couple: one of each per jest
 * worker (each on its own database), so the spec files can run two at a time.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const workers = Math.max(1, globalConfig.maxWorkers);
  const started = await Promise.all(
    Array.from({ length: workers }, async (_, i) => {
      const databaseUrl = await databaseFor(i + 1);
      const { baseUrl, child, logPath } = await startApiProcess({ DATABASE_URL: databaseUrl });
      const couple = await createCouple(baseUrl, ['Robin Counselor', 'Alex Rivera', 'Sam Okafor']);
      return { child, environment: { baseUrl, apiLog: logPath, databaseUrl, couple } satisfies E2eEnvironment };
    }),
  );
  (globalThis as { __KINSHIP_APIS__?: ChildProcess[] }).__KINSHIP_APIS__ = started.map((s) => s.child);
  process.env.KINSHIP_E2E = JSON.stringify(started.map((s) => s.environment));
}
