import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { AppConfig } from '../config/env';
import { sharesOneSession } from './prepared-statements';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { SyncHardening1764100000000 } from './migrations/1764100000000-sync-hardening';
import { InviteNoteAndWithdrawal1765000000000 } from './migrations/1765000000000-invite-note-and-withdrawal';
import { LiveSessions1766000000000 } from './migrations/1766000000000-live-sessions';
import { DocumentHistory1767000000000 } from './migrations/1767000000000-document-history';
import { AgreementProposals1767100000000 } from './migrations/1767100000000-agreement-proposals';
import { Notifications1767300000000 } from './migrations/1767300000000-notifications';
import { AuditTrail1768000000000 } from './migrations/1768000000000-audit-trail';
import { SessionControlAndTotp1768100000000 } from './migrations/1768100000000-session-control-and-totp';
import { AccountDeletion1768200000000 } from './migrations/1768200000000-account-deletion';
import { EncryptionAtRest1768300000000 } from './migrations/1768300000000-encryption-at-rest';
import { SnapshotStateVector1768400000000 } from './migrations/1768400000000-snapshot-state-vector';
import { AuditChainHead1768500000000 } from './migrations/1768500000000-audit-chain-head';
import { AuditAccountKinds1768600000000 } from './migrations/1768600000000-audit-account-kinds';
import { SessionTimedOut1768700000000 } from './migrations/1768700000000-session-timed-out';
import { HistoryCheckpoints1768800000000 } from './migrations/1768800000000-history-checkpoints';
import { Recovery1768900000000 } from './migrations/1768900000000-recovery';
import { Mail1769000000000 } from './migrations/1769000000000-mail';
import { Commitments1769100000000 } from './migrations/1769100000000-commitments';
import { CheckIns1769200000000 } from './migrations/1769200000000-check-ins';
import { PasswordChangedAt1769300000000 } from './migrations/1769300000000-password-changed-at';
import { Repairs1769700000000 } from './migrations/1769700000000-repairs';
import { Safety1769500000000 } from './migrations/1769500000000-safety';
import { Reveals1769600000000 } from './migrations/1769600000000-reveals';
import { DocumentStorage1769800000000 } from './migrations/1769800000000-document-storage';

export const MIGRATIONS = [
  InitialSchema1764000000000,
  SyncHardening1764100000000,
  InviteNoteAndWithdrawal1765000000000,
  LiveSessions1766000000000,
  DocumentHistory1767000000000,
  AgreementProposals1767100000000,
  Notifications1767300000000,
  AuditTrail1768000000000,
  SessionControlAndTotp1768100000000,
  AccountDeletion1768200000000,
  EncryptionAtRest1768300000000,
  SnapshotStateVector1768400000000,
  AuditChainHead1768500000000,
  AuditAccountKinds1768600000000,
  SessionTimedOut1768700000000,
  HistoryCheckpoints1768800000000,
  Recovery1768900000000,
  Mail1769000000000,
  Commitments1769100000000,
  CheckIns1769200000000,
  PasswordChangedAt1769300000000,
  Repairs1769700000000,
  Safety1769500000000,
  Reveals1769600000000,
  DocumentStorage1769800000000,
];

export interface Database {
  dataSource: DataSource;
  driver: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * Opens the database of record. With DATABASE_URL, PostgreSQL through `pg`; without it, an
 * embedded PGlite served over the PostgreSQL wire protocol on loopback, so TypeORM and `pg` talk
 * to both the same way: one code path above the driver. Migrations run before anything else
 * (unless `migrate: false`, for tools that only read).
 */
export async function openDatabase(config: AppConfig['database'], options: { migrate?: boolean; entities?: DataSourceOptions['entities'] } = {}): Promise<Database> {
  const logger = new Logger('Database');
  let url: string;
  let embedded: { server: PGLiteSocketServer; db: PGlite } | null = null;
  if (config.driver === 'postgres') {
    url = config.url;
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    const db = await PGlite.create(config.dataDir);
    // PGlite runs one query at a time; the socket server queues the pool's connections onto it.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: config.poolSize + 2 });
    await server.start();
    embedded = { server, db };
    url = `postgres://postgres@${server.getServerConn()}/postgres`;
    logger.log(`Embedded PGlite database in ${config.dataDir}`);
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: options.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: config.poolSize },
  });
  if (embedded) sharesOneSession(dataSource);
  try {
    await dataSource.initialize();
    // A tool that only reads (the audit check) leaves the schema as it finds it.
    if (options.migrate !== false) await runMigrations(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (embedded) await stopEmbedded(embedded);
    throw error;
  }
  return {
    dataSource,
    driver: config.driver,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (embedded) await stopEmbedded(embedded);
    },
  };
}

/** Whether this version has migrations the database has not run (read only: nothing is created). */
export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  const [{ present }]: { present: boolean }[] = await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS present`);
  if (!present) return true;
  const ran = new Set(((await dataSource.query(`SELECT name FROM migrations`)) as { name: string }[]).map((r) => r.name));
  return dataSource.migrations.some((m) => !ran.has(m.name ?? m.constructor.name));
}

/**
 * Runs pending migrations under an advisory lock, so several API processes starting together
 * against one PostgreSQL do not race each other.
 */
async function runMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('kinship:migrations'))`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('kinship:migrations'))`).catch(() => undefined);
    await runner.release();
  }
}

async function stopEmbedded(embedded: { server: PGLiteSocketServer; db: PGlite }): Promise<void> {
  await embedded.server.stop();
  await embedded.db.close();
}
