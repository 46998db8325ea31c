import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AccountView, LoginBody, RegisterBody } from '@kinship/domain';
import { AuthGuard, CurrentAccount, sessionTokenFrom } from './auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { AccountsService } from './accounts.service';
import { SESSION_COOKIE, SessionAccount, SessionsService } from './sessions.service';

@ApiTags('accounts')
@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('auth/register')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(RegisterBody) })
  async register(@Body(new ZodBodyPipe(RegisterBody)) body: RegisterBody, @Res({ passthrough: true }) res: Response): Promise<AccountView> {
    const account = await this.accounts.register(body);
    await this.startSession(account, res);
    return account;
  }

  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(LoginBody) })
  async login(@Body(new ZodBodyPipe(LoginBody)) body: LoginBody, @Res({ passthrough: true }) res: Response): Promise<AccountView> {
    const account = await this.accounts.authenticate(body);
    await this.startSession(account, res);
    return account;
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.revoke(sessionTokenFrom(req.headers.cookie));
    const { maxAge: _maxAge, ...options } = this.sessions.cookieOptions();
    res.clearCookie(SESSION_COOKIE, options);
  }

  @Get('me')
  @UseGuards(AuthGuard)
  @ApiCookieAuth()
  me(@CurrentAccount() account: SessionAccount): AccountView {
    return account;
  }

  private async startSession(account: SessionAccount, res: Response) {
    const { token } = await this.sessions.start(account.id);
    res.cookie(SESSION_COOKIE, token, this.sessions.cookieOptions());
  }
}
