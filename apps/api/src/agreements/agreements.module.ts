import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { SyncModule } from '../sync/sync.module';
import { JointWorkModule } from '../safety/joint-work.module';
import { AgreementsController } from './agreements.controller';
import { AgreementsRepository } from './agreements.repository';
import { AgreementReadsService } from './agreement-reads.service';
import { AgreementsService } from './agreements.service';
import { AgreementArchiveService } from './agreement-archive.service';
import { AgreementExportService } from './agreement-export';
import { ProposalEditsService } from './proposal-edits.service';

/**
 * Agreements in force, proposals, acceptance by both partners, the guarded archive. Reads and
 * writes agreement and proposal content through the sync server (SyncService), never its tables.
 */
@Module({
  imports: [DocumentsModule, SyncModule, JointWorkModule],
  controllers: [AgreementsController],
  providers: [AgreementsRepository, AgreementReadsService, AgreementsService, AgreementArchiveService, ProposalEditsService, AgreementExportService],
  exports: [AgreementReadsService, AgreementExportService, AgreementsRepository, AgreementsService],
})
export class AgreementsModule {}
