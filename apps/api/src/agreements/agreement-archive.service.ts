import { Injectable } from '@nestjs/common';
import { archiveNeedsBothPartners, can } from '@kinship/domain/rules';
import { ArchiveRequestView } from '@kinship/domain/agreements';
import { DomainError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { DocumentsService, toTarget } from '../documents/documents.service';
import { AgreementsRepository } from './agreements.repository';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';

/**
 * The guarded archive: an agreement with a version in force is archived only by both partners.
 * One partner asks; the other confirms, and then it is archived. Either may take the request back.
 */
@Injectable()
export class AgreementArchiveService {
  constructor(
    private readonly repository: AgreementsRepository,
    private readonly documents: DocumentsService,
    private readonly transactions: Transactions,
    @InjectEventBus() private readonly events: EventBus,
  ) {}

  async request(agreementId: string, accountId: string): Promise<ArchiveRequestView> {
    const document = await this.openForArchive(agreementId, accountId);
    if (!archiveNeedsBothPartners(toTarget(document))) {
      throw new DomainError('conflict', document.archivedAt ? 'This agreement is already archived' : 'This agreement has no version in force: archive it directly');
    }
    await this.repository.requestArchive(agreementId, accountId);
    const request = await this.repository.archiveRequest(agreementId);
    if (!request) throw new DomainError('conflict', 'The archive request could not be recorded; try again');
    return { requestedBy: { accountId: request.requestedBy, name: request.name }, at: request.requestedAt.toISOString() };
  }

  /** The other partner confirms: the agreement is archived. */
  async confirm(agreementId: string, accountId: string): Promise<void> {
    await this.openForArchive(agreementId, accountId);
    const change = await this.transactions.run(async (tx) => {
      const document = await this.documents.lockForChange(agreementId, tx);
      if (!document) throw new DomainError('not_found', 'Agreement was not found');
      const request = await this.repository.archiveRequest(agreementId, tx);
      if (!request) throw new DomainError('conflict', 'Nobody has asked to archive this agreement: ask first, and the other partner confirms');
      if (request.requestedBy === accountId) throw new DomainError('conflict', 'You asked to archive this agreement: the other partner confirms it, not you');
      await this.repository.clearArchiveRequest(agreementId, tx);
      return this.documents.archiveAgreed(document, tx);
    });
    this.documents.announce(change);
    // The partner who confirmed archived it (the request, by the other, came before).
    await this.events.emitAsync(AUDIT_DEED, { kind: 'document-archived', accountId, workspaceId: change.workspaceId, documentId: agreementId });
  }

  async cancel(agreementId: string, accountId: string): Promise<void> {
    await this.openForArchive(agreementId, accountId);
    await this.repository.clearArchiveRequest(agreementId);
  }

  private async openForArchive(agreementId: string, accountId: string) {
    const { document, role } = await this.documents.open(agreementId, accountId, 'archive');
    if (document.kind !== 'agreement') throw new DomainError('not_found', 'Agreement was not found');
    if (!can({ role }, { type: 'agreement.archive' })) {
      throw new DomainError('forbidden', 'An agreement in force is archived by both partners: one asks, the other confirms. The counselor cannot archive it.');
    }
    return document;
  }
}
