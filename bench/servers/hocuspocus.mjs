// Hocuspocus as its documentation sets it up: @hocuspocus/server with @hocuspocus/extension-database
// storing each document's merged state in PostgreSQL (its own table, upserted on its debounced
// store), and @hocuspocus/extension-redis when REDIS_URL is set (two or more processes).
// Prints "running at http://127.0.0.1:<port>" once listening. Defaults otherwise (debounce 2 s,
// maxDebounce 10 s, documents unloaded when their last client leaves).
import { Server } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(
  `CREATE TABLE IF NOT EXISTS hocuspocus_document (name text PRIMARY KEY, data bytea NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
);
// How many times each document was stored (the benchmark's write count; not part of Hocuspocus).
await pool.query(`ALTER TABLE hocuspocus_document ADD COLUMN IF NOT EXISTS stores integer NOT NULL DEFAULT 1`);

const extensions = [
  new Database({
    fetch: async ({ documentName }) => {
      const { rows } = await pool.query('SELECT data FROM hocuspocus_document WHERE name = $1', [documentName]);
      return rows[0]?.data ?? null;
    },
    store: async ({ documentName, state }) => {
      await pool.query(
        `INSERT INTO hocuspocus_document (name, data) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = now(), stores = hocuspocus_document.stores + 1`,
        [documentName, state],
      );
    },
  }),
];
if (process.env.REDIS_URL) {
  const url = new URL(process.env.REDIS_URL);
  extensions.push(new Redis({ host: url.hostname, port: Number(url.port || 6379), prefix: process.env.HOCUSPOCUS_REDIS_PREFIX ?? 'hocuspocus' }));
}

const server = new Server({ port: Number(process.env.PORT ?? 0), address: process.env.HOST ?? '127.0.0.1', quiet: true, stopOnSignals: false, extensions });
await server.listen();
console.log(`Hocuspocus running at http://127.0.0.1:${server.address.port}`);

const stop = async () => {
  await server.destroy();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
