import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A fresh embedded database for an in-process API on PGlite, without paying for every migration
 * again: running them from nothing takes PGlite about 4 s here, copying a folder where they already
 * ran takes under 0.3 s, and a dozen specs each start one. The template is made once, by the same
 * `openDatabase` every boot goes through, and named after the migrations and the PGlite version that
 * made it, so a changed migration makes a new one. Specs that prove the first boot on an empty
 * folder (encryption's generated key, the killed process, the schema check) give a folder of their
 * own and still migrate from nothing.
 */
const TEMPLATE_ENV = 'KINSHIP_PGLITE_TEMPLATE';
const MIGRATIONS_DIR = resolve(__dirname, '../../src/database/migrations');

function templatePath(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(resolve(__dirname, '../../../../node_modules/@electric-sql/pglite/package.json')));
  hash.update(readFileSync(resolve(__dirname, '../../src/database/database.ts')));
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return join(tmpdir(), `kinship-pglite-template-${hash.digest('hex').slice(0, 16)}`);
}

/** Makes the migrated template if this run's migrations have none yet (jest's global setup), and names it to the workers. */
export async function preparePgliteTemplate(): Promise<void> {
  const path = templatePath();
  if (!existsSync(path)) {
    // Imported here: the workers that only copy never load the migrations for it.
    const { openDatabase } = await import('../../src/database/database');
    const building = mkdtempSync(`${path}-building-`);
    try {
      const db = await openDatabase({ driver: 'pglite', dataDir: building, poolSize: 2 });
      await db.close();
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      throw error;
    }
    // Whole or not at all: a run stopped half-way leaves only a `-building-` folder behind.
    try {
      renameSync(building, path);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(path)) throw error;
    }
  }
  process.env[TEMPLATE_ENV] = path;
}

/** A new PGlite data folder: the migrated template's copy, or an empty folder when no template was prepared. */
export function freshPgliteDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kinship-pglite-'));
  const template = process.env[TEMPLATE_ENV];
  if (template && existsSync(template)) cpSync(template, dir, { recursive: true });
  return dir;
}
