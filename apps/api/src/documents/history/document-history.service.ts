import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { DocumentsService } from '../documents.service';
import { DocumentHistoryRepository } from './document-history.repository';
import { contentAfter, currentBlocks, KeptUpdate, replayEdits } from './document-replay';
import type { AuthoredBlock, AuthorshipView, HistoryEdit, HistoryPage, HistoryPerson, HistoryPointView } from '@kinship/domain';

/** Edits per page of the history list. */
export const HISTORY_PAGE_SIZE = 30;
/** Documents whose replayed edits are kept in memory (a page after the first needs no replay). */
const CACHED_DOCUMENTS = 32;

/**
 * A document's history and authorship, for whoever may read the document (`can()`, through
 * DocumentsService.open: a counselor's notes are the counselor's alone).
 */
@Injectable()
export class DocumentHistoryService {
  /** Per document: its edits as replayed through its newest update then. Oldest entry first. */
  private readonly cache = new Map<string, { throughId: string; edits: HistoryEdit[] }>();

  constructor(
    private readonly documents: DocumentsService,
    private readonly history: DocumentHistoryRepository,
  ) {}

  /** Who wrote each part of the document as it is now. */
  async authorship(documentId: string, accountId: string): Promise<AuthorshipView> {
    await this.documents.open(documentId, accountId, 'read');
    const [pieces, owners] = await Promise.all([this.history.currentPieces(documentId), this.history.clientOwners(documentId)]);
    const blocks = currentBlocks(pieces, owners);
    return { blocks, people: await this.peopleIn(blocks, []) };
  }

  /** The document's edits, newest first, a page at a time (`before`: an edit id from the last page). */
  async list(documentId: string, accountId: string, before: string | null): Promise<HistoryPage> {
    await this.documents.open(documentId, accountId, 'read');
    const [edits, base] = await Promise.all([this.edits(documentId), this.history.base(documentId)]);
    const older = before === null ? edits : edits.filter((e) => BigInt(e.id) < BigInt(before));
    const page = older.slice(-HISTORY_PAGE_SIZE).reverse();
    return {
      edits: page,
      nextBefore: older.length > HISTORY_PAGE_SIZE ? page[page.length - 1]!.id : null,
      beginsAt: base ? base.takenAt.toISOString() : null,
      people: await this.peopleIn([], page),
    };
  }

  /** The document right after one edit, with what that edit added and removed marked. */
  async at(documentId: string, accountId: string, editId: string): Promise<HistoryPointView> {
    await this.documents.open(documentId, accountId, 'read');
    const edits = await this.edits(documentId);
    const index = edits.findIndex((e) => e.id === editId);
    if (index < 0) throw new DomainError('not_found', 'Edit was not found');
    const edit = edits[index]!;
    const firstId = index === 0 ? '0' : edits[index - 1]!.id;
    const [base, updates, owners] = await Promise.all([this.history.base(documentId), this.history.updates(documentId, edit.id), this.history.clientOwners(documentId)]);
    const earlier: KeptUpdate[] = [];
    const during: KeptUpdate[] = [];
    for (const u of updates) (BigInt(u.id) <= BigInt(firstId) ? earlier : during).push(u);
    const blocks = contentAfter(base?.state ?? null, earlier, during, owners);
    return { edit, blocks, people: await this.peopleIn(blocks, [edit]) };
  }

  /** Every edit of the document, oldest first: replayed once per newest update, then cached. */
  private async edits(documentId: string): Promise<HistoryEdit[]> {
    const lastId = await this.history.lastUpdateId(documentId);
    const cached = this.cache.get(documentId);
    if (cached && cached.throughId === lastId) {
      this.cache.delete(documentId);
      this.cache.set(documentId, cached);
      return cached.edits;
    }
    const [base, updates] = await Promise.all([this.history.base(documentId), this.history.updates(documentId, lastId)]);
    const edits = replayEdits(base?.state ?? null, updates);
    this.cache.set(documentId, { throughId: lastId, edits });
    if (this.cache.size > CACHED_DOCUMENTS) this.cache.delete(this.cache.keys().next().value!);
    return edits;
  }

  private async peopleIn(blocks: AuthoredBlock[], edits: HistoryEdit[]): Promise<HistoryPerson[]> {
    const ids = new Set<string>();
    for (const block of blocks) for (const run of block.runs) if (run.authorId) ids.add(run.authorId);
    for (const edit of edits) if (edit.authorId) ids.add(edit.authorId);
    return this.history.names([...ids]);
  }
}
