import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { LiveSessionsRepository } from './live-sessions.repository';
import { LiveSessionCache } from './live-session-cache';
import { LiveSessionsService } from './live-sessions.service';
import { LiveSessionsGateway } from './live-sessions.gateway';
import { LiveSessionsController } from './live-sessions.controller';
import { SessionRecordsService } from './session-records.service';

/**
 * Live counseling sessions: the socket.io gateway, the rules and state, the session record. The
 * sync module imports this one (its write gate reads the cached live session), never the reverse:
 * edits reach the record through the `document.edited` event.
 */
@Module({
  imports: [DocumentsModule],
  controllers: [LiveSessionsController],
  providers: [LiveSessionsRepository, LiveSessionCache, LiveSessionsService, LiveSessionsGateway, SessionRecordsService],
  exports: [LiveSessionCache, SessionRecordsService],
})
export class LiveSessionsModule {}
