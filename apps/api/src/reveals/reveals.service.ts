import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { can, revealRefusal } from '@kinship/domain/rules';
import type { OpenRevealPromptBody, RevealedDraftView, RevealPromptView, RevealsView } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { Transactions, type Tx } from '../database/transactions';
import type { DocumentRecord } from '../documents/documents.repository';
import { DocumentsService, toTarget } from '../documents/documents.service';
import { authoredBlocks } from '../documents/history/document-replay';
import type { DocumentChanged } from '../events/events';
import { LiveDoor } from '../realtime/live-door.gateway';
import { SyncService } from '../sync/sync.service';
import { AccessService } from '../workspaces/access.service';
import { RevealsRepository, StoredDraft, StoredPrompt } from './reveals.repository';

const PROMPT_NOT_FOUND = 'Prompt was not found';

/** A prompt as a records download holds it: its text, and the drafts of it this person may read. */
export interface RevealRecord {
  id: string;
  text: string;
  state: StoredPrompt['state'];
  openedAt: Date;
  closedAt: Date | null;
  drafts: { accountId: string; name: string; mine: boolean; document: DocumentRecord }[];
}

/** A draft's text as it stands, block by block, blank blocks left out. */
function paragraphsOf(state: Uint8Array): string[] {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return authoredBlocks(doc, new Map())
      .map((block) => block.runs.map((run) => run.text).join(''))
      .filter((text) => text.trim().length > 0);
  } finally {
    doc.destroy();
  }
}

/**
 * Drafts revealed together. Before a reveal, a partner's draft is theirs alone: what the other
 * partner reads here holds their own draft and nothing of the other's (its state, done or not, ids
 * or times), and writing or marking done sends nothing to them: the counselor alone hears of a
 * done / not done (`reveal:changed` to the counselor's sockets). The counselor sees only done / not
 * done, never a draft's text, until the reveal. The reveal seals both drafts (read-only, through
 * the documents' seal, refused on the next sync frame) and is told to both partners and the
 * counselor in one `/live` emit.
 */
@Injectable()
export class RevealsService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: RevealsRepository,
    private readonly transactions: Transactions,
    private readonly documents: DocumentsService,
    private readonly sync: SyncService,
    private readonly door: LiveDoor,
  ) {}

  async view(workspaceId: string, accountId: string): Promise<RevealsView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    let prompts = await this.repository.prompts(workspaceId);
    if (role === 'partner') {
      // A partner who joined after a prompt opened gets their draft on first look.
      const open = prompts.filter((p) => p.state === 'open').map((p) => p.id);
      const have = new Set((await this.repository.drafts(open, accountId)).map((d) => d.promptId));
      const missing = open.filter((id) => !have.has(id));
      if (missing.length > 0) {
        for (const promptId of missing) {
          // Under the prompt's lock, as every other change to its drafts: two first looks at once make one draft.
          await this.transactions.run(async (tx) => {
            const prompt = await this.repository.lockPrompt(tx, workspaceId, promptId);
            if (prompt?.state === 'open') await this.ensureDraft(tx, workspaceId, promptId, accountId, prompts.find((p) => p.id === promptId)!.text);
          });
        }
        prompts = await this.repository.prompts(workspaceId);
      }
    }
    const ids = prompts.map((p) => p.id);
    // A partner's query reads their own drafts only; every draft is read for the counselor's statuses and for revealed prompts.
    const mine = role === 'partner' ? await this.repository.drafts(ids, accountId) : [];
    const everyone = role === 'counselor' ? await this.repository.drafts(ids, null) : await this.repository.drafts(prompts.filter((p) => p.state === 'revealed').map((p) => p.id), null);
    const partners = role === 'counselor' ? await this.repository.partners(workspaceId) : [];
    const views: RevealPromptView[] = [];
    for (const prompt of prompts) {
      const own = mine.find((d) => d.promptId === prompt.id);
      const drafts = everyone.filter((d) => d.promptId === prompt.id);
      views.push({
        id: prompt.id,
        text: prompt.text,
        state: prompt.state,
        openedAt: prompt.openedAt.toISOString(),
        closedAt: prompt.closedAt?.toISOString() ?? null,
        mine: own ? { documentId: own.documentId, done: own.done } : null,
        statuses: role === 'counselor' ? this.statuses(prompt, partners, drafts) : null,
        revealed: prompt.state === 'revealed' ? await this.revealed(drafts) : null,
      });
    }
    return { prompts: views };
  }

  /**
   * What a records download holds of the drafts revealed together: every prompt, and of its drafts
   * only those `can()` lets this person read (`document.read` with their account id: their own,
   * before and after the reveal; another's only once revealed, sealed). So the counselor's holds
   * no draft before its reveal. Reads only: no draft is made, nothing is told.
   */
  async records(workspaceId: string, accountId: string): Promise<RevealRecord[]> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    const prompts = await this.repository.prompts(workspaceId);
    const drafts = await this.repository.drafts(prompts.map((p) => p.id), null);
    const out: RevealRecord[] = [];
    for (const prompt of prompts) {
      const readable: RevealRecord['drafts'] = [];
      for (const draft of drafts.filter((d) => d.promptId === prompt.id)) {
        const document = await this.documents.find(draft.documentId);
        if (document && can({ role, accountId }, { type: 'document.read', document: toTarget(document) })) {
          readable.push({ accountId: draft.accountId, name: draft.name, mine: draft.accountId === accountId, document });
        }
      }
      out.push({ id: prompt.id, text: prompt.text, state: prompt.state, openedAt: prompt.openedAt, closedAt: prompt.closedAt, drafts: readable });
    }
    return out;
  }

  /** The counselor opens a prompt: each partner gets their own draft (a document only they may open). */
  async open(workspaceId: string, accountId: string, body: OpenRevealPromptBody): Promise<RevealsView> {
    await this.access.require(workspaceId, accountId, { type: 'reveal.moderate' });
    await this.transactions.run(async (tx) => {
      const promptId = await this.repository.insertPrompt(tx, workspaceId, body.text, accountId);
      for (const partner of await this.repository.partners(workspaceId, tx)) await this.ensureDraft(tx, workspaceId, promptId, partner.accountId, body.text);
    });
    this.door.send({ workspace: workspaceId }, 'reveal:changed', { workspaceId });
    return this.view(workspaceId, accountId);
  }

  /** The counselor withdraws an open prompt: its drafts are kept as they were (archived), each still its author's alone. */
  async withdraw(workspaceId: string, promptId: string, accountId: string): Promise<RevealsView> {
    await this.access.require(workspaceId, accountId, { type: 'reveal.moderate' });
    const changes = await this.transactions.run(async (tx) => {
      const prompt = await this.requirePrompt(tx, workspaceId, promptId);
      if (prompt.state !== 'open') throw new DomainError('conflict', prompt.state === 'revealed' ? 'These drafts have already been revealed' : 'This prompt was already withdrawn');
      await this.repository.setState(tx, promptId, 'withdrawn');
      const out: DocumentChanged[] = [];
      for (const draft of await this.repository.drafts([promptId], null, tx)) {
        const document = await this.documents.lockForChange(draft.documentId, tx);
        if (document) out.push(await this.documents.archiveAgreed(document, tx));
      }
      return out;
    });
    for (const change of changes) this.documents.announce(change);
    this.door.send({ workspace: workspaceId }, 'reveal:changed', { workspaceId });
    return this.view(workspaceId, accountId);
  }

  /** A partner marks their own draft done (or not yet) while the prompt is open; it must hold some words to be done. */
  async markDone(workspaceId: string, promptId: string, accountId: string, done: boolean): Promise<RevealPromptView> {
    await this.access.require(workspaceId, accountId, { type: 'reveal.draft' });
    const found = (await this.repository.prompts(workspaceId)).find((p) => p.id === promptId);
    if (!found) throw new DomainError('not_found', PROMPT_NOT_FOUND);
    // Read before the transaction: no other connection is waited on while the prompt's row is locked.
    if (done) {
      const draft = (await this.repository.drafts([promptId], accountId))[0];
      if (!draft || paragraphsOf(await this.sync.storedState(draft.documentId)).length === 0) {
        throw new DomainError('invalid', 'Write something in your draft before you mark it done', 'done');
      }
    }
    await this.transactions.run(async (tx) => {
      const prompt = await this.requirePrompt(tx, workspaceId, promptId);
      if (prompt.state !== 'open') throw new DomainError('conflict', prompt.state === 'revealed' ? 'These drafts have already been revealed' : 'This prompt was withdrawn');
      await this.ensureDraft(tx, workspaceId, promptId, accountId, found.text);
      await this.repository.setDone(tx, promptId, accountId, done);
    });
    // The counselor alone hears of it: the other partner's sockets are never told.
    this.door.send({ workspace: workspaceId, role: 'counselor' }, 'reveal:changed', { workspaceId });
    const view = (await this.view(workspaceId, accountId)).prompts.find((p) => p.id === promptId);
    return view!;
  }

  /** The counselor reveals a prompt's drafts: only once both partners marked theirs done. Both are sealed and told at once. */
  async reveal(workspaceId: string, promptId: string, accountId: string): Promise<RevealsView> {
    await this.access.require(workspaceId, accountId, { type: 'reveal.moderate' });
    const { changes, people } = await this.transactions.run(async (tx) => {
      const prompt = await this.requirePrompt(tx, workspaceId, promptId);
      const partners = await this.repository.partners(workspaceId, tx);
      const drafts = await this.repository.drafts([promptId], null, tx);
      const refusal = revealRefusal(
        prompt.state,
        partners.map((p) => p.accountId),
        drafts,
      );
      if (refusal) throw new DomainError('conflict', refusal);
      await this.repository.setState(tx, promptId, 'revealed');
      const out: DocumentChanged[] = [];
      for (const draft of drafts) {
        const document = await this.documents.lockForChange(draft.documentId, tx);
        if (document) out.push(await this.documents.setSealed(document, true, tx));
      }
      return { changes: out, people: partners.map((p) => p.accountId) };
    });
    for (const change of changes) this.documents.announce(change);
    // One emit, to both partners and the counselor who revealed: every socket each of them has open.
    this.door.send([...people, accountId].map((person) => ({ person })), 'reveal:revealed', { workspaceId, promptId });
    return this.view(workspaceId, accountId);
  }

  private async requirePrompt(tx: Tx, workspaceId: string, promptId: string): Promise<{ state: StoredPrompt['state'] }> {
    const prompt = await this.repository.lockPrompt(tx, workspaceId, promptId);
    if (!prompt) throw new DomainError('not_found', PROMPT_NOT_FOUND);
    return prompt;
  }

  /** The partner's draft for the prompt, made (a 'draft' document, its author the partner) if they have none yet. */
  private async ensureDraft(tx: Tx, workspaceId: string, promptId: string, accountId: string, text: string): Promise<StoredDraft> {
    const existing = (await this.repository.drafts([promptId], accountId, tx))[0];
    if (existing) return existing;
    const document = await this.documents.createMadeBySession(workspaceId, accountId, 'draft', text.slice(0, 200), tx);
    await this.repository.insertDraft(tx, promptId, accountId, document.id);
    return { promptId, accountId, name: '', documentId: document.id, done: false };
  }

  private statuses(prompt: StoredPrompt, partners: { accountId: string; name: string }[], drafts: StoredDraft[]): RevealPromptView['statuses'] {
    const people = prompt.state === 'open' ? partners : drafts.map((d) => ({ accountId: d.accountId, name: d.name }));
    return people.map((p) => ({ accountId: p.accountId, name: p.name, done: drafts.some((d) => d.accountId === p.accountId && d.done) }));
  }

  private async revealed(drafts: StoredDraft[]): Promise<RevealedDraftView[]> {
    return Promise.all(drafts.map(async (d) => ({ accountId: d.accountId, name: d.name, documentId: d.documentId, paragraphs: paragraphsOf(await this.sync.storedState(d.documentId)) })));
  }
}
