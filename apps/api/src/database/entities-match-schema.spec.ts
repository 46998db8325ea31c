import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { AppConfig } from '../config/env';
import { Database, openDatabase } from './database';
import { ENTITIES } from '../entities';
import { TEST_DATABASE_URL } from '../../test/support/test-app';

/**
 * Every table has one typed definition: the migrations make the schema, and the entities in the
 * registry must say the same thing, table for table and column for column (name, nullability,
 * type), so a migration that adds a table or a column without its entity fails here.
 */

interface SchemaColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

/** The table TypeORM keeps its own record of migrations in: not ours to map. */
const MIGRATIONS_TABLE = 'migrations';

/** information_schema's `data_type` and TypeORM's normalized types, in one vocabulary. */
const broad = (type: string): string =>
  ({ 'timestamp with time zone': 'timestamptz', int: 'integer', int4: 'integer', int8: 'bigint', bool: 'boolean', 'character varying': 'text', varchar: 'text' })[type] ?? type;

const entityType = (dataSource: DataSource, column: ColumnMetadata): string => broad(dataSource.driver.normalizeType(column));

/** The machine's PostgreSQL, as every spec uses it; and a PGlite migrated from nothing. */
const DATABASES: [string, () => AppConfig['database']][] = [
  ['postgres', () => ({ driver: 'postgres', url: TEST_DATABASE_URL, poolSize: 2 })],
  ['pglite', () => ({ driver: 'pglite', dataDir: mkdtempSync(join(tmpdir(), 'kinship-schema-')), poolSize: 2 })],
];

describe.each(DATABASES)('entities match the schema the migrations make (%s)', (_driver, config) => {
  let database: Database;
  let dataDir: string | null = null;
  let tables: string[];
  let columns: SchemaColumn[];

  beforeAll(async () => {
    const chosen = config();
    if (chosen.driver === 'pglite') dataDir = chosen.dataDir;
    database = await openDatabase(chosen, { entities: ENTITIES });
    const q = database.dataSource;
    tables = ((await q.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> $1 ORDER BY table_name`,
      [MIGRATIONS_TABLE],
    )) as { table_name: string }[]).map((r) => r.table_name);
    columns = ((await q.query(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1`,
      [MIGRATIONS_TABLE],
    )) as { table_name: string; column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }[]).map((r) => ({
      table: r.table_name,
      column: r.column_name,
      type: broad(r.data_type),
      nullable: r.is_nullable === 'YES',
    }));
  });

  afterAll(async () => {
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const metadata = () => database.dataSource.entityMetadatas.filter((m) => m.tableType === 'regular');

  it('the migrations make tables, and the registry lists every entity the data source knows', () => {
    expect(tables.length).toBeGreaterThan(30);
    expect(metadata().map((m) => m.target)).toEqual(expect.arrayContaining([...ENTITIES]));
    expect(metadata()).toHaveLength(ENTITIES.length);
  });

  it('every table has exactly one entity, and every entity a table', () => {
    const mapped = new Map<string, string[]>();
    for (const m of metadata()) mapped.set(m.tableName, [...(mapped.get(m.tableName) ?? []), m.name]);
    const unmapped = tables.filter((t) => !mapped.has(t));
    const twice = [...mapped].filter(([, names]) => names.length > 1).map(([t, names]) => `${t}: ${names.join(', ')}`);
    const noTable = [...mapped.keys()].filter((t) => !tables.includes(t));
    expect({ unmapped, twice, noTable }).toEqual({ unmapped: [], twice: [], noTable: [] });
  });

  it("each entity's columns are its table's columns: names, nullability and types", () => {
    const fromSchema = columns.map((c) => `${c.table}.${c.column} ${c.type}${c.nullable ? ' null' : ''}`).sort();
    const fromEntities = metadata()
      .flatMap((m) => m.columns.map((c) => `${m.tableName}.${c.databaseName} ${entityType(database.dataSource, c)}${c.isNullable ? ' null' : ''}`))
      .sort();
    const missing = fromSchema.filter((c) => !fromEntities.includes(c));
    const extra = fromEntities.filter((c) => !fromSchema.includes(c));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('each entity names its primary key as the table does', async () => {
    const rows: { table_name: string; column_name: string }[] = await database.dataSource.query(
      `SELECT tc.table_name, kcu.column_name
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' AND tc.table_name <> $1`,
      [MIGRATIONS_TABLE],
    );
    const fromSchema = rows.map((r) => `${r.table_name}.${r.column_name}`).sort();
    const fromEntities = metadata()
      .flatMap((m) => m.primaryColumns.map((c) => `${m.tableName}.${c.databaseName}`))
      .sort();
    expect(fromEntities).toEqual(fromSchema);
  });
});
