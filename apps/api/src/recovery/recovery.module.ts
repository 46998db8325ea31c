import { Module } from '@nestjs/common';
import { ForgottenPasswordService } from './forgotten-password.service';
import { RecoveryCodesController, RecoveryLinksController, WorkspaceRecoveryLinksController } from './recovery.controller';
import { RecoveryLinksRepository } from './recovery-links.repository';
import { RecoveryLinksService } from './recovery-links.service';

/** A way back for a person who forgot their password: recovery codes, and a link from their counselor. */
@Module({
  controllers: [RecoveryCodesController, WorkspaceRecoveryLinksController, RecoveryLinksController],
  providers: [ForgottenPasswordService, RecoveryLinksService, RecoveryLinksRepository],
})
export class RecoveryModule {}
