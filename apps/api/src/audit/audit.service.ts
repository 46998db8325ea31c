import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { can } from '@kinship/domain/rules';
import { AUDIT_KIND_LABELS, AuditChainReport, AuditCsvQuery, AuditEntryView, AuditPage, AuditQuery, MyAuditQuery } from '@kinship/domain/wire';
import { AccessService } from '../workspaces/access.service';
import { ChainHead, verifyChain } from './audit-chain';
import type { EditObserver } from '../sync/edit-observer';
import { ContentCipher, contexts } from '../encryption/content-cipher';
import { RequestOrigin, currentOrigin, NO_ORIGIN } from '../common/request-origin';
import { AuditFilter, AuditRepository, AuditRow } from './audit.repository';
import { AUDIT_DEED, AuditDeed, DOCUMENT_OPENED, DocumentOpened, MEMBERSHIP_ENDED, MembershipEnded, OnEvent, LOGIN_ENDED, LOGIN_TIMED_OUT, LoginEnded, LoginTimedOut } from '../events/events';

/** Someone's edits to one document, for telling one burst from the next. */
interface Burst {
  workspaceId: string;
  /** When the last edit arrived (0: none yet, only admitted). */
  lastEditAt: number;
  /** When the connection was admitted or the last edit arrived: stale bursts are forgotten. */
  touchedAt: number;
  origin: RequestOrigin;
}

/** The CSV's columns, in order. */
const CSV_COLUMNS = ['Entry', 'When (UTC)', 'What', 'Who', 'Account id', 'Email typed', 'Document', 'Document id', 'Invite id', 'Member', 'Address', 'Device'];
const CSV_MAX_ENTRIES = 100_000;
const CSV_BATCH = 1000;
const MAX_EMAIL = 320;

/**
 * The audit trail: every login, logout and failed login, every read of and change to a document,
 * every invite and membership change, with who, when, from which address and device, appended to
 * one hash chain (`audit_entry`). Features emit `AUDIT_DEED` and `DOCUMENT_OPENED` (the request's
 * address and device are taken from the request being served); the sync server reports admissions
 * and accepted edits to its `EditObserver` (this service), which are thinned here: a read at most once per person and document every `readWindowMs`, an
 * edit once per burst (edits less than `editGapMs` apart). Writing an entry never fails what the
 * person did: a failure is logged as an error.
 */
@Injectable()
export class AuditService implements OnModuleDestroy, EditObserver {
  private readonly logger = new Logger('Audit');
  /** A read of the same document by the same person this soon after the last is not recorded again. */
  readWindowMs = 5 * 60_000;
  /** Edits closer together than this are one burst, recorded once. */
  editGapMs = 2 * 60_000;
  /** documentId → accountId → burst. Nested maps, so the sync hot path builds no key strings. */
  private readonly bursts = new Map<string, Map<string, Burst>>();
  /** documentId → accountId → when this process last recorded a read. */
  private readonly recentReads = new Map<string, Map<string, number>>();
  private readonly sweepTimer: NodeJS.Timeout;
  /** Appends not yet settled (tests and shutdown wait for them). */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly repository: AuditRepository,
    private readonly access: AccessService,
    private readonly cipher: ContentCipher,
  ) {
    this.sweepTimer = setInterval(() => this.forgetStaleBursts(), 60_000);
    this.sweepTimer.unref();
  }

  /** Appends one entry; the address and device are the current request's unless given. Never throws. */
  async record(deed: AuditDeed, origin: RequestOrigin = currentOrigin()): Promise<void> {
    await this.append(deed, origin);
  }

  /**
   * A document was opened (a REST read, or a sync connection admitted): recorded unless this person
   * read it within `readWindowMs`. This process remembers its own recent reads, so a page that
   * polls costs no database round trip; across processes the check under the chain's lock decides.
   */
  async documentRead(accountId: string, documentId: string, workspaceId: string, origin: RequestOrigin = currentOrigin()): Promise<void> {
    const now = Date.now();
    let forDocument = this.recentReads.get(documentId);
    if (!forDocument) this.recentReads.set(documentId, (forDocument = new Map()));
    const last = forDocument.get(accountId);
    if (last !== undefined && now - last < this.readWindowMs) return;
    forDocument.set(accountId, now);
    await this.append({ kind: 'document-read', accountId, documentId, workspaceId }, origin, this.readWindowMs);
  }

  /**
   * A sync connection was admitted (its read was recorded when the document was opened): remembers
   * where the connection came from for the edits that follow (the sync server's edits carry no request).
   */
  syncAdmitted(accountId: string, documentId: string, workspaceId: string, origin: RequestOrigin): void {
    const now = Date.now();
    let forDocument = this.bursts.get(documentId);
    if (!forDocument) this.bursts.set(documentId, (forDocument = new Map()));
    const burst = forDocument.get(accountId);
    if (burst) {
      burst.origin = origin;
      burst.touchedAt = now;
    } else {
      forDocument.set(accountId, { workspaceId, lastEditAt: 0, touchedAt: now, origin });
    }
  }

  /**
   * An edit the sync server accepted. On the hot path: synchronous, and allocates nothing unless
   * this edit starts a burst (then one entry is appended in the background).
   */
  edited(accountId: string | null, documentId: string, workspaceId: string): void {
    if (accountId === null) return;
    const now = Date.now();
    let forDocument = this.bursts.get(documentId);
    if (!forDocument) this.bursts.set(documentId, (forDocument = new Map()));
    let burst = forDocument.get(accountId);
    if (!burst) forDocument.set(accountId, (burst = { workspaceId, lastEditAt: 0, touchedAt: now, origin: NO_ORIGIN }));
    const starts = now - burst.lastEditAt >= this.editGapMs;
    burst.lastEditAt = now;
    burst.touchedAt = now;
    if (starts) void this.append({ kind: 'document-edited', accountId, documentId, workspaceId }, burst.origin);
  }

  /** A deed a feature reported (see `AUDIT_DEED`), from the request being served. */
  @OnEvent(AUDIT_DEED)
  onDeed(deed: AuditDeed): Promise<void> {
    return this.record(deed);
  }

  /** A document opened to read (see `documentRead`). */
  @OnEvent(DOCUMENT_OPENED)
  onDocumentOpened(event: DocumentOpened): Promise<void> {
    return this.documentRead(event.accountId, event.documentId, event.workspaceId, event.origin);
  }

  /** A logout (or any early end of a session) is recorded once, where it happened. */
  @OnEvent(LOGIN_ENDED)
  onSessionEnded(event: LoginEnded): Promise<void> {
    return this.record({ kind: 'logout', accountId: event.accountId });
  }

  /** A session whose time ran out (idle, or its absolute end), with the device and address it was opened from. */
  @OnEvent(LOGIN_TIMED_OUT)
  onSessionTimedOut(event: LoginTimedOut): Promise<void> {
    return this.record({ kind: 'session-timed-out', accountId: event.accountId }, { ip: event.address, device: event.userAgent });
  }

  /** A membership ended (a partner removed by the counselor, a partner who left, an account deleted). */
  @OnEvent(MEMBERSHIP_ENDED)
  onMembershipEnded(event: MembershipEnded): Promise<void> {
    return this.record({ kind: 'membership-removed', accountId: event.byAccountId, workspaceId: event.workspaceId, subjectId: event.accountId });
  }

  /** Resolves once every entry started so far has been written (or has failed). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** The workspace's trail, newest first: the counselor's alone (`can`: workspace.audit). */
  async workspaceTrail(workspaceId: string, accountId: string, query: AuditQuery): Promise<AuditPage> {
    await this.access.require(workspaceId, accountId, { type: 'workspace.audit' });
    const rows = await this.titlesOpened(await this.repository.inWorkspace(workspaceId, query, query.limit + 1));
    return this.page(rows, query.limit, (r) => toView(r, true));
  }

  /** The caller's own entries, newest first, and the failed logins typed with their email. */
  async mine(accountId: string, email: string, query: MyAuditQuery): Promise<AuditPage> {
    const rows = await this.titlesOpened(await this.repository.ofAccount(accountId, email, query, query.limit + 1));
    // A document's title is shown only while the person may read that document (the one rule, `can`).
    return this.page(rows, query.limit, (r) => toView(r, r.documentKind !== null && can({ role: r.readerRole }, { type: 'document.read', document: { kind: r.documentKind, archived: false } })));
  }

  /** The workspace's trail (every entry matching the filters, newest first) as CSV; cells that a spreadsheet would run as a formula are quoted. */
  async workspaceCsv(workspaceId: string, accountId: string, query: AuditCsvQuery): Promise<string> {
    await this.access.require(workspaceId, accountId, { type: 'workspace.audit' });
    const rows: string[][] = [];
    let filter: AuditFilter = { ...query };
    while (rows.length < CSV_MAX_ENTRIES) {
      const batch = await this.titlesOpened(await this.repository.inWorkspace(workspaceId, filter, CSV_BATCH));
      for (const r of batch) rows.push(csvRow(toView(r, true)));
      if (batch.length < CSV_BATCH) break;
      filter = { ...query, before: batch[batch.length - 1]!.id };
    }
    return stringify([CSV_COLUMNS, ...rows], { escape_formulas: true, record_delimiter: 'windows' });
  }

  /** Walks the whole chain to its recorded head (see `verifyChain`): OK, or the first entry that does not hold. */
  checkChain(witnessed: ChainHead[] = []): Promise<AuditChainReport> {
    return verifyChain(this.repository, witnessed);
  }

  onModuleDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
    return this.settled();
  }

  private append(deed: AuditDeed, origin: RequestOrigin, unlessWithinMs?: number): Promise<void> {
    const lower = (id: string | null | undefined) => (id ? id.toLowerCase() : null);
    const written = this.repository
      .append(
        {
          at: new Date(),
          kind: deed.kind,
          accountId: lower(deed.accountId),
          email: deed.email ? deed.email.slice(0, MAX_EMAIL) : null,
          workspaceId: lower(deed.workspaceId),
          documentId: lower(deed.documentId),
          inviteId: lower(deed.inviteId),
          subjectId: lower(deed.subjectId),
          ip: origin.ip ? origin.ip.slice(0, 100) : null,
          device: origin.device,
        },
        unlessWithinMs,
      )
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`Writing the audit entry (${deed.kind}) failed: ${String(error)}`),
      );
    this.pending.add(written);
    void written.finally(() => this.pending.delete(written));
    return written;
  }

  /** Titles kept encrypted at rest (counselor notes) are decrypted for the view; the rest pass as they are. */
  private async titlesOpened(rows: AuditRow[]): Promise<AuditRow[]> {
    for (const r of rows) {
      if (r.documentTitle && r.documentId && r.workspaceId) r.documentTitle = await this.cipher.decryptText(r.workspaceId, r.documentTitle, contexts.documentTitle(r.documentId));
    }
    return rows;
  }

  private page(rows: AuditRow[], limit: number, view: (r: AuditRow) => AuditEntryView): AuditPage {
    const entries = rows.slice(0, limit).map(view);
    return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
  }

  private forgetStaleBursts(): void {
    const readsBefore = Date.now() - this.readWindowMs;
    for (const [documentId, forDocument] of this.recentReads) {
      for (const [accountId, at] of forDocument) if (at < readsBefore) forDocument.delete(accountId);
      if (forDocument.size === 0) this.recentReads.delete(documentId);
    }
    const staleBefore = Date.now() - Math.max(this.editGapMs, 30 * 60_000);
    for (const [documentId, forDocument] of this.bursts) {
      for (const [accountId, burst] of forDocument) if (burst.touchedAt < staleBefore) forDocument.delete(accountId);
      if (forDocument.size === 0) this.bursts.delete(documentId);
    }
  }
}

function toView(r: AuditRow, showTitle: boolean): AuditEntryView {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    actor: r.accountId ? { accountId: r.accountId, name: r.actorName ?? 'A deleted account' } : null,
    email: r.email,
    workspaceId: r.workspaceId,
    document: r.documentId ? { id: r.documentId, title: showTitle ? r.documentTitle : null } : null,
    inviteId: r.inviteId,
    subject: r.subjectId ? { accountId: r.subjectId, name: r.subjectName ?? 'A deleted account' } : null,
    ip: r.ip,
    device: r.device,
  };
}

function csvRow(e: AuditEntryView): string[] {
  return [
    e.id,
    e.at,
    AUDIT_KIND_LABELS[e.kind],
    e.actor?.name ?? '',
    e.actor?.accountId ?? '',
    e.email ?? '',
    e.document?.title ?? '',
    e.document?.id ?? '',
    e.inviteId ?? '',
    e.subject?.name ?? '',
    e.ip ?? '',
    e.device ?? '',
  ];
}
