import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AccountView, LoginBody, LoginResult, RegisterBody, SecondFactorBody } from '@kinship/domain/wire';
import { AllowWithoutSecondFactor, AuthGuard, CurrentAccount, loginTokenFrom } from './auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { AccountsService, CheckedLogin } from './accounts.service';
import { LOGIN_COOKIE, LoginAccount, LoginsService } from './logins.service';

@ApiTags('accounts')
@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: LoginsService,
  ) {}

  @Post('auth/register')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(RegisterBody) })
  async register(@Body(new ZodBodyPipe(RegisterBody)) body: RegisterBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AccountView> {
    const login = await this.accounts.register(body);
    await this.startLogin(login, req, res);
    return login.account;
  }

  /** The account (a session began), or, when it has two-step sign-in on, a pending login to send the code with. */
  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(LoginBody) })
  async login(@Body(new ZodBodyPipe(LoginBody)) body: LoginBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResult> {
    const login = await this.accounts.authenticate(body);
    if (await this.accounts.needsSecondFactor(login.account.id)) {
      return this.accounts.beginSecondFactor(login, { userAgent: req.headers['user-agent'], ip: req.ip });
    }
    await this.startLogin(login, req, res);
    return login.account;
  }

  /** The second step: a code from the authenticator app, or a recovery code. */
  @Post('auth/login/second-factor')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(SecondFactorBody) })
  async secondFactor(@Body(new ZodBodyPipe(SecondFactorBody)) body: SecondFactorBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AccountView> {
    const login = await this.accounts.completeSecondFactor(body.pendingLogin, body.code);
    await this.startLogin(login, req, res);
    return login.account;
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.revoke(loginTokenFrom(req.headers.cookie));
    const { maxAge: _maxAge, ...options } = this.sessions.cookieOptions();
    res.clearCookie(LOGIN_COOKIE, options);
  }

  @Get('me')
  @UseGuards(AuthGuard)
  @AllowWithoutSecondFactor()
  @ApiCookieAuth()
  me(@CurrentAccount() account: LoginAccount): AccountView {
    return account;
  }

  private async startLogin(login: CheckedLogin, req: Request, res: Response) {
    const { token } = await this.accounts.startLogin(login, { userAgent: req.headers['user-agent'], ip: req.ip });
    res.cookie(LOGIN_COOKIE, token, this.sessions.cookieOptions());
  }
}
