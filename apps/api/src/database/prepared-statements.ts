import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The embedded PGlite databases: one PostgreSQL session that every pooled connection shares
 * (pglite-socket queues them onto it), so a statement named by one connection already exists for
 * the next ("prepared statement … already exists").
 */
const sharedSessions = new WeakSet<DataSource>();

/** Marks a DataSource whose connections share one session (the embedded PGlite). */
export function sharesOneSession(dataSource: DataSource): void {
  sharedSessions.add(dataSource);
}

/**
 * A statement the server runs hundreds of times a second (the sync store's append), sent as a
 * named prepared statement: each pooled connection parses and plans it once, then only binds and
 * runs it. TypeORM's `query()` cannot name a statement, so this goes to the pool it holds (the
 * same connections). The name must be unique to the text: PostgreSQL refuses a name prepared on a
 * connection for another statement. On the embedded PGlite the statement is sent unnamed, as
 * `query()` sends it: its connections share one session, where the name would clash.
 */
export async function runPrepared<Row = unknown>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<Row[]> {
  if (sharedSessions.has(dataSource)) return dataSource.query(text, values);
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  // The pool's own query: it hears a connection cut mid-query (emitted on the client as well as
  // failing the query; unheard, it would end the process) and drops that connection.
  const result = await pool.query({ name, text, values });
  return result.rows as Row[];
}
