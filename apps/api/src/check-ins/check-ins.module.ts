import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { CheckInsController } from './check-ins.controller';
import { CheckInsRepository } from './check-ins.repository';
import { CheckInsService } from './check-ins.service';

/** Check-ins that leave no trace: imports no realtime, notification or audit door, and emits no event. Exports read it for records downloads. */
@Module({
  imports: [WorkspacesModule],
  controllers: [CheckInsController],
  providers: [CheckInsService, CheckInsRepository],
  exports: [CheckInsService, CheckInsRepository],
})
export class CheckInsModule {}
