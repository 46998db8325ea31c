import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { LiveSessionsModule } from '../live-sessions/live-sessions.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SyncService } from './sync.service';

@Module({
  imports: [DocumentsModule, LiveSessionsModule, RealtimeModule],
  providers: [SyncService],
  exports: [SyncService],
})
export class SyncModule {}
