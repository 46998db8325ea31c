import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement the server runs hundreds of times a second (the sync store's append), sent as a
 * named prepared statement: each pooled connection parses and plans it once, then only binds and
 * runs it. TypeORM's `query()` cannot name a statement, so this goes to the pool it holds (the
 * same connections, on PostgreSQL and on the embedded PGlite alike). The name must be unique to
 * the text: PostgreSQL refuses a name prepared on a connection for another statement.
 */
export async function runPrepared<Row = unknown>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name, text, values });
  return result.rows as Row[];
}
