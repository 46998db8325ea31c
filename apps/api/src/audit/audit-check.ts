/**
 * `npm run audit:check -w api [-- --seen <entry>:<hash> ...]`: walks the audit chain of the
 * configured database (DATABASE_URL, or the embedded PGlite folder while the app is stopped) to its
 * recorded head and prints OK with the head, or the first entry that was altered, follows a deleted
 * one, or where the chain stops short of its head. Each `--seen` is a head an earlier check printed,
 * kept somewhere else: the chain must still hold it. Exit code 0 when the chain holds, 1 when it is
 * broken, 2 when it could not be read (or an argument is not understood, or the database is not
 * migrated to this version: the check never changes the schema).
 */
import 'reflect-metadata';
import { ConfigError, parseDatabaseEnv } from '../config/env';
import { hasPendingMigrations, openDatabase } from '../database/database';
import { ChainHead, parseHead, verifyChain } from './audit-chain';
import { AuditRepository } from './audit.repository';

class UsageError extends Error {}

function seenHeads(args: string[]): ChainHead[] {
  const heads: ChainHead[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i] === '--seen' ? args[++i] : args[i]?.startsWith('--seen=') ? args[i]!.slice('--seen='.length) : undefined;
    const head = value === undefined ? null : parseHead(value);
    if (!head) throw new UsageError(`${args[i] ?? '--seen'} is not understood: give --seen <entry>:<hash>, as an earlier check printed it`);
    heads.push(head);
  }
  return heads;
}

async function main(): Promise<number> {
  const seen = seenHeads(process.argv.slice(2));
  // The chain is checked as stored: no key, no other setting is needed.
  const database = await openDatabase(parseDatabaseEnv(process.env), { migrate: false });
  try {
    // The check reads; it never changes the schema. One the app has not migrated yet is not checked.
    if (await hasPendingMigrations(database.dataSource)) {
      console.error('The database has migrations this version has not run yet: start the app once (it migrates at boot), then check.');
      return 2;
    }
    const report = await verifyChain(new AuditRepository(database.dataSource), seen);
    if (report.ok) {
      const head = report.head ? `, head ${report.head}:${report.headHash}` : '';
      console.log(`OK: the audit chain holds (${report.entries} entries${head})`);
      if (report.head) console.log(`Keep the head somewhere else; a later check with --seen ${report.head}:${report.headHash} proves the chain still holds it.`);
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
