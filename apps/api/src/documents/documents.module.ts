import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DocumentsRepository } from './documents.repository';
import { DocumentHistoryController } from './history/document-history.controller';
import { DocumentHistoryService } from './history/document-history.service';
import { DocumentHistoryRepository } from './history/document-history.repository';
import { DocumentActivityController } from './activity/document-activity.controller';
import { DocumentActivityService } from './activity/document-activity.service';
import { DocumentActivityRepository } from './activity/document-activity.repository';

@Module({
  controllers: [DocumentsController, DocumentHistoryController, DocumentActivityController],
  providers: [DocumentsService, DocumentsRepository, DocumentHistoryService, DocumentHistoryRepository, DocumentActivityService, DocumentActivityRepository],
  exports: [DocumentsService, DocumentHistoryService],
})
export class DocumentsModule {}
