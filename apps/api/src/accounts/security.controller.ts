import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { ChangePasswordBody, ConfirmTotpBody, DisableTotpBody, PasswordChanged, RecoveryCodesView, RevokeLoginsBody, LoginActivityView, LoginView, TotpEnrollmentView, TotpStatusView } from '@kinship/domain/wire';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import { AllowWithoutSecondFactor, AuthGuard, CurrentLogin } from './auth.guard';
import { AccountsService } from './accounts.service';
import { ActiveLogin, LOGIN_COOKIE, LoginsService } from './logins.service';
import { TotpService } from './totp.service';

/**
 * A person's own security: their logins (list, log out one, log out everywhere), the idle clock,
 * and two-step sign-in. Every route is open to a counselor who must still set up two-step sign-in.
 */
@ApiTags('account security')
@ApiCookieAuth()
@Controller('me')
@UseGuards(AuthGuard)
@AllowWithoutSecondFactor()
export class SecurityController {
  constructor(
    private readonly sessions: LoginsService,
    private readonly totp: TotpService,
    private readonly accounts: AccountsService,
  ) {}

  /** The person did something (the web app says so at most once a minute): the idle clock starts again. */
  @Post('activity')
  @HttpCode(200)
  activity(@CurrentLogin() session: ActiveLogin): LoginActivityView {
    return this.sessions.activity(session);
  }

  /** When this login ends if the person does nothing; reading it does not count as doing something. */
  @Get('activity')
  idleDeadline(@CurrentLogin() session: ActiveLogin): LoginActivityView {
    return this.sessions.activity(session);
  }

  @Get('sessions')
  list(@CurrentLogin() session: ActiveLogin): Promise<LoginView[]> {
    return this.sessions.list(session);
  }

  /** Logs out one of the person's logins (the route keeps its older name); logging out this one clears its cookie too. */
  @Delete('sessions/:id')
  @HttpCode(204)
  async revoke(@CurrentLogin() session: ActiveLogin, @Param('id', uuidParam('This session')) id: string, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.revokeById(session.account.id, id);
    if (id === session.id) this.clearCookie(res);
  }

  /** "Log out all other devices" (includeCurrent: false) or "Log out everywhere" (true). */
  @Post('sessions/revoke-all')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(RevokeLoginsBody) })
  async revokeAll(
    @CurrentLogin() session: ActiveLogin,
    @Body(new ZodBodyPipe(RevokeLoginsBody)) body: RevokeLoginsBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ ended: number }> {
    const ended = await this.sessions.revokeAll(session.account.id, body.includeCurrent ? null : session.tokenHash);
    if (body.includeCurrent) this.clearCookie(res);
    return { ended };
  }

  @Get('totp')
  status(@CurrentLogin() session: ActiveLogin): Promise<TotpStatusView> {
    return this.totp.status(session.account.id);
  }

  @Post('totp/enroll')
  @HttpCode(200)
  enroll(@CurrentLogin() session: ActiveLogin): Promise<TotpEnrollmentView> {
    return this.totp.enroll(session.account);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(ConfirmTotpBody) })
  confirm(@CurrentLogin() session: ActiveLogin, @Body(new ZodBodyPipe(ConfirmTotpBody)) body: ConfirmTotpBody): Promise<RecoveryCodesView> {
    return this.totp.confirm(session.account.id, body.code);
  }

  /** A new password, given with the one now; every other login is logged out. */
  @Post('password')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(ChangePasswordBody) })
  changePassword(@CurrentLogin() session: ActiveLogin, @Body(new ZodBodyPipe(ChangePasswordBody)) body: ChangePasswordBody): Promise<PasswordChanged> {
    return this.accounts.changePassword(session, body);
  }

  /** Turning it off takes the password and a code (or a recovery code). */
  @Post('totp/disable')
  @HttpCode(204)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(DisableTotpBody) })
  async disable(@CurrentLogin() session: ActiveLogin, @Body(new ZodBodyPipe(DisableTotpBody)) body: DisableTotpBody): Promise<void> {
    await this.accounts.checkPassword(session.account.id, body.password);
    await this.totp.verify(session.account.id, body.code);
    await this.totp.disable(session.account.id);
  }

  private clearCookie(res: Response) {
    const { maxAge: _maxAge, ...options } = this.sessions.cookieOptions();
    res.clearCookie(LOGIN_COOKIE, options);
  }
}
