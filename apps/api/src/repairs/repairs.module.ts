import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { CommitmentsModule } from '../commitments/commitments.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SyncModule } from '../sync/sync.module';
import { JointWorkModule } from '../safety/joint-work.module';
import { RepairsController } from './repairs.controller';
import { RepairsRepository } from './repairs.repository';
import { RepairsService } from './repairs.service';

/** Guided repair after a hurtful incident (issue 26, item 6). Exports read it for records downloads. */
@Module({
  imports: [AgreementsModule, CommitmentsModule, RealtimeModule, SyncModule, JointWorkModule],
  controllers: [RepairsController],
  providers: [RepairsRepository, RepairsService],
  exports: [RepairsService],
})
export class RepairsModule {}
