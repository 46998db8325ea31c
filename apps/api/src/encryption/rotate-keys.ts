import { existsSync, readFileSync } from 'node:fs';
import { ConfigError, parseEnv } from '../config/env';
import { openDatabase } from '../database/database';
import { rotateKeys } from './key-rotation';
import { parseKeyList } from '../config/key-list';
import { KeyRing, newKey } from './key-ring';
import { writeKeyFile } from './key-source';

/**
 * `npm run keys:rotate -w api` (with the API stopped, or at least not writing new workspaces):
 * - With ENCRYPTION_KEY="<new>,<old>[,...]": every data key is re-wrapped under <new>; then set
 *   ENCRYPTION_KEY to <new> alone.
 * - The embedded default without ENCRYPTION_KEY: a new key is generated and its key file replaced.
 * `--data-keys` also gives every workspace a new data key for what is written from now on.
 */
async function main(): Promise<void> {
  const config = parseEnv(process.env);
  const newDataKeys = process.argv.includes('--data-keys');
  let ring: KeyRing;
  let finish = () => {};
  if ('keys' in config.encryption) {
    ring = new KeyRing(config.encryption.keys);
  } else {
    const file = config.encryption.keyFile;
    if (!existsSync(file)) throw new Error(`No ENCRYPTION_KEY is set and there is no key file at ${file}: nothing to rotate.`);
    const old = parseKeyList(readFileSync(file, 'utf8'));
    if (!old) throw new Error(`${file} does not hold a base64 32-byte key`);
    const fresh = newKey();
    // Both keys in the file while the database changes over: whatever happens, the file opens it.
    writeKeyFile(file, [fresh, ...old]);
    ring = new KeyRing([fresh, ...old]);
    finish = () => writeKeyFile(file, [fresh]);
  }
  const database = await openDatabase(config.database);
  try {
    const result = await rotateKeys(database.dataSource, ring, { newDataKeys });
    finish();
    console.log(
      `Re-wrapped ${result.rewrapped} data keys and ${result.rewrappedSecrets} two-step sign-in secrets under key ${ring.current.id}` +
        (newDataKeys ? `; made ${result.newDataKeys} new data keys for what is written from now on` : '') +
        ('keys' in config.encryption ? '. Now set ENCRYPTION_KEY to the new key alone.' : `. The key file ${config.encryption.keyFile} holds the new key.`),
    );
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Keys were not rotated: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
