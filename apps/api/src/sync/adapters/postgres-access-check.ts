import { DataSource } from 'typeorm';
import { can, type DocumentKind, type Role } from '@kinship/domain';

export interface OpenConnection {
  sessionId: string;
  documentId: string;
}

export interface AccessVerdict {
  /** Sessions that ended (logged out, expired, idle): their sockets close with 4401. */
  endedSessions: Set<string>;
  /** `${sessionId} ${documentId}` pairs whose session lives but may no longer read the document. */
  lostAccess: Set<string>;
}

export const accessKey = (sessionId: string, documentId: string) => `${sessionId} ${documentId}`;

/**
 * Re-checks, in one query, that each open connection's session is still live and that its
 * account may still read its document (membership, role, the document still there). The rule
 * itself is `can()` from libs/domain, asked here as everywhere else.
 */
export class PostgresAccessCheck {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessionIdleMs: number,
  ) {}

  async check(open: OpenConnection[]): Promise<AccessVerdict> {
    const verdict: AccessVerdict = { endedSessions: new Set(), lostAccess: new Set() };
    if (open.length === 0) return verdict;
    const rows: { session_id: string; document_id: string; live: boolean; role: Role | null; kind: DocumentKind | null; archived: boolean | null }[] =
      await this.dataSource.query(
        `SELECT c.session_id, c.document_id, s.account_id IS NOT NULL AS live, m.role, d.kind, d.archived_at IS NOT NULL AS archived
           FROM unnest($1::text[], $2::uuid[]) AS c(session_id, document_id)
           LEFT JOIN auth_session s
             ON s.token_hash = c.session_id AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > $3
           LEFT JOIN document d ON d.id = c.document_id
           LEFT JOIN membership m ON m.workspace_id = d.workspace_id AND m.account_id = s.account_id`,
        [open.map((o) => o.sessionId), open.map((o) => o.documentId), new Date(Date.now() - this.sessionIdleMs)],
      );
    for (const row of rows) {
      if (!row.live) {
        verdict.endedSessions.add(row.session_id);
        continue;
      }
      const mayRead = row.kind !== null && can({ role: row.role }, { type: 'document.read', document: { kind: row.kind, archived: row.archived ?? false } });
      if (!mayRead) verdict.lostAccess.add(accessKey(row.session_id, row.document_id));
    }
    return verdict;
  }
}
