import { createHash } from 'node:crypto';
import type { AuditChainReport, AuditKind } from '@kinship/domain';

/** The `prev_hash` of the first entry: the chain starts from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit row, as stored and as hashed. Ids are lowercase uuids; `id` is the row's place in the chain. */
export interface ChainedEntry {
  id: string;
  at: Date;
  kind: AuditKind;
  accountId: string | null;
  email: string | null;
  workspaceId: string | null;
  documentId: string | null;
  inviteId: string | null;
  subjectId: string | null;
  ip: string | null;
  device: string | null;
  prevHash: string;
}

/**
 * The canonical encoding of an entry: a JSON array of its fields in a fixed order (a format
 * version first), the time as ISO 8601 in UTC to the millisecond. Every field, and the hash of the
 * entry before, is covered; changing any of them changes the hash.
 */
export function canonicalEncoding(e: ChainedEntry): string {
  return JSON.stringify([
    1,
    e.id,
    e.at.toISOString(),
    e.kind,
    e.accountId,
    e.email,
    e.workspaceId,
    e.documentId,
    e.inviteId,
    e.subjectId,
    e.ip,
    e.device,
    e.prevHash,
  ]);
}

/** SHA-256 (hex) of the entry's canonical encoding, which includes the previous entry's hash. */
export function entryHash(e: ChainedEntry): string {
  return createHash('sha256').update(canonicalEncoding(e), 'utf8').digest('hex');
}

const CHECK_BATCH = 1000;

/**
 * Walks the chain from its first entry: each entry must follow the one before (the next number,
 * and the hash of the one before as its `prevHash`) and hash to what it says. Reports the first
 * entry that does not: a deleted entry shows as a gap, an altered one as a hash that no longer
 * matches (or, when its hash was recomputed too, as the next entry no longer following it).
 */
export async function verifyChain(walk: (afterId: string, limit: number) => Promise<(ChainedEntry & { hash: string })[]>): Promise<AuditChainReport> {
  let previous = { id: 0n, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const batch = await walk(previous.id.toString(), CHECK_BATCH);
    for (const row of batch) {
      const id = BigInt(row.id);
      const broken = (reason: string): AuditChainReport => ({ ok: false, entries, brokenAt: row.id, reason });
      if (id !== previous.id + 1n) {
        const missing = id - previous.id === 2n ? `entry ${previous.id + 1n} is missing` : `entries ${previous.id + 1n} to ${id - 1n} are missing`;
        return broken(`${missing}: deleted`);
      }
      if (entryHash({ ...row, at: new Date(row.at) }) !== row.hash) return broken('its contents were altered after it was written');
      if (row.prevHash !== previous.hash) return broken(`it does not follow entry ${previous.id}: an entry before it was altered or replaced`);
      previous = { id, hash: row.hash };
      entries++;
    }
    if (batch.length < CHECK_BATCH) break;
  }
  return { ok: true, entries, head: entries > 0 ? previous.id.toString() : null };
}
