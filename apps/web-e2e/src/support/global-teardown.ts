import type { ChildProcess } from 'node:child_process';
import { stopApiProcess } from './api-process';

export default async function globalTeardown(): Promise<void> {
  const children = (globalThis as { __KINSHIP_APIS__?: ChildProcess[] }).__KINSHIP_APIS__ ?? [];
  await Promise.all(children.map((child) => stopApiProcess(child)));
}
