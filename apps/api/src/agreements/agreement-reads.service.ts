import { Injectable } from '@nestjs/common';
import { Role } from '@kinship/domain/rules';
import { AgreementItem, AgreementVersionSummary, AgreementVersionsCompared, AgreementVersionView, AgreementView, diffAgreements, ProposalView } from '@kinship/domain/agreements';
import { DomainError } from '../common/domain-error';
import type { DocumentRecord } from '../documents/documents.repository';
import { DocumentsService } from '../documents/documents.service';
import { SyncService } from '../sync/sync.service';
import { itemsOf, missingFrom, stateHash } from './agreement-content';
import { AgreementsRepository, ProposalRow } from './agreements.repository';
import { toDecisionView, toSummary, toVersionView } from './agreement-views';

/**
 * Reading agreements: the version in force (shown in the agreement document), the versions, their
 * comparison and a proposal as it stands. Content is read as stored (`SyncService.storedState`):
 * a room in another process may not hold an edit stored there yet, and what a person reads must
 * be what both partners can accept.
 */
@Injectable()
export class AgreementReadsService {
  constructor(
    private readonly repository: AgreementsRepository,
    private readonly documents: DocumentsService,
    private readonly sync: SyncService,
  ) {}

  async overview(agreementId: string, accountId: string): Promise<AgreementView> {
    const { document } = await this.openAgreement(agreementId, accountId);
    const inForce = await this.repository.latestVersion(agreementId);
    let draftItems: AgreementItem[] | null = null;
    if (inForce) await this.showInAgreement(agreementId, inForce.state, inForce.proposalId);
    else draftItems = itemsOf(await this.sync.storedState(agreementId));
    const current = inForce?.number ?? 0;
    const proposals = await this.repository.listProposals(agreementId);
    const request = await this.repository.archiveRequest(agreementId);
    return {
      documentId: document.id,
      workspaceId: document.workspaceId,
      title: document.title,
      archived: document.archivedAt !== null,
      sealed: document.sealedAt !== null,
      inForce: inForce ? toVersionView(inForce) : null,
      draftItems,
      proposals: proposals.map((p) => toSummary(p, current)),
      archiveRequest: request ? { requestedBy: { accountId: request.requestedBy, name: request.name }, at: request.requestedAt.toISOString() } : null,
    };
  }

  async proposal(proposalId: string, accountId: string): Promise<ProposalView> {
    await this.openProposal(proposalId, accountId);
    return this.view(proposalId);
  }

  async versions(agreementId: string, accountId: string): Promise<AgreementVersionSummary[]> {
    await this.openAgreement(agreementId, accountId);
    const rows = await this.repository.listVersions(agreementId);
    return rows.map((v) => {
      const { items, ...rest } = toVersionView(v);
      return { ...rest, itemCount: items.length };
    });
  }

  async version(agreementId: string, number: number, accountId: string): Promise<AgreementVersionView> {
    await this.openAgreement(agreementId, accountId);
    const row = await this.repository.version(agreementId, number);
    if (!row) throw new DomainError('not_found', `Version ${number} was not found`);
    return toVersionView(row);
  }

  /** The diff between two versions (`from` 0 is the empty agreement before the first version). */
  async compare(agreementId: string, accountId: string, from: number, to: number): Promise<AgreementVersionsCompared> {
    await this.openAgreement(agreementId, accountId);
    const itemsAt = async (n: number) => {
      if (n === 0) return [];
      const row = await this.repository.version(agreementId, n);
      if (!row) throw new DomainError('not_found', `Version ${n} was not found`);
      return row.items;
    };
    return { from, to, diff: diffAgreements(await itemsAt(from), await itemsAt(to)) };
  }

  async requireProposal(proposalId: string): Promise<ProposalRow> {
    const row = await this.repository.findProposal(proposalId);
    if (!row) throw new DomainError('not_found', 'Proposal was not found');
    return row;
  }

  /**
   * The routes' check (`agreements/:id/proposals/:proposalId`): a proposal is reached only through
   * its own agreement. Through another agreement, or an id that names nothing, it is not found:
   * the same answer as for a proposal that does not exist, so nothing is learnt from the difference.
   */
  async requireProposalOf(agreementId: string, proposalId: string): Promise<void> {
    if ((await this.repository.agreementOfProposal(proposalId)) !== agreementId) throw new DomainError('not_found', 'Proposal was not found');
  }

  async openAgreement(agreementId: string, accountId: string): Promise<{ document: DocumentRecord; role: Role }> {
    const opened = await this.documents.open(agreementId, accountId, 'read').catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'not_found') throw new DomainError('not_found', 'Agreement was not found');
      throw error;
    });
    if (opened.document.kind !== 'agreement') throw new DomainError('not_found', 'Agreement was not found');
    return opened;
  }

  async openProposal(proposalId: string, accountId: string): Promise<{ document: DocumentRecord; role: Role }> {
    const opened = await this.documents.open(proposalId, accountId, 'read').catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'not_found') throw new DomainError('not_found', 'Proposal was not found');
      throw error;
    });
    if (opened.document.kind !== 'proposal') throw new DomainError('not_found', 'Proposal was not found');
    return opened;
  }

  /** Writes what the agreement document lacks of a version's state into it, through its room, its authors with it. */
  async showInAgreement(agreementId: string, versionState: Uint8Array, proposalId: string): Promise<void> {
    const shown = await this.sync.storedState(agreementId);
    // The usual case (every read of an agreement asks): it already shows the version; nothing to write.
    if (stateHash(shown) === stateHash(versionState)) return;
    await this.repository.copyAuthors(proposalId, agreementId);
    await this.sync.writeFromServer(agreementId, missingFrom(shown, new Uint8Array(versionState)), null);
  }

  async view(proposalId: string): Promise<ProposalView> {
    const row = await this.requireProposal(proposalId);
    const state = await this.sync.storedState(proposalId);
    const items = itemsOf(state);
    const inForce = await this.repository.latestVersion(row.agreementId);
    const [decisions, comments, conflicts] = await Promise.all([
      this.repository.decisions(proposalId),
      this.repository.comments(proposalId),
      this.repository.conflicts(proposalId),
    ]);
    return {
      ...toSummary(row, inForce?.number ?? 0),
      items,
      diff: diffAgreements(inForce?.items ?? [], items),
      versionInForce: inForce?.number ?? 0,
      stateHash: stateHash(state),
      decisions: decisions.map(toDecisionView),
      comments: comments.map((c) => ({
        id: c.id,
        itemId: c.itemId,
        author: { accountId: c.authorId, name: c.authorName, role: c.authorRole },
        text: c.text,
        at: new Date(c.createdAt).toISOString(),
      })),
      conflicts: conflicts.map((c) => ({
        itemId: c.itemId,
        title: c.title,
        resolved:
          c.resolvedAt && c.resolvedBy && c.resolution
            ? { by: { accountId: c.resolvedBy, name: c.resolvedByName ?? '' }, at: new Date(c.resolvedAt).toISOString(), how: c.resolution }
            : null,
      })),
      closedReason: row.closedReason,
    };
  }
}