import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/env';
import { DocumentsModule } from '../documents/documents.module';
import { LiveSessionsModule } from '../live-sessions/live-sessions.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { JointWorkModule } from '../safety/joint-work.module';
import { ContentCipher } from '../encryption/content-cipher';
import { PostgresDocStore } from './adapters/postgres-doc-store';
import { SyncService } from './sync.service';

@Module({
  imports: [DocumentsModule, LiveSessionsModule, RealtimeModule, JointWorkModule],
  providers: [
    // The store is the adapter that holds the database: the service gets it built.
    {
      provide: PostgresDocStore,
      inject: [DataSource, APP_CONFIG, ContentCipher],
      useFactory: (dataSource: DataSource, config: AppConfig, cipher: ContentCipher) => new PostgresDocStore(dataSource, config.sync.compactThreshold, cipher),
    },
    SyncService,
  ],
  exports: [SyncService],
})
export class SyncModule {}
