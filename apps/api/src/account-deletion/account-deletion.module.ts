import { Module } from '@nestjs/common';
import { AccountDeletionController } from './account-deletion.controller';
import { AccountDeletionRepository } from './account-deletion.repository';
import { AccountDeletionService } from './account-deletion.service';

/** Deleting one's account: personal data goes at once, clinical records stay with "a former member". */
@Module({
  controllers: [AccountDeletionController],
  providers: [AccountDeletionRepository, AccountDeletionService],
})
export class AccountDeletionModule {}
