import type { Couple } from './rest';

export interface E2eEnvironment {
  baseUrl: string;
  apiLog: string;
  /** A counselor and two partners in one workspace, set up once for the run. */
  couple: Couple;
}

export function e2e(): E2eEnvironment {
  const raw = process.env.KINSHIP_E2E;
  if (!raw) throw new Error('KINSHIP_E2E is not set: run the specs through jest (global setup starts the API).');
  return JSON.parse(raw) as E2eEnvironment;
}
