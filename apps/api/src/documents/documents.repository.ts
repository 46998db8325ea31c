import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { DocumentKind, Role } from '@kinship/domain';
import { DocumentEntity } from '../database/entities';
import type { Tx } from '../database/transactions';

/** What a rename, archive or restore changes. */
export type DocumentChanges = Partial<Pick<DocumentEntity, 'title' | 'archivedAt' | 'updatedAt' | 'sealedAt'>>;

/** Document records (their content is the sync store's). */
@Injectable()
export class DocumentsRepository {
  private get documents() {
    return this.dataSource.getRepository(DocumentEntity);
  }

  constructor(private readonly dataSource: DataSource) {}

  /** The workspace's documents of these kinds only, oldest first: other kinds are never read. */
  listInWorkspace(workspaceId: string, kinds: DocumentKind[]): Promise<DocumentEntity[]> {
    return this.documents.find({ where: { workspaceId, kind: In(kinds) }, order: { createdAt: 'ASC' } });
  }

  async idsInWorkspace(workspaceId: string, documentIds: string[]): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const rows = await this.documents.find({ select: { id: true }, where: { workspaceId, id: In(documentIds) } });
    return rows.map((r) => r.id);
  }

  insert(row: { workspaceId: string; kind: DocumentKind; title: string; createdBy: string; updatedAt: Date }, tx?: Tx): Promise<DocumentEntity> {
    const documents = tx ? tx.getRepository(DocumentEntity) : this.documents;
    return documents.save(documents.create({ ...row, archivedAt: null, sealedAt: null }));
  }

  /**
   * For each (account, document) pair: the document's kind and state and the account's role in
   * its workspace (null when not a member; no row when the document is gone). One query.
   */
  rolesOn(pairs: { accountId: string; documentId: string }[]): Promise<
    { account_id: string; document_id: string; role: Role | null; kind: DocumentKind; archived: boolean }[]
  > {
    return this.dataSource.query(
      `SELECT p.account_id, p.document_id, m.role, d.kind, d.archived_at IS NOT NULL AS archived
         FROM unnest($1::uuid[], $2::uuid[]) AS p(account_id, document_id)
         JOIN document d ON d.id = p.document_id
         LEFT JOIN membership m ON m.workspace_id = d.workspace_id AND m.account_id = p.account_id`,
      [pairs.map((p) => p.accountId), pairs.map((p) => p.documentId)],
    );
  }

  findById(id: string): Promise<DocumentEntity | null> {
    return this.documents.findOneBy({ id });
  }

  /**
   * Writes the changes and returns the document as it now is. Its revision grows in the same
   * statement, so every view of the record is ordered (sync rooms never take an older one).
   */
  async update(document: DocumentEntity, changes: DocumentChanges, tx?: Tx): Promise<DocumentEntity> {
    const documents = tx ? tx.getRepository(DocumentEntity) : this.documents;
    const result = await documents
      .createQueryBuilder()
      .update()
      .set({ ...changes, revision: () => 'revision + 1' })
      .where('id = :id', { id: document.id })
      .returning('revision')
      .execute();
    const revision = Number((result.raw as { revision: string }[])[0]!.revision);
    return documents.merge(document, { ...changes, revision });
  }
}
