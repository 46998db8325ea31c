/**
 * `npm run audit:check -w api`: walks the audit chain of the configured database (DATABASE_URL, or
 * the embedded PGlite folder while the app is stopped) and prints OK, or the first entry that was
 * altered or follows a deleted one. Exit code 0 when the chain holds, 1 when it is broken, 2 when
 * it could not be read.
 */
import 'reflect-metadata';
import { ConfigError, parseDatabaseEnv } from '../config/env';
import { openDatabase } from '../database/database';
import { verifyChain } from './audit-chain';
import { AuditRepository } from './audit.repository';

async function main(): Promise<number> {
  // The chain is checked as stored: no key, no other setting is needed.
  const database = await openDatabase(parseDatabaseEnv(process.env));
  try {
    const repository = new AuditRepository(database.dataSource);
    const report = await verifyChain((afterId, limit) => repository.walk(afterId, limit));
    if (report.ok) {
      console.log(`OK: the audit chain holds (${report.entries} entries${report.head ? `, head ${report.head}` : ''})`);
      return 0;
    }
    console.log(`BROKEN at entry ${report.brokenAt}: ${report.reason} (${report.entries} entries before it hold)`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The audit chain could not be checked:', error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
