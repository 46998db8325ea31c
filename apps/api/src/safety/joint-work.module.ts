import { Module } from '@nestjs/common';
import { JointWorkPauses } from './joint-work-pauses';
import { JointWorkRepository } from './joint-work.repository';

/**
 * Whether a workspace's joint work is paused, for the features it holds (live sessions, proposals,
 * the sync write gate). Imports no feature, so any may import it; pausing is the safety module's.
 */
@Module({
  providers: [JointWorkRepository, JointWorkPauses],
  exports: [JointWorkPauses, JointWorkRepository],
})
export class JointWorkModule {}
