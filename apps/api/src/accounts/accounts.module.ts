import { Global, Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AccountsRepository } from './accounts.repository';
import { LoginAttemptsService } from './login-attempts.service';
import { CommonPasswordsService } from './common-passwords.service';
import { SessionsService } from './sessions.service';
import { SessionsRepository } from './sessions.repository';
import { AuthGuard } from './auth.guard';

@Global()
@Module({
  controllers: [AccountsController],
  providers: [AccountsService, AccountsRepository, LoginAttemptsService, CommonPasswordsService, SessionsService, SessionsRepository, AuthGuard],
  exports: [SessionsService, AuthGuard],
})
export class AccountsModule {}
