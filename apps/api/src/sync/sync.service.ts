import type { IncomingMessage, Server } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { SyncCloseCode } from '@kinship/domain';
import { APP_CONFIG, AppConfig } from '../config/env';
import { DomainError } from '../common/domain-error';
import { sessionTokenFrom } from '../common/auth.guard';
import { isUuid } from '../common/uuid-param';
import { isSameSite } from '../common/same-site';
import { SessionsService } from '../accounts/sessions.service';
import { DocumentsService, toTarget } from '../documents/documents.service';
import { DOCUMENT_CHANGED, DocumentChanged } from '../documents/document-events';
import type { Admission } from './ports';
import { Refusal, SyncServer } from './sync-server';
import { CLOSE_CODE_FOR } from './close-codes';
import { PostgresDocStore } from './adapters/postgres-doc-store';
import { LocalFanOut } from './adapters/local-fan-out';
import { RoleWriteGate } from './adapters/role-write-gate';

/**
 * Nest's side of the sync server: builds it over PostgreSQL, the local fan-out and the role
 * rules, admits connections with the session cookie, and keeps open rooms told of record changes.
 */
@Injectable()
export class SyncService implements BeforeApplicationShutdown {
  readonly store: PostgresDocStore;
  readonly server: SyncServer;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly documents: DocumentsService,
  ) {
    this.store = new PostgresDocStore(dataSource, config.sync.compactThreshold);
    this.server = new SyncServer((req, id) => this.admit(req, id), this.store, new LocalFanOut(), new RoleWriteGate(), {
      maxFrameBytes: config.sync.maxFrameBytes,
      unloadDelayMs: config.sync.unloadDelayMs,
    });
  }

  /** Serves /sync/<documentId> on the API's HTTP server. */
  mount(httpServer: Server): void {
    httpServer.on('upgrade', (request, socket, head) => {
      if (!this.server.handleUpgrade(request, socket, head)) socket.destroy();
    });
  }

  private async admit(request: IncomingMessage, documentId: string): Promise<Admission> {
    if (!isUuid(documentId)) throw new Refusal(SyncCloseCode.notFound, 'no such document');
    if (!this.sameOrigin(request)) throw new Refusal(SyncCloseCode.forbidden, 'cross-site connection refused');
    const account = await this.sessions.resolve(sessionTokenFrom(request.headers.cookie));
    if (!account) throw new Refusal(SyncCloseCode.unauthenticated, 'please log in');
    try {
      const { document, role } = await this.documents.open(documentId.toLowerCase(), account.id, 'read');
      return { peer: { accountId: account.id, role }, documentId: document.id, document: toTarget(document) };
    } catch (error) {
      if (error instanceof DomainError) throw new Refusal(CLOSE_CODE_FOR[error.code], error.message);
      throw error;
    }
  }

  /** Browsers send Origin on WebSocket upgrades; one from another site is refused (no cross-site hijacking). */
  private sameOrigin(request: IncomingMessage): boolean {
    return isSameSite(request.headers, this.config.publicUrl);
  }

  @OnEvent(DOCUMENT_CHANGED)
  onDocumentChanged(event: DocumentChanged): Promise<void> {
    return this.server.documentChanged(event.documentId, event.target);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.server.close();
    await this.store.settle();
  }
}
