import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { SyncService } from './sync.service';

@Module({
  imports: [DocumentsModule],
  providers: [SyncService],
  exports: [SyncService],
})
export class SyncModule {}
