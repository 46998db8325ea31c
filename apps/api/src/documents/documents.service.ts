import { Injectable } from '@nestjs/common';
import { archiveNeedsBothPartners, can, DOCUMENT_KIND_INFO, leavesNoTrace, DOCUMENT_KINDS, DocumentKind, DocumentTarget, Role, visibleKinds } from '@kinship/domain/rules';
import { CreateDocumentBody, DocumentView, UpdateDocumentBody } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import type { Tx } from '../database/transactions';
import { DocumentChanges, DocumentRecord, DocumentsRepository } from './documents.repository';
import { AccessService } from '../workspaces/access.service';
import { Transactions } from '../database/transactions';
import { DocumentActivityRepository } from './activity/document-activity.repository';
import type { RequestOrigin } from '../common/request-origin';
import { AUDIT_DEED, DOCUMENT_CHANGED, DOCUMENT_OPENED, DocumentChanged, EventBus, InjectEventBus } from '../events/events';

export const toDocumentView = (d: DocumentRecord): DocumentView => ({
  id: d.id,
  workspaceId: d.workspaceId,
  kind: d.kind,
  title: d.title,
  archived: d.archivedAt !== null,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

export const toTarget = (d: DocumentRecord): DocumentTarget => ({
  kind: d.kind,
  archived: d.archivedAt !== null,
  sealed: d.sealedAt !== null,
  // An author-only kind (a draft) carries its author: `can()` lets no one else know of it until it is sealed.
  ...(DOCUMENT_KIND_INFO[d.kind].authorOnly ? { author: d.createdBy } : {}),
});

/** Document records (not their content: that is the sync server's). */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly access: AccessService,
    @InjectEventBus() private readonly events: EventBus,
    private readonly transactions: Transactions,
    private readonly activity: DocumentActivityRepository,
  ) {}

  async list(workspaceId: string, accountId: string): Promise<DocumentView[]> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    // Only the kinds this role may see are ever read from the database.
    const rows = await this.documents.listInWorkspace(workspaceId, visibleKinds(role));
    return rows.map(toDocumentView);
  }

  /**
   * Every document of the workspace this person may read (archived ones and proposals included),
   * for an export: only kinds their role may list are read from the database, and `can()` is asked
   * for each document.
   */
  async readableIn(workspaceId: string, accountId: string): Promise<DocumentRecord[]> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.view' });
    const kinds = DOCUMENT_KINDS.filter((kind) => can({ role }, { type: 'document.list', kind }));
    const rows = await this.documents.listInWorkspace(workspaceId, kinds);
    return rows.filter((d) => can({ role }, { type: 'document.read', document: toTarget(d) }));
  }

  async create(workspaceId: string, accountId: string, body: CreateDocumentBody): Promise<DocumentView> {
    await this.access.require(workspaceId, accountId, { type: 'document.create', kind: body.kind });
    const document = await this.documents.insert({ workspaceId, kind: body.kind, title: body.title, createdBy: accountId, updatedAt: new Date() });
    await this.events.emitAsync(AUDIT_DEED, { kind: 'document-created', accountId, workspaceId, documentId: document.id });
    return toDocumentView(document);
  }

  /**
   * A document made by the product rather than by a person (a live session's dialogue), inside the
   * caller's transaction. The caller has checked who may cause it.
   */
  createMadeBySession(workspaceId: string, accountId: string, kind: DocumentKind, title: string, tx: Tx): Promise<DocumentRecord> {
    return this.documents.insert({ workspaceId, kind, title, createdBy: accountId, updatedAt: new Date() }, tx);
  }

  /** The document's record, whoever asks (the caller checks who may know of it); null when there is none. */
  find(documentId: string): Promise<DocumentRecord | null> {
    return this.documents.findById(documentId);
  }

  /** Which of these documents belong to the workspace (no access check: the caller only closes sockets with it). */
  idsInWorkspace(workspaceId: string, documentIds: string[]): Promise<string[]> {
    return this.documents.idsInWorkspace(workspaceId, documentIds);
  }

  async get(documentId: string, accountId: string): Promise<DocumentView> {
    const { document } = await this.open(documentId, accountId, 'read');
    return toDocumentView(document);
  }

  async update(documentId: string, accountId: string, body: UpdateDocumentBody): Promise<DocumentView> {
    const { document } = await this.open(documentId, accountId, body.archived !== undefined ? 'archive' : 'rename');
    if (body.archived === true && archiveNeedsBothPartners(toTarget(document))) {
      throw new DomainError(
        'forbidden',
        'This agreement has a version in force: it is archived only by both partners. Ask to archive it, and the other partner confirms.',
      );
    }
    const changes: DocumentChanges = { updatedAt: new Date() };
    if (body.title !== undefined) changes.title = body.title;
    if (body.archived !== undefined) changes.archivedAt = body.archived ? (document.archivedAt ?? new Date()) : null;
    const before = { title: document.title, archived: document.archivedAt !== null };
    // The change and its record (who, when, the old and new title) commit together.
    const updated = await this.transactions.run(async (tx) => {
      const after = await this.documents.update(document, changes, tx);
      if (body.title !== undefined && body.title !== before.title) {
        await this.activity.record(tx, { documentId, accountId, action: 'renamed', oldTitle: before.title, newTitle: body.title });
      }
      if (body.archived !== undefined && body.archived !== before.archived) {
        await this.activity.record(tx, { documentId, accountId, action: body.archived ? 'archived' : 'restored', oldTitle: null, newTitle: after.title });
      }
      return after;
    });
    const event: DocumentChanged = { documentId, workspaceId: updated.workspaceId, target: toTarget(updated), revision: updated.revision };
    this.events.emit(DOCUMENT_CHANGED, event);
    const audited = { accountId, workspaceId: updated.workspaceId, documentId: updated.id };
    if (body.title !== undefined && body.title !== before.title) await this.events.emitAsync(AUDIT_DEED, { kind: 'document-renamed', ...audited });
    if (body.archived !== undefined && body.archived !== before.archived) await this.events.emitAsync(AUDIT_DEED, { kind: body.archived ? 'document-archived' : 'document-restored', ...audited });
    return toDocumentView(updated);
  }

  /**
   * Seals or unseals a document's content (a version in force, a closed proposal) inside the
   * caller's transaction; the caller announces the returned change once it has committed, so open
   * sync rooms refuse (or take) edits from the next frame.
   */
  async setSealed(document: DocumentRecord, sealed: boolean, tx: Tx): Promise<DocumentChanged> {
    const updated = await this.documents.update(document, { sealedAt: sealed ? (document.sealedAt ?? new Date()) : null }, tx);
    return { documentId: updated.id, workspaceId: updated.workspaceId, target: toTarget(updated), revision: updated.revision };
  }

  /** Archives a document whose archive both partners agreed to (the caller checked it), inside its transaction. */
  async archiveAgreed(document: DocumentRecord, tx: Tx): Promise<DocumentChanged> {
    const updated = await this.documents.update(document, { archivedAt: document.archivedAt ?? new Date(), updatedAt: new Date() }, tx);
    return { documentId: updated.id, workspaceId: updated.workspaceId, target: toTarget(updated), revision: updated.revision };
  }

  /** Tells open rooms and listeners of a record change that has committed. */
  announce(change: DocumentChanged): void {
    this.events.emit(DOCUMENT_CHANGED, change);
  }

  /**
   * The document's record, read inside the caller's transaction and locked until it ends. FOR NO
   * KEY UPDATE: it excludes other changes to the record and the guarded appends' share lock, but
   * not the key-share locks that inserts referencing the document take (a notification about it,
   * say), which would otherwise deadlock with a transaction that locks two documents in turn.
   */
  async lockForChange(documentId: string, tx: Tx): Promise<DocumentRecord | null> {
    return this.documents.lockForChange(documentId, tx);
  }

  /**
   * Of these (account, document) pairs, tells which account may no longer read its document
   * (membership ended, role changed, document gone). The sync server asks this for its open
   * sockets; the rule is `can()`, as on every other path.
   */
  async unreadable(pairs: { accountId: string; documentId: string }[]): Promise<(accountId: string, documentId: string) => boolean> {
    const key = (accountId: string, documentId: string) => `${accountId} ${documentId}`;
    const lost = new Set(pairs.map((p) => key(p.accountId, p.documentId)));
    if (pairs.length > 0) {
      for (const row of await this.documents.rolesOn(pairs)) {
        const document = { kind: row.kind, archived: row.archived, sealed: row.sealed, ...(DOCUMENT_KIND_INFO[row.kind].authorOnly ? { author: row.created_by } : {}) };
        if (can({ role: row.role, accountId: row.account_id }, { type: 'document.read', document })) lost.delete(key(row.account_id, row.document_id));
      }
    }
    // Only pairs that were asked about can be called lost: a connection opened since stays.
    return (accountId, documentId) => lost.has(key(accountId, documentId));
  }

  /**
   * The document and the caller's role, when the caller may do `intent` with it. Used by REST and
   * by the sync server's upgrade. Unknown documents and strangers get the same "not found".
   * Opening to read is recorded in the audit trail (thinned there), from `origin` when given (a
   * sync upgrade), else from the request being served.
   */
  async open(documentId: string, accountId: string, intent: 'read' | 'rename' | 'archive', origin?: RequestOrigin): Promise<{ document: DocumentRecord; role: Role }> {
    const document = await this.documents.findById(documentId);
    if (!document) throw new DomainError('not_found', 'Document was not found');
    // An author-only document (a draft before its reveal) does not exist for anyone but its author:
    // the same "not found", with the same words, as a document that was never made.
    if (DOCUMENT_KIND_INFO[document.kind].authorOnly) {
      const role = await this.access.roleIn(document.workspaceId, accountId);
      if (!can({ role, accountId }, { type: 'document.read', document: toTarget(document) })) throw new DomainError('not_found', 'Document was not found');
    }
    const role = await this.access.require(document.workspaceId, accountId, { type: `document.${intent}`, document: toTarget(document) }, 'Document');
    // A draft before its reveal is read without a trace: no audit entry (every member's own entries show the chain's numbers).
    if (intent === 'read' && !leavesNoTrace(toTarget(document))) this.events.emit(DOCUMENT_OPENED, { accountId, documentId: document.id, workspaceId: document.workspaceId, origin });
    return { document, role };
  }
}
