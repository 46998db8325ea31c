import { Injectable } from '@nestjs/common';
import { Action, can, JOINT_WORK_PAUSED_WORDS, Role } from '@kinship/domain/rules';
import { AcceptProposalBody, AgreementItem, conflictingItems, CommentOnProposalBody, CreateProposalBody, ProposalView } from '@kinship/domain/agreements';
import { DomainError } from '../common/domain-error';
import type { DocumentRecord } from '../documents/documents.repository';
import { Transactions, type Tx } from '../database/transactions';
import { DocumentsService } from '../documents/documents.service';
import { SyncService } from '../sync/sync.service';
import { JointWorkPauses } from '../safety/joint-work-pauses';
import { itemsOf, missingFrom, stateHash } from './agreement-content';
import { AgreementReadsService } from './agreement-reads.service';
import { AgreementsRepository, ProposalRow, VersionRow } from './agreements.repository';
import { acceptedNow, describeProposalState } from './agreement-views';
import { AGREEMENT_ACTIVITY, AgreementActivity, DocumentChanged, EventBus, InjectEventBus } from '../events/events';

/** The rule the counselor meets on accept or decline, in plain words. */
export const PARTNERS_DECIDE =
  'Only the partners accept or decline a proposal: the counselor may comment and propose, never decide on a partner’s behalf.';

/**
 * Proposals and the decisions on them (reading is `AgreementReadsService`). A version comes into force only when both
 * partners have accepted the same exact state of a proposal; nobody edits a version in force.
 * The agreement and proposal documents are Yjs documents served by the sync server: their content
 * is read through it and server-made edits (a new version shown in the agreement, a proposal
 * brought up to date) go through its rooms, never straight to the tables.
 */
@Injectable()
export class AgreementsService {
  constructor(
    private readonly repository: AgreementsRepository,
    private readonly reads: AgreementReadsService,
    private readonly documents: DocumentsService,
    private readonly sync: SyncService,
    private readonly transactions: Transactions,
    @InjectEventBus() private readonly events: EventBus,
    private readonly jointWork: JointWorkPauses,
  ) {}

  /** Tells the listeners (notifications) what a member just did, once it is committed; never fails the deed. */
  private async tell(activity: AgreementActivity): Promise<void> {
    await this.events.emitAsync(AGREEMENT_ACTIVITY, activity).catch(() => undefined);
  }

  // ---- Proposing ----

  /**
   * A new proposal document, a copy of the version in force (its stored state written as the new
   * document's snapshot, so its history starts there). On a draft (no version yet), the proposal
   * asks both partners to accept the first version: its content is the draft as it is now, and
   * the draft stops taking edits while a proposal of it is open (edits go into the proposal).
   */
  async propose(agreementId: string, accountId: string, body: CreateProposalBody): Promise<ProposalView> {
    const { document, role } = await this.reads.openAgreement(agreementId, accountId);
    if (!can({ role }, { type: 'agreement.propose' })) throw new DomainError('forbidden', 'You may not propose changes to this agreement');
    await this.requireJointWork(role, document.workspaceId, { type: 'agreement.propose' });
    if (document.archivedAt) throw new DomainError('conflict', 'This agreement is archived: restore it before proposing a change');
    // A draft is sealed first, so what the proposal copies is all the draft will ever hold: an
    // edit racing the seal is either in the copy or refused, never left behind in the draft alone.
    const sealed = await this.transactions.run(async (tx) => {
      const agreement = await this.documents.lockForChange(agreementId, tx);
      if (!agreement) throw new DomainError('not_found', 'Agreement was not found');
      const inForce = await this.repository.latestVersion(agreementId, tx);
      return !inForce && !agreement.sealedAt ? this.documents.setSealed(agreement, true, tx) : null;
    });
    if (sealed) {
      this.documents.announce(sealed);
      // Open rooms of the draft take the seal before its state is read (the event's listener does the same, unawaited).
      await this.sync.onDocumentChanged(sealed);
    }
    try {
      const proposalId = await this.transactions.run(async (tx) => {
        const agreement = await this.documents.lockForChange(agreementId, tx);
        if (!agreement) throw new DomainError('not_found', 'Agreement was not found');
        const inForce = await this.repository.latestVersion(agreementId, tx);
        // The draft as stored: sealed and its row held, no edit can land after this read.
        const state = inForce ? new Uint8Array(inForce.state) : await this.sync.storedState(agreementId, tx);
        const title = body.title ?? (inForce ? `Change to ${agreement.title}` : `First version of ${agreement.title}`);
        const made = await this.documents.createMadeBySession(agreement.workspaceId, accountId, 'proposal', title, tx);
        await this.repository.writeFirstSnapshot(made.id, state, tx);
        await this.repository.copyAuthors(agreementId, made.id, tx);
        await this.repository.insertProposal(
          { documentId: made.id, agreementId, baseVersion: inForce?.number ?? 0, baseItems: inForce ? inForce.items : itemsOf(state), createdBy: accountId },
          tx,
        );
        return made.id;
      });
      await this.tell({ kind: 'proposal.opened', actorId: accountId, agreementId, proposalId });
      return await this.reads.view(proposalId);
    } catch (error) {
      if (sealed) await this.reopenDraftIfUnasked(agreementId);
      throw error;
    }
  }

  /** A draft sealed for a proposal that could not be made takes edits again (unless another proposal of it is open). */
  private async reopenDraftIfUnasked(agreementId: string): Promise<void> {
    const change = await this.transactions.run(async (tx) => {
      const agreement = await this.documents.lockForChange(agreementId, tx);
      if (!agreement?.sealedAt || (await this.repository.latestVersion(agreementId, tx))) return null;
      if ((await this.repository.openProposalCount(agreementId, tx)) > 0) return null;
      return this.documents.setSealed(agreement, false, tx);
    });
    if (change) this.documents.announce(change);
  }

  async comment(proposalId: string, accountId: string, body: CommentOnProposalBody): Promise<ProposalView> {
    const { role } = await this.reads.openProposal(proposalId, accountId);
    if (!can({ role }, { type: 'agreement.comment' })) throw new DomainError('forbidden', 'You may not comment on this proposal');
    const row = await this.reads.requireProposal(proposalId);
    const items = itemsOf(await this.sync.storedState(proposalId));
    const inForce = await this.repository.latestVersion(row.agreementId);
    const known = new Set([...items, ...(inForce?.items ?? []), ...row.baseItems].map((i) => i.id));
    if (!known.has(body.itemId)) throw new DomainError('invalid', 'itemId names no item of this proposal or of the version in force', 'itemId');
    await this.repository.insertComment({ proposalId, itemId: body.itemId, authorId: accountId, text: body.text });
    await this.tell({ kind: 'proposal.commented', actorId: accountId, agreementId: row.agreementId, proposalId });
    return this.reads.view(proposalId);
  }

  // ---- Deciding ----

  /**
   * A partner accepts the proposal as it is now (its exact state, hashed). When both partners have
   * accepted the same state, it comes into force as the next version and the agreement shows it.
   */
  async accept(proposalId: string, accountId: string, body: AcceptProposalBody): Promise<ProposalView> {
    const { document, role } = await this.reads.openProposal(proposalId, accountId);
    requirePartner(role);
    await this.requireJointWork(role, document.workspaceId, { type: 'agreement.accept' });
    const outcome = await this.transactions.run(async (tx) => {
      const row = await this.lockOpen(proposalId, tx);
      // The proposal's document row, held for update until this commits: an edit stored before
      // is in the state read next; one arriving now waits for this transaction and then finds
      // the proposal sealed (guarded appends). So an edit is in what both accepted, withdraws an
      // acceptance (its pass finds another state), or is refused before any receipt.
      await this.documents.lockForChange(proposalId, tx);
      const state = await this.sync.storedState(proposalId, tx);
      const hash = stateHash(state);
      if (body.stateHash !== undefined && body.stateHash !== hash) {
        throw new DomainError('conflict', 'The proposal changed since you read it: read it again, then accept');
      }
      const items = itemsOf(state);
      const agreement = await this.documents.lockForChange(row.agreementId, tx);
      if (!agreement) throw new DomainError('not_found', 'Agreement was not found');
      if (agreement.archivedAt) throw new DomainError('conflict', 'This agreement is archived: restore it before accepting a change');
      const inForce = await this.repository.latestVersion(row.agreementId, tx);
      requireUpToDate(row, inForce);
      const open = (await this.repository.conflicts(proposalId, tx)).filter((c) => c.resolvedAt === null);
      if (open.length > 0) {
        throw new DomainError('conflict', `Resolve the conflicts first (edit the item or keep yours): ${open.map((c) => `“${c.title}”`).join(', ')}`);
      }
      const decisions = await this.repository.decisions(proposalId, tx);
      const mine = acceptedNow(decisions).find((d) => d.accountId === accountId);
      if (mine && mine.stateHash !== hash) await this.repository.withdrawAcceptance(mine.id, 'the proposal changed since this acceptance', tx);
      if (!mine || mine.stateHash !== hash) {
        await this.repository.insertDecision({ proposalId, accountId, decision: 'accepted', stateHash: hash, items, reason: null }, tx);
      }
      const partners = await this.repository.partnersOf(agreement.workspaceId, tx);
      const accepted = acceptedNow(await this.repository.decisions(proposalId, tx)).filter((d) => d.stateHash === hash && partners.includes(d.accountId));
      if (partners.length < 2 || accepted.length < partners.length) return null;
      return { state, ...(await this.bringIntoForce(row, agreement, inForce, state, items, accepted, tx)) };
    });
    const agreementId = (await this.reads.requireProposal(proposalId)).agreementId;
    await this.tell({ kind: 'proposal.accepted', actorId: accountId, agreementId, proposalId });
    if (outcome) {
      for (const change of outcome.changes) this.documents.announce(change);
      await this.reads.showInAgreement(outcome.agreementId, outcome.state, proposalId);
      await this.tell({ kind: 'version.in-force', actorId: accountId, agreementId, proposalId });
    }
    return this.reads.view(proposalId);
  }

  private async bringIntoForce(
    row: ProposalRow,
    agreement: DocumentRecord,
    inForce: VersionRow | null,
    state: Uint8Array,
    items: AgreementItem[],
    accepted: { accountId: string; name: string; decidedAt: Date }[],
    tx: Tx,
  ): Promise<{ agreementId: string; changes: DocumentChanged[] }> {
    const number = (inForce?.number ?? 0) + 1;
    await this.repository.insertVersion(
      {
        agreementId: row.agreementId,
        number,
        state,
        items,
        proposalId: row.documentId,
        proposedBy: row.createdBy,
        acceptedBy: accepted.map((d) => ({ accountId: d.accountId, name: d.name, at: new Date(d.decidedAt).toISOString() })),
      },
      tx,
    );
    await this.repository.closeProposal(row.documentId, 'in-force', accepted[accepted.length - 1]!.accountId, `In force as version ${number}`, tx);
    const changes = [await this.sealProposal(row.documentId, tx)];
    if (!agreement.sealedAt) changes.push(await this.documents.setSealed(agreement, true, tx));
    return { agreementId: row.agreementId, changes };
  }

  async decline(proposalId: string, accountId: string, reason: string): Promise<ProposalView> {
    const { role } = await this.reads.openProposal(proposalId, accountId);
    requirePartner(role);
    const changes = await this.transactions.run(async (tx) => {
      const row = await this.lockOpen(proposalId, tx);
      await this.repository.insertDecision({ proposalId, accountId, decision: 'declined', stateHash: null, items: null, reason }, tx);
      const name = (await this.repository.names([accountId])).get(accountId) ?? 'A partner';
      await this.repository.closeProposal(proposalId, 'declined', accountId, `${name} declined: ${reason}`, tx);
      return { agreementId: row.agreementId, changes: await this.closed(row, tx) };
    });
    for (const change of changes.changes) this.documents.announce(change);
    await this.tell({ kind: 'proposal.declined', actorId: accountId, agreementId: changes.agreementId, proposalId });
    return this.reads.view(proposalId);
  }

  /** Its author takes the proposal back. */
  async withdraw(proposalId: string, accountId: string): Promise<ProposalView> {
    await this.reads.openProposal(proposalId, accountId);
    const changes = await this.transactions.run(async (tx) => {
      const row = await this.lockOpen(proposalId, tx);
      if (row.createdBy !== accountId) throw new DomainError('forbidden', 'Only the person who proposed a change may withdraw it');
      await this.repository.closeProposal(proposalId, 'withdrawn', accountId, `${row.createdByName} withdrew this proposal`, tx);
      return { agreementId: row.agreementId, changes: await this.closed(row, tx) };
    });
    for (const change of changes.changes) this.documents.announce(change);
    await this.tell({ kind: 'proposal.withdrawn', actorId: accountId, agreementId: changes.agreementId, proposalId });
    return this.reads.view(proposalId);
  }

  /**
   * A closed proposal takes no more edits; a draft whose last open proposal closed without a
   * version takes edits again.
   */
  private async closed(row: ProposalRow, tx: Tx): Promise<DocumentChanged[]> {
    const changes = [await this.sealProposal(row.documentId, tx)];
    if (row.baseVersion === 0 && (await this.repository.openProposalCount(row.agreementId, tx)) === 0) {
      const agreement = await this.documents.lockForChange(row.agreementId, tx);
      const inForce = await this.repository.latestVersion(row.agreementId, tx);
      if (agreement && !inForce && agreement.sealedAt) changes.push(await this.documents.setSealed(agreement, false, tx));
    }
    return changes;
  }

  // ---- Stale proposals ----

  /**
   * Brings a stale proposal up to date: the version in force now is merged into the proposal's
   * document (a Yjs merge through the sync server, so editors see it live), and the items both
   * sides changed since the proposal's base are listed as conflicts to resolve before anyone accepts.
   */
  async rebase(proposalId: string, accountId: string): Promise<ProposalView> {
    const { role } = await this.reads.openProposal(proposalId, accountId);
    if (!can({ role }, { type: 'agreement.propose' })) throw new DomainError('forbidden', 'You may not change this proposal');
    const row = await this.reads.requireProposal(proposalId);
    if (row.status !== 'open') throw new DomainError('conflict', describeProposalState(row.status, row.closedReason));
    const inForce = await this.repository.latestVersion(row.agreementId);
    if (!inForce || inForce.number === row.baseVersion) throw new DomainError('conflict', 'This proposal is already up to date with the version in force');
    const before = await this.sync.storedState(proposalId);
    const conflicts = conflictingItems(row.baseItems, inForce.items, itemsOf(before));
    await this.repository.copyAuthors(row.agreementId, proposalId);
    await this.sync.writeFromServer(proposalId, missingFrom(before, new Uint8Array(inForce.state)), accountId);
    const merged = itemsOf(await this.sync.storedState(proposalId));
    const name = (await this.repository.names([accountId])).get(accountId) ?? 'Someone';
    const withdrawn = await this.transactions.run(async (tx) => {
      const locked = await this.lockOpen(proposalId, tx);
      if (locked.baseVersion !== row.baseVersion) return [];
      await this.repository.rebaseProposal(proposalId, inForce.number, inForce.items, tx);
      const titleOf = (id: string) => (merged.find((i) => i.id === id) ?? inForce.items.find((i) => i.id === id) ?? row.baseItems.find((i) => i.id === id))?.title ?? 'Untitled item';
      await this.repository.replaceConflicts(
        proposalId,
        conflicts.map((itemId) => ({ itemId, title: titleOf(itemId), mergedItem: merged.find((i) => i.id === itemId) ?? null })),
        tx,
      );
      const accepted = acceptedNow(await this.repository.decisions(proposalId, tx));
      for (const d of accepted) {
        await this.repository.withdrawAcceptance(d.id, `${name} brought the proposal up to date with version ${inForce.number} after ${d.name} accepted`, tx);
      }
      return accepted.map((d) => d.accountId);
    });
    // Each withdrawn acceptance is told, as when an edit withdraws one.
    for (const about of withdrawn) await this.tell({ kind: 'proposal.withdrawn', actorId: accountId, agreementId: row.agreementId, proposalId, about });
    return this.reads.view(proposalId);
  }

  /** "Keep mine": a conflict resolved by keeping the proposal's item as it is. */
  async keepMine(proposalId: string, itemId: string, accountId: string): Promise<ProposalView> {
    const { role } = await this.reads.openProposal(proposalId, accountId);
    if (!can({ role }, { type: 'agreement.propose' })) throw new DomainError('forbidden', 'You may not change this proposal');
    const row = await this.reads.requireProposal(proposalId);
    if (row.status !== 'open') throw new DomainError('conflict', describeProposalState(row.status, row.closedReason));
    const conflict = (await this.repository.conflicts(proposalId)).find((c) => c.itemId === itemId);
    if (!conflict) throw new DomainError('not_found', 'This proposal has no conflict on that item');
    await this.repository.resolveConflict(proposalId, itemId, accountId, 'kept');
    return this.reads.view(proposalId);
  }

  // ---- Helpers ----

  private sealProposal(proposalId: string, tx: Tx): Promise<DocumentChanged> {
    return this.documents.lockForChange(proposalId, tx).then((doc) => {
      if (!doc) throw new DomainError('not_found', 'Proposal was not found');
      return this.documents.setSealed(doc, true, tx);
    });
  }

  /** Joint work the counselor paused (safety) is refused to everyone, in the same neutral words. */
  private async requireJointWork(role: Role, workspaceId: string, action: Action): Promise<void> {
    if (!can({ role, jointWorkPaused: await this.jointWork.isPaused(workspaceId) }, action)) throw new DomainError('conflict', JOINT_WORK_PAUSED_WORDS);
  }

  private async lockOpen(proposalId: string, tx: Tx): Promise<ProposalRow> {
    const row = await this.repository.lockProposal(proposalId, tx);
    if (!row) throw new DomainError('not_found', 'Proposal was not found');
    if (row.status !== 'open') throw new DomainError('conflict', describeProposalState(row.status, row.closedReason));
    return row;
  }
}

function requirePartner(role: Role): void {
  if (!can({ role }, { type: 'agreement.accept' })) throw new DomainError('forbidden', PARTNERS_DECIDE);
}

function requireUpToDate(row: ProposalRow, inForce: VersionRow | null): void {
  const current = inForce?.number ?? 0;
  if (row.baseVersion === current) return;
  throw new DomainError(
    'conflict',
    row.baseVersion === 0
      ? `This proposal is stale: version ${current} came into force after it was opened. Bring it up to date before accepting.`
      : `This proposal is stale: it changes version ${row.baseVersion}, but version ${current} is in force now. Bring it up to date before accepting.`,
  );
}

