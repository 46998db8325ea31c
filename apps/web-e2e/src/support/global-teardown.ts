import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { __KINSHIP_API__?: ChildProcess }).__KINSHIP_API__;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timeout = new Promise<void>((done) => setTimeout(done, 5000).unref());
  await Promise.race([exited, timeout]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
