import type { Couple } from './rest';

export interface E2eEnvironment {
  baseUrl: string;
  apiLog: string;
  /** The database this worker's API process (and any API a spec starts) runs on. */
  databaseUrl: string;
  /** A counselor and two partners in one workspace, set up once for the run. */
  couple: Couple;
}

/**
 * The environment of the jest worker running this spec: global setup starts one API process, on a
 * database of its own, with a couple of its own, for each worker, so specs that run side by side
 * never share a workspace (one pausing joint work, say, while another types) or a database.
 */
export function e2e(): E2eEnvironment {
  const raw = process.env.KINSHIP_E2E;
  if (!raw) throw new Error('KINSHIP_E2E is not set: run the specs through jest (global setup starts the API).');
  const all = JSON.parse(raw) as E2eEnvironment[];
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return all[(worker - 1) % all.length]!;
}
