import type { IncomingMessage, Server } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SyncCloseCode } from '@kinship/domain';
import { APP_CONFIG, AppConfig } from '../config/env';
import { DomainError } from '../common/domain-error';
import { sessionTokenFrom } from '../accounts/auth.guard';
import { isUuid } from '../common/uuid-param';
import { isSameSite } from '../common/same-site';
import { SessionsService } from '../accounts/sessions.service';
import { DocumentsService, toTarget } from '../documents/documents.service';
import { LiveSessionCache } from '../live-sessions/live-session-cache';
import type { Admission, DocumentRecord } from './ports';
import { Refusal, SyncServer } from './sync-server';
import { CLOSE_CODE_FOR } from './close-codes';
import { PostgresDocStore } from './adapters/postgres-doc-store';
import { LocalFanOut } from './adapters/local-fan-out';
import { RedisFanOut } from './adapters/redis-fan-out';
import { ContentCipher, Queryable } from '../encryption/content-cipher';
import { stateOfPieces } from './stored-pieces';
import { LiveWriteGate } from './adapters/live-write-gate';
import { UpgradeOrigins } from '../common/request-origin';
import { EDIT_OBSERVER, EditObserver } from './edit-observer';
import { DOCUMENT_CHANGED, DOCUMENT_EDITED, DocumentChanged, DocumentEdited, EventBus, InjectEventBus, MEMBERSHIP_ENDED, MembershipEnded, OnEvent, SESSION_ENDED, SessionEnded } from '../events/events';

/** How often open sockets are checked against their sessions and memberships. */
const ACCESS_SWEEP_MS = 500;
const SESSION_ENDED_REASON = 'your session has ended; please log in';

/**
 * Nest's side of the sync server: builds it over PostgreSQL, the local fan-out and the role
 * rules, admits connections with the session cookie, keeps open rooms told of record changes,
 * and closes sockets whose session or access has ended.
 */
@Injectable()
export class SyncService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sync');
  readonly store: PostgresDocStore;
  readonly server: SyncServer;
  private readonly fanOut: LocalFanOut | RedisFanOut;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly documents: DocumentsService,
    private readonly liveSessions: LiveSessionCache,
    @InjectEventBus() private readonly events: EventBus,
    @Inject(EDIT_OBSERVER) private readonly observer: EditObserver,
    private readonly origins: UpgradeOrigins,
    cipher: ContentCipher,
  ) {
    const sync = config.sync;
    this.store = new PostgresDocStore(dataSource, sync.compactThreshold, cipher);
    // With Redis, any process serves any document: rooms of one document share their traffic.
    this.fanOut = config.redisUrl ? new RedisFanOut(config.redisUrl) : new LocalFanOut();
    this.server = new SyncServer((req, id) => this.admit(req, id), this.store, this.fanOut, new LiveWriteGate(liveSessions), {
      onEdited: (documentId, record, peer) => this.edited(documentId, record, peer.accountId),
      maxFrameBytes: sync.maxFrameBytes,
      unloadDelayMs: sync.unloadDelayMs,
      maxBufferedBytes: sync.maxBufferedBytes,
      maxBacklog: sync.maxBacklog,
      limits: { maxItems: sync.maxUpdateItems, maxClients: sync.maxUpdateClients, maxAwarenessBytes: sync.maxAwarenessBytes },
      quota: { documentBytes: sync.documentQuotaBytes, workspaceBytes: sync.workspaceQuotaBytes },
    });
  }

  /**
   * Serves /sync/<documentId> on the API's HTTP server. Upgrades under `servedElsewhere` (the live
   * session's socket.io path) are left to their own listener; any other upgrade is closed.
   */
  mount(httpServer: Server, servedElsewhere: string[] = []): void {
    const elsewhere = servedElsewhere.map((path) => `${path.replace(/\/+$/, '')}/`);
    httpServer.on('upgrade', (request, socket, head) => {
      // Nothing a client sends may throw out of this listener: that would end the process.
      try {
        if (this.server.handleUpgrade(request, socket, head)) return;
        const target = request.url ?? '';
        if (!elsewhere.some((prefix) => target.startsWith(prefix))) socket.destroy();
      } catch (error) {
        this.logger.warn(`Refused a malformed upgrade: ${String(error)}`);
        socket.destroy();
      }
    });
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), ACCESS_SWEEP_MS);
    this.sweepTimer.unref();
  }

  private async admit(request: IncomingMessage, documentId: string): Promise<Admission> {
    if (!isUuid(documentId)) throw new Refusal(SyncCloseCode.notFound, 'no such document');
    if (!this.sameOrigin(request)) throw new Refusal(SyncCloseCode.forbidden, 'cross-site connection refused');
    const session = await this.sessions.resolve(sessionTokenFrom(request.headers.cookie));
    if (!session) throw new Refusal(SyncCloseCode.unauthenticated, 'please log in');
    try {
      const origin = this.origins.of(request);
      const { document, role } = await this.documents.open(documentId.toLowerCase(), session.id, 'read', origin);
      // The write gate decides every frame at once: the workspace's live session is read before the first.
      await this.liveSessions.get(document.workspaceId);
      this.observer.syncAdmitted(session.id, document.id, document.workspaceId, origin);
      return {
        peer: { accountId: session.id, name: session.displayName, role, sessionId: session.tokenHash },
        documentId: document.id,
        record: { workspaceId: document.workspaceId, target: toTarget(document), revision: document.revision },
      };
    } catch (error) {
      if (error instanceof DomainError) throw new Refusal(CLOSE_CODE_FOR[error.code], error.message);
      throw error;
    }
  }

  /** Browsers send Origin on WebSocket upgrades; one from another site is refused (no cross-site hijacking). */
  private sameOrigin(request: IncomingMessage): boolean {
    return isSameSite(request.headers, this.config.publicUrl);
  }

  /**
   * Closes, within a sweep, every socket whose session ended (logout, expiry, idle: 4401) or whose
   * account may no longer read its document (membership ended: 4403), whichever process or path
   * ended it.
   */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const open = this.server.peers();
      if (open.length === 0) return;
      // Only what was asked about can be judged: a socket that opened meanwhile is left alone.
      const asked = new Set(open.map(({ peer }) => peer.sessionId));
      const live = await this.sessions.liveAmong([...asked]);
      const ended = (sessionId: string) => asked.has(sessionId) && !live.has(sessionId);
      this.server.closeWhere((peer) => ended(peer.sessionId), SyncCloseCode.unauthenticated, SESSION_ENDED_REASON);
      const stillLive = open.filter(({ peer }) => live.has(peer.sessionId));
      const lostAccess = await this.documents.unreadable(stillLive.map(({ peer, documentId }) => ({ accountId: peer.accountId, documentId })));
      this.server.closeWhere((peer, documentId) => lostAccess(peer.accountId, documentId), SyncCloseCode.forbidden, 'this document is no longer available to you');
    } catch (error) {
      this.logger.warn(`Checking open sockets against their sessions failed: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** A logout in this process closes that session's sockets at once (the sweep covers the rest). */
  @OnEvent(SESSION_ENDED)
  onSessionEnded(event: SessionEnded): void {
    this.server.closeWhere((peer) => peer.sessionId === event.tokenHash, SyncCloseCode.unauthenticated, SESSION_ENDED_REASON);
  }

  /**
   * A membership ended in this process: that person's sockets to the workspace's documents close
   * at once (4403), rather than at the next sweep (which still covers other processes).
   */
  @OnEvent(MEMBERSHIP_ENDED, { promisify: true, suppressErrors: true })
  async onMembershipEnded(event: MembershipEnded): Promise<void> {
    const theirs = [...new Set(this.server.peers().filter(({ peer }) => peer.accountId === event.accountId).map(({ documentId }) => documentId))];
    if (theirs.length === 0) return;
    const inWorkspace = new Set(await this.documents.idsInWorkspace(event.workspaceId, theirs));
    this.server.closeWhere(
      (peer, documentId) => peer.accountId === event.accountId && inWorkspace.has(documentId),
      SyncCloseCode.forbidden,
      'you are no longer in this workspace',
    );
  }

  @OnEvent(DOCUMENT_CHANGED)
  onDocumentChanged(event: DocumentChanged): Promise<void> {
    return this.server.documentChanged(event.documentId, { workspaceId: event.workspaceId, target: event.target, revision: event.revision });
  }

  /**
   * An accepted edit, told to the live session of its workspace (only while one is live) and, for
   * a proposal, to the agreements (an edit after an acceptance withdraws it). Nothing otherwise.
   */
  private edited(documentId: string, record: DocumentRecord, accountId: string): void {
    this.observer.edited(accountId, documentId, record.workspaceId);
    const kind = record.target.kind;
    if (kind !== 'proposal' && !this.liveSessions.peek(record.workspaceId)?.session) return;
    const event: DocumentEdited = { documentId, workspaceId: record.workspaceId, accountId, kind };
    this.events.emit(DOCUMENT_EDITED, event);
  }

  /**
   * The document as the database holds it, as one Yjs update: what every read outside a room
   * serves (a room in another process may not have an edit stored there yet); read inside `tx` when given, so a
   * transaction that holds the document's row for update reads every edit that committed before
   * it and none that comes after (guarded appends wait for it: see AppendOptions).
   */
  async storedState(documentId: string, tx?: Queryable): Promise<Uint8Array> {
    return stateOfPieces(await this.store.load(documentId, tx));
  }

  /**
   * A server-made edit (a version coming into force in its agreement, a proposal brought up to
   * date): applied, relayed to open clients and stored like any other, past the write gate.
   */
  async writeFromServer(documentId: string, update: Uint8Array, accountId: string | null = null): Promise<void> {
    const document = await this.documents.find(documentId);
    if (!document) throw new DomainError('not_found', 'Document was not found');
    await this.server.applyServerUpdate(documentId, { workspaceId: document.workspaceId, target: toTarget(document), revision: document.revision }, update, accountId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.server.close();
    await this.store.close();
    if (this.fanOut instanceof RedisFanOut) await this.fanOut.close();
  }
}
