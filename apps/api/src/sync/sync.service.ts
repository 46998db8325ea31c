import type { IncomingMessage, Server } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SyncCloseCode } from '@kinship/domain/wire';
import { leavesNoTrace } from '@kinship/domain/rules';
import { APP_CONFIG, AppConfig } from '../config/env';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/uuid-param';
import { SocketAccess, Sweep } from '../realtime/socket-access';
import { DocumentsService, toTarget } from '../documents/documents.service';
import { LiveSessionCache } from '../live-sessions/live-session-cache';
import { JointWorkPauses } from '../safety/joint-work-pauses';
import type { Admission, DocumentRecord } from './ports';
import { Refusal, SyncServer } from './sync-server';
import { CLOSE_CODE_FOR } from './close-codes';
import { PostgresDocStore } from './adapters/postgres-doc-store';
import { LocalFanOut } from './adapters/local-fan-out';
import { RedisFanOut } from './adapters/redis-fan-out';
import type { Queryable } from '../encryption/content-cipher';
import { stateOfPieces } from './stored-pieces';
import { LiveWriteGate } from './adapters/live-write-gate';
import { UpgradeOrigins } from '../common/request-origin';
import { EDIT_OBSERVER, EditObserver } from './edit-observer';
import { DOCUMENT_CHANGED, DOCUMENT_EDITED, DocumentChanged, DocumentEdited, EventBus, InjectEventBus, MembershipEnded, OnEvent } from '../events/events';

/** How often open connections are checked against their logins and memberships. */
const ACCESS_SWEEP_MS = 500;
const LOGIN_ENDED_REASON = 'your login has ended; please log in';

/**
 * Nest's side of the sync server: builds it over PostgreSQL, the local fan-out and the role
 * rules, admits connections through SocketAccess (same site, the login cookie), keeps open rooms
 * told of record changes, and closes connections whose login or access has ended.
 */
@Injectable()
export class SyncService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sync');
  readonly server: SyncServer;
  private readonly fanOut: LocalFanOut | RedisFanOut;
  private sweeper: Sweep | null = null;

  constructor(
    readonly store: PostgresDocStore,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly access: SocketAccess,
    private readonly documents: DocumentsService,
    private readonly liveSessions: LiveSessionCache,
    @InjectEventBus() private readonly events: EventBus,
    @Inject(EDIT_OBSERVER) private readonly observer: EditObserver,
    private readonly origins: UpgradeOrigins,
    private readonly jointWork: JointWorkPauses,
  ) {
    const sync = config.sync;
    // With Redis, any process serves any document: rooms of one document share their traffic.
    this.fanOut = config.redisUrl ? new RedisFanOut(config.redisUrl) : new LocalFanOut();
    this.server = new SyncServer((req, id) => this.admit(req, id), this.store, this.fanOut, new LiveWriteGate(liveSessions, jointWork), {
      onEdited: (documentId, record, peer) => this.edited(documentId, record, peer.accountId),
      maxFrameBytes: sync.maxFrameBytes,
      unloadDelayMs: sync.unloadDelayMs,
      maxBufferedBytes: sync.maxBufferedBytes,
      maxBacklog: sync.maxBacklog,
      limits: { maxItems: sync.maxUpdateItems, maxClients: sync.maxUpdateClients, maxAwarenessBytes: sync.maxAwarenessBytes },
      quota: { documentBytes: sync.documentQuotaBytes, workspaceBytes: sync.workspaceQuotaBytes },
    });
    access.onLoginEnded((loginHash) => this.loginEnded(loginHash));
    access.onMembershipEnded((event) => this.membershipEnded(event));
  }

  /**
   * Serves /sync/<documentId> on the API's HTTP server. Upgrades under `servedElsewhere` (the
   * `/live` door's socket.io path) are left to their own listener; any other upgrade is closed.
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
    this.sweeper = this.access.every(ACCESS_SWEEP_MS, () => this.sweep(), 'sync connections against their logins');
  }

  private async admit(request: IncomingMessage, documentId: string): Promise<Admission> {
    if (!isUuid(documentId)) throw new Refusal(SyncCloseCode.notFound, 'no such document');
    const admitted = await this.access.admit(request.headers);
    if (!admitted.ok && admitted.refusal === 'cross-site') throw new Refusal(SyncCloseCode.forbidden, 'cross-site connection refused');
    if (!admitted.ok) throw new Refusal(SyncCloseCode.unauthenticated, 'please log in');
    const login = admitted.login;
    try {
      const origin = this.origins.of(request);
      const { document, role } = await this.documents.open(documentId.toLowerCase(), login.accountId, 'read', origin);
      // The write gate decides every frame at once: the workspace's live session is read before the first.
      // …and so is whether the counselor paused its joint work.
      await Promise.all([this.liveSessions.get(document.workspaceId), this.jointWork.load(document.workspaceId)]);
      if (!leavesNoTrace(toTarget(document))) this.observer.syncAdmitted(login.accountId, document.id, document.workspaceId, origin);
      return {
        peer: { accountId: login.accountId, name: login.name, role, loginHash: login.loginHash },
        documentId: document.id,
        record: { workspaceId: document.workspaceId, target: toTarget(document), revision: document.revision },
      };
    } catch (error) {
      if (error instanceof DomainError) throw new Refusal(CLOSE_CODE_FOR[error.code], error.message);
      throw error;
    }
  }

  /**
   * Closes, within a sweep, every connection whose login ended (logout, expiry, idle: 4401) or
   * whose account may no longer read its document (membership ended: 4403), whichever process or
   * path ended it.
   */
  async sweep(): Promise<void> {
    const open = this.server.peers();
    if (open.length === 0) return;
    // A pause (or resume) of joint work made in another process holds here from this sweep on.
    await this.jointWork.refresh(open.map(({ workspaceId }) => workspaceId));
    const ended = await this.access.endedAmong(open.map(({ peer }) => peer.loginHash));
    this.server.closeWhere((peer) => ended(peer.loginHash), SyncCloseCode.unauthenticated, LOGIN_ENDED_REASON);
    const stillLive = open.filter(({ peer }) => !ended(peer.loginHash));
    const lostAccess = await this.documents.unreadable(stillLive.map(({ peer, documentId }) => ({ accountId: peer.accountId, documentId })));
    this.server.closeWhere((peer, documentId) => lostAccess(peer.accountId, documentId), SyncCloseCode.forbidden, 'this document is no longer available to you');
  }

  /** A logout in this process closes that login's connections at once (the sweep covers the rest). */
  private loginEnded(loginHash: string): void {
    this.server.closeWhere((peer) => peer.loginHash === loginHash, SyncCloseCode.unauthenticated, LOGIN_ENDED_REASON);
  }

  /**
   * A membership ended in this process: that person's connections to the workspace's documents
   * close at once (4403), rather than at the next sweep (which still covers other processes).
   */
  private async membershipEnded(event: MembershipEnded): Promise<void> {
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
    // A draft's edits are its author's alone: no audit entry, and no live session's record hears of them.
    if (leavesNoTrace(record.target)) return;
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
    this.sweeper?.stop();
    await this.server.close();
    await this.store.close();
    if (this.fanOut instanceof RedisFanOut) await this.fanOut.close();
  }
}
