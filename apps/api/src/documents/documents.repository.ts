import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { DocumentKind, Role } from '@kinship/domain/rules';
import { DocumentEntity } from './document.entity';
import type { Tx } from '../database/transactions';
import { ContentCipher, contexts } from '../encryption/content-cipher';

/** The kinds whose titles are kept encrypted: a counselor's private notes. */
const SEALED_TITLE_KINDS: ReadonlySet<DocumentKind> = new Set(['counselor-notes']);

/** A document's record as the repository hands it out (its title opened). */
export type DocumentRecord = DocumentEntity;

/** What a rename, archive or restore changes. */
export type DocumentChanges = Partial<Pick<DocumentEntity, 'title' | 'archivedAt' | 'updatedAt' | 'sealedAt'>>;

/** Document records (their content is the sync store's). */
@Injectable()
export class DocumentsRepository {
  private get documents() {
    return this.dataSource.getRepository(DocumentEntity);
  }

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  /** The title as stored: encrypted for the kinds that keep it so (the document's id is its associated data). */
  private storedTitle(document: { id: string; workspaceId: string; kind: DocumentKind }, title: string, tx?: Tx): Promise<string> {
    if (!SEALED_TITLE_KINDS.has(document.kind)) return Promise.resolve(title);
    return this.cipher.encryptText(document.workspaceId, title, contexts.documentTitle(document.id), tx);
  }

  async idsInWorkspace(workspaceId: string, documentIds: string[]): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const rows = await this.documents.find({ select: { id: true }, where: { workspaceId, id: In(documentIds) } });
    return rows.map((r) => r.id);
  }

  /** The records as read, their titles decrypted. */
  async opened<T extends DocumentEntity | null>(documents: T[], tx?: Tx): Promise<T[]> {
    for (const d of documents) {
      if (d && SEALED_TITLE_KINDS.has(d.kind)) d.title = await this.cipher.decryptText(d.workspaceId, d.title, contexts.documentTitle(d.id), tx);
    }
    return documents;
  }

  /** The workspace's documents of these kinds only, oldest first: other kinds are never read. */
  async listInWorkspace(workspaceId: string, kinds: DocumentKind[]): Promise<DocumentEntity[]> {
    return this.opened(await this.documents.find({ where: { workspaceId, kind: In(kinds) }, order: { createdAt: 'ASC' } }));
  }

  async insert(row: { workspaceId: string; kind: DocumentKind; title: string; createdBy: string; updatedAt: Date }, tx?: Tx): Promise<DocumentEntity> {
    const documents = tx ? tx.getRepository(DocumentEntity) : this.documents;
    const id = randomUUID();
    const saved = await documents.save(documents.create({ ...row, id, title: await this.storedTitle({ ...row, id }, row.title, tx), archivedAt: null, sealedAt: null }));
    saved.title = row.title;
    return saved;
  }

  /**
   * For each (account, document) pair: the document's kind and state and the account's role in
   * its workspace (null when not a member; no row when the document is gone). One query.
   */
  rolesOn(pairs: { accountId: string; documentId: string }[]): Promise<
    { account_id: string; document_id: string; role: Role | null; kind: DocumentKind; archived: boolean; sealed: boolean; created_by: string }[]
  > {
    return this.dataSource.query(
      `SELECT p.account_id, p.document_id, m.role, d.kind, d.archived_at IS NOT NULL AS archived, d.sealed_at IS NOT NULL AS sealed, d.created_by
         FROM unnest($1::uuid[], $2::uuid[]) AS p(account_id, document_id)
         JOIN document d ON d.id = p.document_id
         LEFT JOIN membership m ON m.workspace_id = d.workspace_id AND m.account_id = p.account_id`,
      [pairs.map((p) => p.accountId), pairs.map((p) => p.documentId)],
    );
  }

  /**
   * The document's record, read inside the caller's transaction and locked until it ends, FOR NO
   * KEY UPDATE (see DocumentsService.lockForChange).
   */
  async lockForChange(documentId: string, tx: Tx): Promise<DocumentEntity | null> {
    const document = await tx.getRepository(DocumentEntity).findOne({ where: { id: documentId }, lock: { mode: 'for_no_key_update' } });
    return (await this.opened([document], tx))[0]!;
  }

  async findById(id: string): Promise<DocumentEntity | null> {
    return (await this.opened([await this.documents.findOneBy({ id })]))[0]!;
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
      .set({ ...changes, ...(changes.title !== undefined ? { title: await this.storedTitle(document, changes.title, tx) } : {}), revision: () => 'revision + 1' })
      .where('id = :id', { id: document.id })
      .returning('revision')
      .execute();
    const revision = Number((result.raw as { revision: string }[])[0]!.revision);
    return documents.merge(document, { ...changes, revision });
  }
}
