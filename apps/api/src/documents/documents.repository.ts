import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { DocumentKind } from '@kinship/domain';
import { DocumentEntity } from '../database/entities';

/** What a rename, archive or restore changes. */
export type DocumentChanges = Partial<Pick<DocumentEntity, 'title' | 'archivedAt' | 'updatedAt'>>;

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

  insert(row: { workspaceId: string; kind: DocumentKind; title: string; createdBy: string; updatedAt: Date }): Promise<DocumentEntity> {
    return this.documents.save(this.documents.create({ ...row, archivedAt: null }));
  }

  findById(id: string): Promise<DocumentEntity | null> {
    return this.documents.findOneBy({ id });
  }

  /** Writes the changes and returns the document as it now is. */
  async update(document: DocumentEntity, changes: DocumentChanges): Promise<DocumentEntity> {
    await this.documents.update({ id: document.id }, changes);
    return this.documents.merge(document, changes);
  }
}
