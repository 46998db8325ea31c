import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../dist/main.js');
/** Same as TEST_ENCRYPTION_KEY (test-app.ts): on PostgreSQL, a process is given it unless its env names another. */
const TEST_KEY = Buffer.alloc(32, 'kinship-test-key').toString('base64');

/**
 * argon2id at a test run's cost (1 MiB, one pass: about 2 ms, not 300–450 ms): hundreds of people
 * register and log in through a run. Production refuses it (config/env.ts); passwords.spec.ts
 * checks the default cost.
 */
export const CHEAP_PASSWORD_HASHING = { PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_TIME_COST: '1' };

/** The built API as its own process, as `npm start` runs it, so a test can SIGKILL it. */
export class ApiProcess {
  private child: ChildProcess | null = null;

  get pid(): number | undefined {
    return this.child?.pid;
  }
  url = '';
  output = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<string> {
    this.output = '';
    const child = spawn(process.execPath, [...(process.env.API_NODE_OPTIONS ?? '').split(' ').filter(Boolean), MAIN], {
      env: { PATH: process.env.PATH ?? '', ...CHEAP_PASSWORD_HASHING, ...(this.env.DATABASE_URL ? { ENCRYPTION_KEY: TEST_KEY } : {}), ...this.env, LOG_LEVEL: 'log' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`API did not start:\n${this.output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const match = /running at (http:\/\/[^\s]+)/.exec(this.output);
        if (match) {
          clearTimeout(timer);
          resolvePromise(match[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`API exited with ${code}:\n${this.output}`)));
    });
    return this.url;
  }

  /** Asks the process to stop (SIGTERM: connections closed, appends stored, database closed). */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    const code = await exited;
    this.child = null;
    return code;
  }

  /** Kills the process outright (no graceful shutdown, nothing flushed on the way out). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }
}
