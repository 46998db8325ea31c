import { Global, Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { SessionsService } from './sessions.service';
import { AuthGuard } from '../common/auth.guard';

@Global()
@Module({
  controllers: [AccountsController],
  providers: [AccountsService, SessionsService, AuthGuard],
  exports: [SessionsService, AuthGuard],
})
export class AccountsModule {}
