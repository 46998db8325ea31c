import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { CheckInsController } from './check-ins.controller';
import { CheckInsRepository } from './check-ins.repository';
import { CheckInsService } from './check-ins.service';

/** Check-ins that leave no trace: imports no realtime, notification or audit door, and emits no event. */
@Module({
  imports: [WorkspacesModule],
  controllers: [CheckInsController],
  providers: [CheckInsService, CheckInsRepository],
})
export class CheckInsModule {}
