import type { ChildProcess } from 'node:child_process';
import { startApiProcess } from './api-process';
import { createCouple } from './rest';
import type { E2eEnvironment } from './environment';

/** Starts the real API on a free port, serving the built web client, and sets up a couple. */
export default async function globalSetup(): Promise<void> {
  const { baseUrl, child, logPath } = await startApiProcess();
  (globalThis as { __KINSHIP_API__?: ChildProcess }).__KINSHIP_API__ = child;
  const couple = await createCouple(baseUrl, ['Robin Counselor', 'Alex Rivera', 'Sam Okafor']);
  const environment: E2eEnvironment = { baseUrl, apiLog: logPath, couple };
  process.env.KINSHIP_E2E = JSON.stringify(environment);
}
