import type { IncomingMessage, Server } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { SyncCloseCode } from '@kinship/domain';
import { APP_CONFIG, AppConfig } from '../config/env';
import { DomainError } from '../common/domain-error';
import { sessionTokenFrom } from '../common/auth.guard';
import { hashSecretToken } from '../common/secret-token';
import { isUuid } from '../common/uuid-param';
import { SessionsService } from '../accounts/sessions.service';
import { DocumentsService, toTarget } from '../documents/documents.service';
import { DOCUMENT_CHANGED, DocumentChanged } from '../documents/document-events';
import type { Admission } from './ports';
import { Refusal, SyncServer } from './sync-server';
import { CLOSE_CODE_FOR } from './close-codes';
import { PostgresDocStore } from './adapters/postgres-doc-store';
import { LocalFanOut } from './adapters/local-fan-out';
import { RoleWriteGate } from './adapters/role-write-gate';
import { accessKey, PostgresAccessCheck } from './adapters/postgres-access-check';

/** How often open sockets are checked against their sessions and memberships. */
const ACCESS_SWEEP_MS = 500;

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
  private readonly accessCheck: PostgresAccessCheck;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly documents: DocumentsService,
  ) {
    const sync = config.sync;
    this.store = new PostgresDocStore(dataSource, sync.compactThreshold);
    this.accessCheck = new PostgresAccessCheck(dataSource, config.session.idleMs);
    this.server = new SyncServer((req, id) => this.admit(req, id), this.store, new LocalFanOut(), new RoleWriteGate(), {
      maxFrameBytes: sync.maxFrameBytes,
      unloadDelayMs: sync.unloadDelayMs,
      maxBufferedBytes: sync.maxBufferedBytes,
      limits: { maxItems: sync.maxUpdateItems, maxClients: sync.maxUpdateClients, maxAwarenessBytes: sync.maxAwarenessBytes },
    });
  }

  /** Serves /sync/<documentId> on the API's HTTP server; any other upgrade is closed. */
  mount(httpServer: Server): void {
    httpServer.on('upgrade', (request, socket, head) => {
      // Nothing a client sends may throw out of this listener: that would end the process.
      try {
        if (!this.server.handleUpgrade(request, socket, head)) socket.destroy();
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
    const token = sessionTokenFrom(request.headers.cookie);
    const account = await this.sessions.resolve(token);
    if (!account || !token) throw new Refusal(SyncCloseCode.unauthenticated, 'please log in');
    try {
      const { document, role } = await this.documents.open(documentId.toLowerCase(), account.id, 'read');
      return {
        peer: { accountId: account.id, name: account.displayName, role, sessionId: hashSecretToken(token) },
        documentId: document.id,
        record: { target: toTarget(document), revision: document.revision },
      };
    } catch (error) {
      if (error instanceof DomainError) throw new Refusal(CLOSE_CODE_FOR[error.code], error.message);
      throw error;
    }
  }

  /** Browsers send Origin on WebSocket upgrades; one from another site is refused (no cross-site hijacking). */
  private sameOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (!origin) return true;
    try {
      const host = new URL(origin).host;
      return host === request.headers.host || host === new URL(this.config.publicUrl).host;
    } catch {
      return false;
    }
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
      const open = this.server.peers().map(({ peer, documentId }) => ({ sessionId: peer.sessionId, documentId }));
      const { endedSessions, lostAccess } = await this.accessCheck.check(open);
      if (endedSessions.size > 0) {
        this.server.closeWhere((peer) => endedSessions.has(peer.sessionId), SyncCloseCode.unauthenticated, 'your session has ended; please log in');
      }
      if (lostAccess.size > 0) {
        this.server.closeWhere((peer, documentId) => lostAccess.has(accessKey(peer.sessionId, documentId)), SyncCloseCode.forbidden, 'this document is no longer available to you');
      }
    } catch (error) {
      this.logger.warn(`Checking open sockets against their sessions failed: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  @OnEvent(DOCUMENT_CHANGED)
  onDocumentChanged(event: DocumentChanged): Promise<void> {
    return this.server.documentChanged(event.documentId, { target: event.target, revision: event.revision });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.server.close();
    await this.store.settle();
  }
}
