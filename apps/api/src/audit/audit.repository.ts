import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DocumentKind, Role } from '@kinship/domain/rules';
import type { AuditKind } from '@kinship/domain/wire';
import { isRowError } from '../database/pg-errors';
import { ChainedEntry, ChainHead, entryHash, GENESIS_HASH } from './audit-chain';

/** What a new entry says; the chain fields (id, prev_hash, hash) are the repository's. */
export type NewAuditEntry = Omit<ChainedEntry, 'id' | 'prevHash'>;

export interface StoredEntry extends ChainedEntry {
  hash: string;
}

/** An entry with the names and the document it points at, for reading. */
export interface AuditRow extends StoredEntry {
  actorName: string | null;
  subjectName: string | null;
  documentTitle: string | null;
  documentKind: DocumentKind | null;
  /** The reader's role in the document's workspace now (for /me: may they still read it?). */
  readerRole: Role | null;
}

export interface AuditFilter {
  person?: string;
  document?: string;
  kind?: AuditKind;
  /** Entries older than this one. */
  before?: string;
}

/** Entries of one person, kind and document are one key when a recent one makes another unneeded. */
const recentKey = (e: { documentId: string | null; accountId: string | null; kind: string }) => `${e.documentId} ${e.accountId} ${e.kind}`;

/** One lock for the whole deployment's chain: appends queue on it, so the chain never forks. */
const CHAIN_LOCK = `SELECT pg_advisory_xact_lock(hashtext('kinship:audit-chain'))`;

const STORED = `e.id::text AS id, e.at, e.kind, e.account_id AS "accountId", e.email, e.workspace_id AS "workspaceId",
  e.document_id AS "documentId", e.invite_id AS "inviteId", e.subject_id AS "subjectId", e.ip, e.device,
  e.prev_hash AS "prevHash", e.hash`;

const VIEW = `${STORED}, actor.display_name AS "actorName", subject.display_name AS "subjectName",
  d.title AS "documentTitle", d.kind AS "documentKind"`;

const JOINS = `LEFT JOIN account actor ON actor.id = e.account_id
  LEFT JOIN account subject ON subject.id = e.subject_id
  LEFT JOIN document d ON d.id = e.document_id`;

/** Entries appended in one transaction at most (each is 13 parameters of one INSERT). */
const MAX_GROUP = 200;

const COLUMNS = 13;

interface QueuedEntry {
  entry: NewAuditEntry;
  unlessWithinMs: number | undefined;
  resolve: (stored: StoredEntry | null) => void;
  reject: (error: unknown) => void;
}

/**
 * The audit_entry table: appended to under the chain's lock, never changed. Appends are grouped:
 * the entries asked for while a group is being written wait for it, then go in together, in one
 * transaction under the lock (in the order they were asked for). A deployment-wide lock taken once
 * per entry would serialize every document opened at the top of the hour, and the transactions
 * queued on it would hold the connections that edits are stored through.
 */
@Injectable()
export class AuditRepository {
  private queue: QueuedEntry[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly db: DataSource) {}

  /**
   * Appends one entry at the chain's head, under the deployment-wide advisory lock. With
   * `unlessWithinMs`, nothing is appended when the same person already has an entry of this kind
   * for this document that recent (decided under the lock, so two admissions at once write one).
   * Resolves once it is stored, to the stored entry, or to null when it was not needed.
   */
  append(entry: NewAuditEntry, unlessWithinMs?: number): Promise<StoredEntry | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, unlessWithinMs, resolve, reject });
      if (!this.writing) this.writing = this.writeQueued();
    });
  }

  private async writeQueued(): Promise<void> {
    // Let the entries asked for in this tick join the first group.
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length > 0) {
      await this.writeGroup(this.queue.splice(0, MAX_GROUP));
    }
    this.writing = null;
  }

  /** Writes a group; when an entry in it is at fault, each entry on its own, so only that one fails. */
  private async writeGroup(group: QueuedEntry[]): Promise<void> {
    try {
      const stored = await this.appendGroup(group);
      group.forEach((queued, i) => queued.resolve(stored[i] ?? null));
    } catch (error) {
      if (group.length > 1 && isRowError(error)) {
        for (const queued of group) await this.writeGroup([queued]);
        return;
      }
      for (const queued of group) queued.reject(error);
    }
  }

  /** One transaction: the lock, the entries already there that make some unneeded, the head, one INSERT. */
  private appendGroup(group: QueuedEntry[]): Promise<(StoredEntry | null)[]> {
    return this.db.transaction(async (tx) => {
      await tx.query(CHAIN_LOCK);
      const recent = await this.recentAmong(tx, group);
      // Chained from the recorded head, so entries cut off the end stay a gap; or from the last
      // entry, when it is past the head (written by a process of an earlier version, which does not
      // move the head, during an upgrade) or the head's row is gone (the check reports that).
      // Both in one round trip: the lock is the deployment's, held until this transaction ends.
      const [ends]: { headId: string | null; headHash: string | null; lastId: string | null; lastHash: string | null }[] = await tx.query(
        `SELECT h.id::text AS "headId", h.hash AS "headHash", l.id::text AS "lastId", l.hash AS "lastHash"
           FROM (SELECT 1) one
           LEFT JOIN audit_chain_head h ON true
           LEFT JOIN LATERAL (SELECT e.id, e.hash FROM audit_entry e ORDER BY e.id DESC LIMIT 1) l ON true`,
      );
      const head = ends!.headId !== null ? { id: ends!.headId, hash: ends!.headHash! } : null;
      const last = ends!.lastId !== null ? { id: ends!.lastId, hash: ends!.lastHash! } : null;
      const from = last && (!head || BigInt(last.id) > BigInt(head.id)) ? last : (head ?? { id: '0', hash: GENESIS_HASH });
      let previous = { id: BigInt(from.id), hash: from.hash };
      const stored: (StoredEntry | null)[] = [];
      const params: unknown[] = [];
      for (const { entry, unlessWithinMs } of group) {
        if (unlessWithinMs !== undefined) {
          const key = recentKey(entry);
          const last = recent.get(key);
          if (last !== undefined && last > entry.at.getTime() - unlessWithinMs) {
            stored.push(null);
            continue;
          }
          recent.set(key, entry.at.getTime());
        }
        const chained: ChainedEntry = { ...entry, id: (previous.id + 1n).toString(), prevHash: previous.hash };
        const hash = entryHash(chained);
        params.push(
          chained.id,
          chained.at,
          chained.kind,
          chained.accountId,
          chained.email,
          chained.workspaceId,
          chained.documentId,
          chained.inviteId,
          chained.subjectId,
          chained.ip,
          chained.device,
          chained.prevHash,
          hash,
        );
        stored.push({ ...chained, hash });
        previous = { id: previous.id + 1n, hash };
      }
      if (params.length > 0) {
        const rows = Array.from({ length: params.length / COLUMNS }, (_, r) => `(${Array.from({ length: COLUMNS }, (_, c) => `$${r * COLUMNS + c + 1}`).join(', ')})`);
        await tx.query(
          `INSERT INTO audit_entry (id, at, kind, account_id, email, workspace_id, document_id, invite_id, subject_id, ip, device, prev_hash, hash)
           VALUES ${rows.join(', ')}`,
          params,
        );
        await tx.query(`UPDATE audit_chain_head SET id = $1, hash = $2`, [previous.id.toString(), previous.hash]);
      }
      return stored;
    });
  }

  /**
   * For the entries that are not needed when a recent one exists: the latest time each
   * (document, person, kind) among them was recorded within its window, in one query.
   */
  private async recentAmong(tx: EntityManager, group: QueuedEntry[]): Promise<Map<string, number>> {
    const asked = group.filter((q) => q.unlessWithinMs !== undefined);
    const recent = new Map<string, number>();
    if (asked.length === 0) return recent;
    const rows: { documentId: string; accountId: string; kind: string; at: Date }[] = await tx.query(
      `SELECT e.document_id AS "documentId", e.account_id AS "accountId", e.kind, max(e.at) AS at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS q(document_id, account_id, kind, since)
         JOIN audit_entry e ON e.document_id = q.document_id AND e.account_id = q.account_id AND e.kind = q.kind AND e.at > q.since
        GROUP BY 1, 2, 3`,
      [
        asked.map((q) => q.entry.documentId),
        asked.map((q) => q.entry.accountId),
        asked.map((q) => q.entry.kind),
        asked.map((q) => new Date(q.entry.at.getTime() - q.unlessWithinMs!)),
      ],
    );
    for (const row of rows) recent.set(recentKey(row), new Date(row.at).getTime());
    return recent;
  }

  /** The head the appends have recorded: the last entry written (entry 0 and the genesis hash before the first). */
  async recordedHead(): Promise<ChainHead> {
    const [head]: ChainHead[] = await this.db.query(`SELECT id::text AS id, hash FROM audit_chain_head`);
    // Without its row (deleted behind the trigger's back) the head is unknown: the check says so.
    return head ?? { id: '0', hash: GENESIS_HASH, missing: true };
  }

  /** The chain in order, `limit` entries after entry `afterId` (0: from the start). */
  async walk(afterId: string, limit: number): Promise<(StoredEntry & { microseconds: number })[]> {
    // The microseconds within the millisecond: entries are written to the millisecond (as hashed), so any is an alteration.
    return this.db.query(
      `SELECT ${STORED}, (extract(microseconds FROM e.at)::bigint % 1000)::int AS microseconds FROM audit_entry e WHERE e.id > $1 ORDER BY e.id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** A workspace's entries, newest first: by or about `person`, on `document`, of `kind`. */
  async inWorkspace(workspaceId: string, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
    const where = ['e.workspace_id = $1'];
    const params: unknown[] = [workspaceId];
    this.filterBy(filter, where, params);
    params.push(limit);
    return this.db.query(`SELECT ${VIEW}, NULL AS "readerRole" FROM audit_entry e ${JOINS} WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT $${params.length}`, params);
  }

  /**
   * An account's own entries, newest first: what it did, and the failed logins typed with its email.
   * Each row carries the account's role now in the document's workspace.
   */
  async ofAccount(accountId: string, email: string, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
    // Failed logins typed with the email since this account has had it (not a deleted account's before it).
    const where = [`(e.account_id = $1 OR (e.kind = 'login-failed' AND lower(e.email) = $2 AND e.at >= (SELECT created_at FROM account WHERE id = $1)))`];
    const params: unknown[] = [accountId, email.toLowerCase()];
    this.filterBy(filter, where, params);
    params.push(limit);
    return this.db.query(
      `SELECT ${VIEW}, m.role AS "readerRole" FROM audit_entry e ${JOINS}
         LEFT JOIN membership m ON m.workspace_id = d.workspace_id AND m.account_id = $1
        WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  private filterBy(filter: AuditFilter, where: string[], params: unknown[]): void {
    if (filter.person) {
      params.push(filter.person);
      where.push(`(e.account_id = $${params.length} OR e.subject_id = $${params.length})`);
    }
    if (filter.document) {
      params.push(filter.document);
      where.push(`e.document_id = $${params.length}`);
    }
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`e.kind = $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before);
      where.push(`e.id < $${params.length}`);
    }
  }
}
