import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { freePort, OwnRedis } from './support/own-redis';
import { setUpCouple } from './support/couple';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY } from './support/test-app';
import { ContentCipher } from '../src/encryption/content-cipher';
import { KeyRing } from '../src/encryption/key-ring';
import { DOCUMENT_QUOTA_BYTES, pause, WORKSPACE_QUOTA_BYTES } from './support/lifetime/lifetime-plan';
import { LifetimeRun, Server } from './support/lifetime/lifetime-run';
import { live } from './support/lifetime/months-of-use';

/**
 * Issue 21's lifetime spec: one workspace driven through months in minutes. Two built API
 * processes on the test PostgreSQL and a Redis of the spec's own, compacting every 50 rows. Forty
 * "days": each day both partners load the notes page a few times (every load a new Yjs client id)
 * on either process, type a sentence of their own and delete part of it, now and then delete a
 * sentence they wrote on an earlier day; they open the agreement too. Three devices keep their
 * Y.Doc for the whole run and go offline for days, editing, then come back (to the other process).
 * Every fifth day a proposal: one partner accepts, the other accepts while an edit races it at
 * 0–20 ms. One day brings paste floods; twice a process is SIGKILLed while a page on it is typing,
 * and started again a day or two later; Redis is away for three days.
 *
 * Afterwards every device syncs to the same text, also as PostgreSQL holds it; nothing was refused
 * or quarantined and no connection was closed for good (44xx); every acknowledged sentence is there
 * once and whole (and every acknowledged deletion holds); every version is the closed proposal as
 * stored, and both standing acceptances are of its exact state; each document's stored bytes (rows
 * and snapshot) are within the document quota the processes were given; the notes' history pages
 * back to the oldest edit and each page and that edit load within a second, while the other
 * partner's requests to the same process answer within half a second; and neither process logged
 * an error or a deadlock.
 *
 * Run it after building the API (`npx nx run api:build`): the processes are dist/main.js.
 *
 * Randomness is seeded (LIFETIME_SEED), so the same choices are made on every run; the timing of
 * two processes is not, so the interleavings differ. Waits are on conditions; the few pauses pace
 * typing and time the races and the SIGKILL, never decide an outcome.
 *
 * The plan (days, kills, limits, seeded choices) is in support/lifetime/lifetime-plan.ts; the
 * processes and what the run records in lifetime-run.ts; pages in lifetime-page.ts; page loads,
 * devices and paste floods in page-loads.ts; proposals in proposal-round.ts; the days and the
 * checks after them in months-of-use.ts.
 */

describe('a workspace lives through months in minutes', () => {
  const run = new LifetimeRun();
  const { servers, pages, failures, report, fail } = run;

  function serverEnv(): Record<string, string> {
    return {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: run.redis.url,
      WEB_DIST: '/nonexistent',
      SYNC_COMPACT_THRESHOLD: '50',
      SYNC_UNLOAD_DELAY_MS: '100',
      SYNC_DOCUMENT_QUOTA_BYTES: String(DOCUMENT_QUOTA_BYTES),
      SYNC_WORKSPACE_QUOTA_BYTES: String(WORKSPACE_QUOTA_BYTES),
    };
  }

  beforeAll(async () => {
    run.redis = new OwnRedis(await freePort());
    await run.redis.start();
    run.one = new Server('one', serverEnv());
    run.two = new Server('two', serverEnv());
    servers.push(run.one, run.two);
    await Promise.all([run.one.start(), run.two.start()]);
    run.couple = await setUpCouple(run.one.url);
    run.db = new Client({ connectionString: TEST_DATABASE_URL });
    await run.db.connect();
    const db = run.db;
    const asDataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as DataSource;
    run.cipher = new ContentCipher(asDataSource, new KeyRing([Buffer.from(TEST_ENCRYPTION_KEY, 'base64')]));
  }, 60_000);

  afterAll(async () => {
    for (const page of pages) page.destroy();
    // A process that does not stop within 10 s is killed.
    await Promise.all(servers.map((s) => Promise.race([s.api.stop(), pause(10_000)]).catch(() => undefined).then(() => s.api.kill())));
    await run.redis?.kill();
    await run.db?.end();
  }, 60_000);

  it(
    'forty days of page loads, offline devices, proposals raced by edits, paste floods, SIGKILLs and a Redis restart: everything converges, nothing is refused or lost, history stays fast',
    async () => {
      try {
        await live(run);
      } catch (error) {
        fail(`the run stopped: ${(error as Error).stack ?? String(error)}`);
      }
      console.log(`lifetime spec\n${report.join('\n')}${failures.length ? `\nFAILURES:\n${failures.join('\n')}` : ''}`);
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
