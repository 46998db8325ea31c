import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { contexts } from './content-cipher';
import { verifyKeys, writeCheck } from './key-check';
import { KEY_BYTES } from '../config/key-list';
import { KeyRing, wrappedTextKekId } from './key-ring';

export interface RotationResult {
  /** Data keys re-wrapped under the current key-encryption key. */
  rewrapped: number;
  /** Accounts' TOTP secrets re-wrapped under it. */
  rewrappedSecrets: number;
  /** New data keys made (one per workspace), when asked. */
  newDataKeys: number;
}

/**
 * Re-wraps every workspace's data keys (and the accounts' TOTP secrets) under the ring's current key-encryption key, in one
 * transaction, and makes it the database's only key (its check value replaces the others). With
 * `newDataKeys`, each workspace also gets a new data key that seals everything written from now
 * on; the older ones stay, to read what they sealed. Content itself is never rewritten.
 */
export async function rotateKeys(dataSource: DataSource, ring: KeyRing, options: { newDataKeys?: boolean } = {}): Promise<RotationResult> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kinship:encryption'))`);
    await verifyKeys(tx, ring, 'ENCRYPTION_KEY');
    const rows: { workspace_id: string; key_id: number; kek_id: string; wrapped: Buffer }[] = await tx.query(
      `SELECT workspace_id, key_id, kek_id, wrapped FROM workspace_key WHERE kek_id <> $1 FOR UPDATE`,
      [ring.current.id],
    );
    for (const r of rows) {
      const context = contexts.workspaceKey(r.workspace_id, r.key_id);
      const { kekId, wrapped } = ring.wrap(ring.unwrap(r.kek_id, r.wrapped, context), context);
      await tx.query(`UPDATE workspace_key SET kek_id = $3, wrapped = $4 WHERE workspace_id = $1 AND key_id = $2`, [r.workspace_id, r.key_id, kekId, wrapped]);
    }
    // Secrets wrapped under the key itself (accounts' TOTP secrets): re-wrapped too.
    let rewrappedSecrets = 0;
    const secrets: { account_id: string; secret: string }[] = await tx.query(`SELECT account_id, secret FROM account_totp FOR UPDATE`);
    for (const r of secrets) {
      const kekId = wrappedTextKekId(r.secret);
      if (kekId === null || kekId === ring.current.id) continue;
      const context = contexts.totpSecret(r.account_id);
      await tx.query(`UPDATE account_totp SET secret = $2 WHERE account_id = $1`, [r.account_id, ring.wrapText(ring.unwrapText(r.secret, context), context)]);
      rewrappedSecrets++;
    }
    let newDataKeys = 0;
    if (options.newDataKeys) {
      const latest: { workspace_id: string; key_id: number }[] = await tx.query(`SELECT workspace_id, max(key_id) AS key_id FROM workspace_key GROUP BY workspace_id`);
      for (const w of latest) {
        const keyId = w.key_id + 1;
        const { kekId, wrapped } = ring.wrap(randomBytes(KEY_BYTES), contexts.workspaceKey(w.workspace_id, keyId));
        await tx.query(`INSERT INTO workspace_key (workspace_id, key_id, kek_id, wrapped) VALUES ($1, $2, $3, $4)`, [w.workspace_id, keyId, kekId, wrapped]);
        newDataKeys++;
      }
    }
    await tx.query(`DELETE FROM encryption_check WHERE kek_id <> $1`, [ring.current.id]);
    await writeCheck(tx, ring);
    return { rewrapped: rows.length, rewrappedSecrets, newDataKeys };
  });
}
