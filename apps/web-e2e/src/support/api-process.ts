import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { e2e } from './environment';

const ROOT = resolve(__dirname, '../../../..');
const API_MAIN = join(ROOT, 'apps/api/dist/main.js');
const WEB_DIST = join(ROOT, 'apps/web/dist');

/** The database the run's first API process uses when E2E_DATABASE_URL does not name one. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface ApiProcess {
  baseUrl: string;
  child: ChildProcess;
  logPath: string;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited with code ${child.exitCode}; see ${logPath}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The API did not answer /api/health within 60 s; see ${logPath}`);
}

/**
 * The built API as its own process on a free port, serving the built web client, with `extra`
 * added to its environment (global setup starts the run's one; a spec that needs other settings,
 * SMTP_URL say, starts its own).
 */
export async function startApiProcess(extra: Record<string, string> = {}): Promise<ApiProcess> {
  for (const [what, path, how] of [
    ['API', API_MAIN, 'npm run build -w @kinship/domain && npm run build -w api'],
    ['web client', join(WEB_DIST, 'index.html'), 'npm run build -w web'],
  ] as const) {
    if (!existsSync(path)) throw new Error(`The ${what} is not built (${path} is missing): run \`${how}\` first.`);
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logDir = join(tmpdir(), 'kinship-web-e2e');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `api-${port}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      // The spec's worker's database (each worker has its own; see global-setup.ts).
      DATABASE_URL: process.env.KINSHIP_E2E ? e2e().databaseUrl : (process.env.E2E_DATABASE_URL ?? DEFAULT_DATABASE_URL),
      // The API tests' key (apps/api/test/support/test-app.ts): the same test database remembers one key.
      ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY ?? Buffer.alloc(32, 'kinship-test-key').toString('base64'),
      WEB_DIST,
      LOG_LEVEL: 'warn',
      // argon2id at a test run's cost (the API specs' CHEAP_PASSWORD_HASHING): dozens of people register; production refuses it.
      PASSWORD_HASH_MEMORY_KIB: '1024',
      PASSWORD_HASH_TIME_COST: '1',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  try {
    await waitForHealth(baseUrl, child, logPath);
  } catch (error) {
    await stopApiProcess(child);
    throw error;
  }
  return { baseUrl, child, logPath };
}

/** Stops an API process: SIGTERM, then SIGKILL after 5 s. */
export async function stopApiProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timeout = new Promise<void>((done) => setTimeout(done, 5000).unref());
  await Promise.race([exited, timeout]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
