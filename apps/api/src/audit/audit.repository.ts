import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditKind, DocumentKind, Role } from '@kinship/domain';
import { ChainedEntry, entryHash, GENESIS_HASH } from './audit-chain';

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

/** The audit_entry table: appended to under the chain's lock, never changed. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Appends one entry at the chain's head, under the deployment-wide advisory lock. With
   * `unlessWithinMs`, nothing is appended when the same person already has an entry of this kind
   * for this document that recent (decided under the lock, so two admissions at once write one).
   * Returns the stored entry, or null when it was not needed.
   */
  append(entry: NewAuditEntry, unlessWithinMs?: number): Promise<StoredEntry | null> {
    return this.db.transaction(async (tx) => {
      await tx.query(CHAIN_LOCK);
      if (unlessWithinMs !== undefined) {
        const recent: unknown[] = await tx.query(
          `SELECT 1 FROM audit_entry WHERE document_id = $1 AND account_id = $2 AND kind = $3 AND at > $4 LIMIT 1`,
          [entry.documentId, entry.accountId, entry.kind, new Date(entry.at.getTime() - unlessWithinMs)],
        );
        if (recent.length > 0) return null;
      }
      const [head]: { id: string; hash: string }[] = await tx.query(`SELECT e.id::text AS id, e.hash FROM audit_entry e ORDER BY e.id DESC LIMIT 1`);
      const chained: ChainedEntry = { ...entry, id: head ? (BigInt(head.id) + 1n).toString() : '1', prevHash: head?.hash ?? GENESIS_HASH };
      const hash = entryHash(chained);
      await tx.query(
        `INSERT INTO audit_entry (id, at, kind, account_id, email, workspace_id, document_id, invite_id, subject_id, ip, device, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
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
        ],
      );
      return { ...chained, hash };
    });
  }

  /** The chain in order, `limit` entries after entry `afterId` (0: from the start). */
  async walk(afterId: string, limit: number): Promise<StoredEntry[]> {
    return this.db.query(`SELECT ${STORED} FROM audit_entry e WHERE e.id > $1 ORDER BY e.id LIMIT $2`, [afterId, limit]);
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
    const where = [`(e.account_id = $1 OR (e.kind = 'login-failed' AND lower(e.email) = $2))`];
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
