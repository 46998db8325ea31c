import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { ContentCipher } from './content-cipher';
import { verifyKeys } from './key-check';
import { KeyRing } from './key-ring';
import { configuredKeys } from './key-source';
import { sealExistingContent } from './seal-existing';

/**
 * At boot, after the migrations and before anything reads content: the configured keys are checked
 * against the database (a wrong key stops the boot here, with what to do), and rows kept before
 * encryption are sealed once. Under an advisory lock, so processes starting together take turns.
 */
export async function openEncryption(encryption: AppConfig['encryption'], dataSource: DataSource): Promise<ContentCipher> {
  const logger = new Logger('Encryption');
  const { keys, where } = configuredKeys(encryption, logger);
  const ring = new KeyRing(keys);
  const cipher = new ContentCipher(dataSource, ring);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('kinship:encryption'))`);
    await verifyKeys(runner.manager, ring, where);
    await sealExistingContent(dataSource, cipher);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('kinship:encryption'))`).catch(() => undefined);
    await runner.release();
  }
  logger.log(`Content is encrypted at rest (AES-256-GCM, per-workspace data keys under key ${ring.current.id})`);
  return cipher;
}
