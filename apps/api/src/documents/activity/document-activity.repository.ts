import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentKind } from '@kinship/domain/rules';
import type { Tx } from '../../database/transactions';
import type { DocumentActivityView } from '@kinship/domain/wire';
import { ContentCipher, contexts } from '../../encryption/content-cipher';

interface ActivityRow {
  id: string;
  document_id: string;
  action: DocumentActivityView['action'];
  account_id: string | null;
  name: string | null;
  old_title: string | null;
  new_title: string | null;
  at: Date;
  kind: DocumentKind;
  workspace_id: string;
}

const toView = (r: ActivityRow): DocumentActivityView => ({
  id: r.id,
  documentId: r.document_id,
  action: r.action,
  actor: r.account_id && r.name !== null ? { id: r.account_id, name: r.name } : null,
  oldTitle: r.old_title,
  newTitle: r.new_title,
  at: r.at.toISOString(),
});

const SELECT = `SELECT a.id::text AS id, a.document_id, a.action, a.account_id, acc.display_name AS name, a.old_title, a.new_title, a.at,
                       ad.kind, ad.workspace_id
                  FROM document_activity a LEFT JOIN account acc ON acc.id = a.account_id JOIN document ad ON ad.id = a.document_id`;

/** Titles kept encrypted (a counselor's private notes) are sealed under the document's workspace key. */
const SEALED_TITLE_KINDS: ReadonlySet<DocumentKind> = new Set(['counselor-notes']);

/** `document_activity`: renames, archives and restores, who and when. */
@Injectable()
export class DocumentActivityRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  private async opened(rows: ActivityRow[]): Promise<DocumentActivityView[]> {
    for (const r of rows) {
      if (!SEALED_TITLE_KINDS.has(r.kind)) continue;
      const open = (t: string | null) => (t === null ? null : this.cipher.decryptText(r.workspace_id, t, contexts.documentTitle(r.document_id)));
      r.old_title = await open(r.old_title);
      r.new_title = await open(r.new_title);
    }
    return rows.map(toView);
  }

  async record(
    tx: Tx,
    row: { documentId: string; accountId: string; action: DocumentActivityView['action']; oldTitle: string | null; newTitle: string | null },
  ): Promise<void> {
    const [document]: { kind: DocumentKind; workspace_id: string }[] = await tx.query(`SELECT kind, workspace_id FROM document WHERE id = $1`, [row.documentId]);
    const seal = (t: string | null) =>
      t === null || !document || !SEALED_TITLE_KINDS.has(document.kind) ? t : this.cipher.encryptText(document.workspace_id, t, contexts.documentTitle(row.documentId), tx);
    await tx.query(`INSERT INTO document_activity (document_id, account_id, action, old_title, new_title) VALUES ($1, $2, $3, $4, $5)`, [
      row.documentId,
      row.accountId,
      row.action,
      await seal(row.oldTitle),
      await seal(row.newTitle),
    ]);
  }

  /** The document's activity, newest first. */
  async forDocument(documentId: string, limit: number): Promise<DocumentActivityView[]> {
    const rows: ActivityRow[] = await this.dataSource.query(`${SELECT} WHERE a.document_id = $1 ORDER BY a.id DESC LIMIT $2`, [documentId, limit]);
    return this.opened(rows);
  }

  /** The newest activity of each of the workspace's documents of these kinds only (others are never read). */
  async latestInWorkspace(workspaceId: string, kinds: DocumentKind[]): Promise<DocumentActivityView[]> {
    const rows: ActivityRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (x.document_id) x.* FROM (
         ${SELECT} JOIN document d ON d.id = a.document_id
          WHERE d.workspace_id = $1 AND d.kind = ANY($2::text[])
       ) x ORDER BY x.document_id, x.id::bigint DESC`,
      [workspaceId, kinds],
    );
    return this.opened(rows);
  }
}
