import type { ChildProcess } from 'node:child_process';
import { stopApiProcess } from './api-process';

export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { __KINSHIP_API__?: ChildProcess }).__KINSHIP_API__;
  if (child) await stopApiProcess(child);
}
