import { Body, Controller, Delete, HttpCode, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { DeleteAccountBody } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { LOGIN_COOKIE, LoginAccount, LoginsService } from '../accounts/logins.service';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { AccountDeletionService } from './account-deletion.service';

@ApiTags('accounts')
@ApiCookieAuth()
@Controller()
export class AccountDeletionController {
  constructor(
    private readonly deletion: AccountDeletionService,
    private readonly sessions: LoginsService,
  ) {}

  /** Deletes the caller's account; they confirm with their password. */
  @Delete('me')
  @HttpCode(204)
  @UseGuards(AuthGuard, ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(DeleteAccountBody) })
  async delete(@CurrentAccount() account: LoginAccount, @Body(new ZodBodyPipe(DeleteAccountBody)) body: DeleteAccountBody, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.deletion.delete(account.id, body.password);
    const { maxAge: _maxAge, ...options } = this.sessions.cookieOptions();
    res.clearCookie(LOGIN_COOKIE, options);
  }
}
