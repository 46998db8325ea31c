import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { DocumentsModule } from '../documents/documents.module';
import { LiveSessionsModule } from '../live-sessions/live-sessions.module';
import { SyncModule } from '../sync/sync.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { CheckInsModule } from '../check-ins/check-ins.module';
import { SafetyModule } from '../safety/safety.module';
import { RepairsModule } from '../repairs/repairs.module';
import { RevealsModule } from '../reveals/reveals.module';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/** Downloads of records as zips: a person's own, and the counselor's whole workspace. */
@Module({
  imports: [DocumentsModule, SyncModule, LiveSessionsModule, AgreementsModule, WorkspacesModule, CheckInsModule, SafetyModule, RepairsModule, RevealsModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportsRepository],
})
export class ExportsModule {}
