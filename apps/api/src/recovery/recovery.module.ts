import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { ForgottenPasswordService } from './forgotten-password.service';
import { PasswordResetLinksRepository } from './password-reset-links.repository';
import { PasswordResetMailService } from './password-reset-mail.service';
import { PasswordResetMailController, RecoveryCodesController, RecoveryLinksController, WorkspaceRecoveryLinksController } from './recovery.controller';
import { RecoveryLinksRepository } from './recovery-links.repository';
import { RecoveryLinksService } from './recovery-links.service';

/** A way back for a person who forgot their password: recovery codes, a link from their counselor, and a link by email when the practice has mail. */
@Module({
  imports: [MailModule],
  controllers: [RecoveryCodesController, WorkspaceRecoveryLinksController, RecoveryLinksController, PasswordResetMailController],
  providers: [ForgottenPasswordService, RecoveryLinksService, RecoveryLinksRepository, PasswordResetMailService, PasswordResetLinksRepository],
})
export class RecoveryModule {}
