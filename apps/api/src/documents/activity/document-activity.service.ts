import { Injectable } from '@nestjs/common';
import { visibleKinds } from '@kinship/domain/rules';
import { AccessService } from '../../workspaces/access.service';
import { DocumentsService } from '../documents.service';
import { DocumentActivityRepository } from './document-activity.repository';
import type { DocumentActivityView } from '@kinship/domain/wire';

/** How many of a document's renames, archives and restores its page shows. */
const DOCUMENT_ACTIVITY_LIMIT = 20;

/** Reading who renamed, archived or restored documents (DocumentsService records it). */
@Injectable()
export class DocumentActivityService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly access: AccessService,
    private readonly activity: DocumentActivityRepository,
  ) {}

  /** A document's activity, for whoever may read the document. */
  async forDocument(documentId: string, accountId: string): Promise<DocumentActivityView[]> {
    await this.documents.open(documentId, accountId, 'read');
    return this.activity.forDocument(documentId, DOCUMENT_ACTIVITY_LIMIT);
  }

  /** The newest activity of each document of the workspace the caller may see. */
  async latestInWorkspace(workspaceId: string, accountId: string): Promise<DocumentActivityView[]> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    return this.activity.latestInWorkspace(workspaceId, visibleKinds(role));
  }
}
