import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { JointWorkModule } from '../safety/joint-work.module';
import { LiveSessionsRepository } from './live-sessions.repository';
import { LiveSessionCache } from './live-session-cache';
import { LiveSessionsService } from './live-sessions.service';
import { LiveSessionsGateway } from './live-sessions.gateway';
import { LivePresence } from './live-presence';
import { LiveSessionsController } from './live-sessions.controller';
import { SessionRecordsService } from './session-records.service';

/**
 * Live counseling sessions: their events on the `/live` door (realtime), the rules and state,
 * presence, the session record. The sync module imports this one (its write gate reads the cached
 * live session), never the reverse: edits reach the record through the `document.edited` event.
 */
@Module({
  imports: [DocumentsModule, RealtimeModule, JointWorkModule],
  controllers: [LiveSessionsController],
  providers: [LiveSessionsRepository, LiveSessionCache, LiveSessionsService, LiveSessionsGateway, LivePresence, SessionRecordsService],
  exports: [LiveSessionCache, SessionRecordsService],
})
export class LiveSessionsModule {}
