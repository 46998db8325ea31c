import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { CheckInsModule } from '../check-ins/check-ins.module';
import { CommitmentsModule } from '../commitments/commitments.module';
import { ProgressController } from './progress.controller';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

/** Progress over weeks (issue 26, item 3): read-only; imports no realtime, notification or audit door. */
@Module({
  imports: [WorkspacesModule, CheckInsModule, CommitmentsModule],
  controllers: [ProgressController],
  providers: [ProgressService, ProgressRepository],
})
export class ProgressModule {}
