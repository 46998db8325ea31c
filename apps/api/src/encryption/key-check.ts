import type { EntityManager } from 'typeorm';
import type { KeyRing } from './key-ring';

const CHECK_VALUE = 'kinship encryption check v1';
const CHECK_CONTEXT = 'encryption-check';

/** The database's keys and the configured ones do not match: the process must not start. */
export class EncryptionKeyError extends Error {}

/**
 * Checks the configured key-encryption keys against the database before anything is read: every
 * key the database's data keys are wrapped under must be configured, and each configured key the
 * database knows must open its check value. A database that knows no key yet takes the current one.
 */
export async function verifyKeys(db: EntityManager, ring: KeyRing, where: string): Promise<void> {
  const checks: { kek_id: string; check_value: Buffer }[] = await db.query(`SELECT kek_id, check_value FROM encryption_check`);
  const wrapping: { kek_id: string }[] = await db.query(`SELECT DISTINCT kek_id FROM workspace_key`);
  const inUse = [...new Set([...checks.map((c) => c.kek_id), ...wrapping.map((w) => w.kek_id)])];
  const missing = inUse.filter((id) => !ring.has(id));
  if (missing.length > 0) {
    throw new EncryptionKeyError(
      `${where} is not the key this database is encrypted with: its content is under key ${missing.join(', ')}, and ${where} holds key ${ring.ids.join(', ')} ` +
        `(ids are fingerprints, not keys). Start with the key the database was encrypted with. To change keys, set ENCRYPTION_KEY to the new key followed ` +
        `by the old one, run \`npm run keys:rotate -w api\`, then keep only the new one.`,
    );
  }
  for (const c of checks) {
    let opened: string;
    try {
      opened = ring.unwrap(c.kek_id, c.check_value, CHECK_CONTEXT).toString('utf8');
    } catch {
      opened = '';
    }
    if (opened !== CHECK_VALUE) {
      throw new EncryptionKeyError(`${where}: key ${c.kek_id} does not open this database's check value: it is not the key the database was encrypted with, or the check was altered.`);
    }
  }
  if (!checks.some((c) => c.kek_id === ring.current.id)) await writeCheck(db, ring);
}

/** Records the current key's check value (the database's key from now on). */
export async function writeCheck(db: EntityManager, ring: KeyRing): Promise<void> {
  const { kekId, wrapped } = ring.wrap(Buffer.from(CHECK_VALUE, 'utf8'), CHECK_CONTEXT);
  await db.query(`INSERT INTO encryption_check (kek_id, check_value) VALUES ($1, $2) ON CONFLICT (kek_id) DO NOTHING`, [kekId, wrapped]);
}
