import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { JointWorkModule } from './joint-work.module';
import { SafetyController } from './safety.controller';
import { SafetyRepository } from './safety.repository';
import { SafetyService } from './safety.service';

/**
 * The safety channel with the counselor. Imports no notification or audit door and emits no event;
 * the `/live` door only for the counselor's alerts (their own sockets) and the pause's neutral words.
 * Exports read it for records downloads.
 */
@Module({
  imports: [WorkspacesModule, RealtimeModule, JointWorkModule],
  controllers: [SafetyController],
  providers: [SafetyService, SafetyRepository],
  exports: [SafetyService],
})
export class SafetyModule {}
