/**
 * Each jest worker runs its specs on a database of its own, so two spec files running side by side
 * never meet in one (a spec that locks a table, counts rows or reads the audit chain sees only its
 * own worker's work, as when every spec ran one after another): the first worker on the run's
 * database, worker n on `<name>_w<n>` beside it (created by global-setup.ts).
 */
export function workerDatabaseUrl(base: string, worker: number): string {
  if (worker <= 1) return base;
  const url = new URL(base);
  url.pathname = `/${url.pathname.slice(1)}_w${worker}`;
  return url.toString();
}

/** The run's database: TEST_DATABASE_URL, or the machine's `test`. */
export const RUN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
