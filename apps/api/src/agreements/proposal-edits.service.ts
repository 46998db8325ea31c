import { Injectable, Logger } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { SyncService } from '../sync/sync.service';
import { itemsOf, sameItem, stateHash } from './agreement-content';
import { AgreementsRepository } from './agreements.repository';
import { acceptedNow, withdrawalReason } from './agreement-views';
import { AGREEMENT_ACTIVITY, AgreementActivity, DOCUMENT_EDITED, DocumentEdited, EventBus, InjectEventBus, OnEvent } from '../events/events';

/**
 * Watches accepted edits to proposals (the sync server's `document.edited`): an acceptance given
 * to another state than the proposal's state now is withdrawn, with why; a conflict whose item
 * was edited since the proposal was brought up to date is resolved "by editing". Edits to one
 * proposal are looked at one pass at a time; edits arriving during a pass make one more pass.
 */
@Injectable()
export class ProposalEditsService {
  private readonly logger = new Logger('Proposals');
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Map<string, string>();

  constructor(
    private readonly repository: AgreementsRepository,
    private readonly sync: SyncService,
    private readonly transactions: Transactions,
    @InjectEventBus() private readonly events: EventBus,
  ) {}

  @OnEvent(DOCUMENT_EDITED)
  onEdited(edit: DocumentEdited): void {
    if (edit.kind !== 'proposal') return;
    if (this.running.has(edit.documentId)) {
      this.again.set(edit.documentId, edit.accountId);
      return;
    }
    this.start(edit.documentId, edit.accountId);
  }

  /** Resolves once every pass started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private start(proposalId: string, editorId: string): void {
    const pass = this.review(proposalId, editorId)
      .catch((error) => this.logger.warn(`Reviewing an edit to proposal ${proposalId} failed: ${String(error)}`))
      .finally(() => {
        this.running.delete(proposalId);
        const next = this.again.get(proposalId);
        if (next !== undefined) {
          this.again.delete(proposalId);
          this.start(proposalId, next);
        }
      });
    this.running.set(proposalId, pass);
  }

  private async review(proposalId: string, editorId: string): Promise<void> {
    const row = await this.repository.findProposal(proposalId);
    if (!row || row.status !== 'open') return;
    const state = await this.sync.storedState(proposalId);
    const hash = stateHash(state);
    const items = itemsOf(state);
    const editor = (editorId ? (await this.repository.names([editorId])).get(editorId) : undefined) ?? 'Someone';
    const withdrawn: string[] = [];
    await this.transactions.run(async (tx) => {
      const locked = await this.repository.lockProposal(proposalId, tx);
      if (!locked || locked.status !== 'open') return;
      for (const d of acceptedNow(await this.repository.decisions(proposalId, tx))) {
        if (d.stateHash === hash) continue;
        await this.repository.withdrawAcceptance(d.id, withdrawalReason(editor, d.name, d.items, items), tx);
        withdrawn.push(d.accountId);
      }
      for (const c of await this.repository.conflicts(proposalId, tx)) {
        if (c.resolvedAt !== null) continue;
        const now = items.find((i) => i.id === c.itemId);
        if (!sameItem(now, c.mergedItem ?? undefined)) await this.repository.resolveConflict(proposalId, c.itemId, editorId, 'edited', tx);
      }
    });
    // Whose acceptance the edit withdrew, told to everyone but the editor (a pass that knows no editor tells nobody).
    if (!editorId) return;
    for (const about of withdrawn) {
      const activity: AgreementActivity = { kind: 'proposal.withdrawn', actorId: editorId, agreementId: row.agreementId, proposalId, about };
      await this.events.emitAsync(AGREEMENT_ACTIVITY, activity).catch(() => undefined);
    }
  }
}
