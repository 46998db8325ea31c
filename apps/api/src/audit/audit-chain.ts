import { createHash } from 'node:crypto';
import type { AuditChainReport, AuditKind } from '@kinship/domain/wire';

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

/** Where the chain ends: the last entry's number and hash (entry 0 and the genesis hash before the first). */
export interface ChainHead {
  id: string;
  hash: string;
  /** The recorded head's row is gone (deleted behind its trigger's back). */
  missing?: boolean;
}

/** What the check reads: the chain in order, and the head the appends recorded. */
export interface ChainSource {
  /** Entries in order; `microseconds`: what the stored time holds beyond the millisecond the hash covers. */
  walk(afterId: string, limit: number): Promise<(ChainedEntry & { hash: string; microseconds: number })[]>;
  recordedHead(): Promise<ChainHead>;
}

const CHECK_BATCH = 1000;

/**
 * Walks the chain from its first entry: each entry must follow the one before (the next number,
 * and the hash of the one before as its `prevHash`) and hash to what it says, and the walk must end
 * at the head the appends recorded. Reports the first entry that does not hold: a deleted entry
 * shows as a gap, an altered one as a hash that no longer matches (or, when its hash was recomputed
 * too, as the next entry no longer following it), entries cut off the end as a chain that stops
 * short of its head.
 *
 * `witnessed` are heads printed by earlier checks and kept elsewhere: each must still be in the
 * chain with the same hash, which someone who rewrites the head along with the chain cannot fake.
 */
export async function verifyChain(source: ChainSource, witnessed: ChainHead[] = []): Promise<AuditChainReport> {
  let previous = { id: 0n, hash: GENESIS_HASH };
  let entries = 0;
  const witnesses = new Map(witnessed.map((w) => [BigInt(w.id), w.hash]));
  for (;;) {
    const batch = await source.walk(previous.id.toString(), CHECK_BATCH);
    for (const row of batch) {
      const id = BigInt(row.id);
      const broken = (reason: string): AuditChainReport => ({ ok: false, entries, brokenAt: row.id, reason });
      if (id !== previous.id + 1n) return broken(`${missingEntries(previous.id + 1n, id - 1n)}: deleted`);
      if (entryHash({ ...row, at: new Date(row.at) }) !== row.hash || row.microseconds !== 0) return broken('its contents were altered after it was written');
      if (row.prevHash !== previous.hash) return broken(`it does not follow entry ${previous.id}: an entry before it was altered or replaced`);
      const witness = witnesses.get(id);
      if (witness !== undefined && witness !== row.hash) return broken('it is not the entry a check saw before: the chain was rewritten from here');
      witnesses.delete(id);
      previous = { id, hash: row.hash };
      entries++;
    }
    if (batch.length < CHECK_BATCH) break;
  }
  const end = previous.id.toString();
  const short = (brokenAt: string, reason: string): AuditChainReport => ({ ok: false, entries, brokenAt, reason });
  const [unseen] = [...witnesses.keys()].sort((a, b) => (a < b ? -1 : 1));
  if (unseen !== undefined) return short(unseen.toString(), `the chain ends at entry ${end}, before entry ${unseen} that a check saw: ${missingEntries(previous.id + 1n, unseen)}: deleted`);
  const head = await source.recordedHead();
  if (head.missing) return short(end, 'the record of the chain’s head is missing: it was deleted, so entries cut off the end would not show');
  const recorded = BigInt(head.id);
  if (recorded > previous.id) return short(head.id, `the chain ends at entry ${end}, and its head is entry ${head.id}: ${missingEntries(previous.id + 1n, recorded)}: deleted`);
  if (recorded < previous.id) return short(end, `entries after ${head.id}, the recorded head, were written around the trail`);
  if (head.hash !== previous.hash) return short(end, 'it is not the entry the head recorded: it was replaced');
  return { ok: true, entries, head: entries > 0 ? end : null, headHash: entries > 0 ? previous.hash : null };
}

function missingEntries(from: bigint, to: bigint): string {
  return from === to ? `entry ${from} is missing` : `entries ${from} to ${to} are missing`;
}

/** A head as printed by the check and kept elsewhere: `<entry>:<hash>`. */
export function parseHead(text: string): ChainHead | null {
  const match = /^([1-9][0-9]{0,18}):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { id: match[1]!, hash: match[2]! } : null;
}
