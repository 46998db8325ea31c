import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/env';
import { parseKeyList } from '../config/key-list';
import { newKey } from './key-ring';

/**
 * The key-encryption keys the config names: ENCRYPTION_KEY, or for the embedded default without
 * it, the key file in its data folder, made (mode 0600) on first start and said so.
 */
export function configuredKeys(encryption: AppConfig['encryption'], logger = new Logger('Encryption')): { keys: Buffer[]; where: string } {
  if ('keys' in encryption) return { keys: encryption.keys, where: 'ENCRYPTION_KEY' };
  const file = encryption.keyFile;
  const where = `The key file ${file}`;
  if (!existsSync(file)) {
    writeKeyFile(file, [newKey()], 'wx');
    logger.warn(
      `No ENCRYPTION_KEY is set: generated an encryption key for the embedded database in ${file} (readable by this user only). ` +
        `Anyone with that file and the data folder can read the content: keep backups of it apart from the data, or set ENCRYPTION_KEY.`,
    );
  } else {
    logger.log(`No ENCRYPTION_KEY is set: using the encryption key in ${file}`);
  }
  const keys = parseKeyList(readFileSync(file, 'utf8'));
  if (!keys) throw new Error(`${where} does not hold a base64 32-byte key`);
  return { keys, where };
}

/** Writes the key file (current key first), mode 0600; replaced in one rename so it is never half-written. */
export function writeKeyFile(file: string, keys: Buffer[], flag: 'wx' | 'replace' = 'replace'): void {
  const text = keys.map((k) => k.toString('base64')).join('\n') + '\n';
  if (flag === 'wx') {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return;
  }
  const next = `${file}.next`;
  writeFileSync(next, text, { mode: 0o600 });
  renameSync(next, file);
}
