import { Global, Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { Passwords } from './passwords';
import { AccountsRepository } from './accounts.repository';
import { LoginAttemptsService } from './login-attempts.service';
import { CommonPasswordsService } from './common-passwords.service';
import { LoginsService } from './logins.service';
import { LoginsRepository } from './logins.repository';
import { AuthGuard } from './auth.guard';
import { SecurityController } from './security.controller';
import { TotpService } from './totp.service';
import { TotpRepository } from './totp.repository';
import { RecoveryCodesService } from './recovery-codes.service';
import { RecoveryCodesRepository } from './recovery-codes.repository';

@Global()
@Module({
  controllers: [AccountsController, SecurityController],
  providers: [AccountsService, Passwords, AccountsRepository, LoginAttemptsService, CommonPasswordsService, LoginsService, LoginsRepository, AuthGuard, TotpService, TotpRepository, RecoveryCodesService, RecoveryCodesRepository],
  exports: [LoginsService, AuthGuard, AccountsService, RecoveryCodesService],
})
export class AccountsModule {}
