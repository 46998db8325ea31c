import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import {
  CreateRecoveryLinkBody,
  MakeRecoveryCodesBody,
  PasswordReset,
  PasswordResetLinkPreview,
  PasswordResetRequested,
  RequestPasswordResetBody,
  UsePasswordResetLinkBody,
  RecoverWithCodeBody,
  RecoveryCodesStatusView,
  RecoveryCodesView,
  RecoveryLinkCreated,
  RecoveryLinkPreview,
  RecoveryLinkView,
  UseRecoveryLinkBody,
} from '@kinship/domain/wire';
import { AllowWithoutSecondFactor, AuthGuard, CurrentAccount, CurrentLogin } from '../accounts/auth.guard';
import type { ActiveLogin, LoginAccount } from '../accounts/logins.service';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import { ForgottenPasswordService } from './forgotten-password.service';
import { RecoveryLinksService } from './recovery-links.service';
import { PasswordResetMailService } from './password-reset-mail.service';

/** A person's own recovery codes, and a forgotten password set again with one. */
@ApiTags('recovery')
@Controller()
export class RecoveryCodesController {
  constructor(private readonly forgotten: ForgottenPasswordService) {}

  @Get('me/recovery-codes')
  @UseGuards(AuthGuard)
  @AllowWithoutSecondFactor()
  @ApiCookieAuth()
  status(@CurrentLogin() login: ActiveLogin): Promise<RecoveryCodesStatusView> {
    return this.forgotten.status(login.account.id);
  }

  /** A new set, shown once; the ones before stop working. */
  @Post('me/recovery-codes')
  @HttpCode(200)
  @UseGuards(AuthGuard, ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @AllowWithoutSecondFactor()
  @ApiCookieAuth()
  @ApiBody({ schema: openApiSchema(MakeRecoveryCodesBody) })
  make(@CurrentLogin() login: ActiveLogin, @Body(new ZodBodyPipe(MakeRecoveryCodesBody)) body: MakeRecoveryCodesBody): Promise<RecoveryCodesView> {
    return this.forgotten.make(login, body.password);
  }

  /** "Forgot password?": the email, one recovery code and a new password. Limited per address and per email, like logging in. */
  @Post('auth/recover')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(RecoverWithCodeBody) })
  recover(@Body(new ZodBodyPipe(RecoverWithCodeBody)) body: RecoverWithCodeBody): Promise<PasswordReset> {
    return this.forgotten.recover(body);
  }
}

/** A workspace's recovery links, as its counselor issues, sees and withdraws them. */
@ApiTags('recovery')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('workspaces/:id/recovery-links')
export class WorkspaceRecoveryLinksController {
  constructor(private readonly links: RecoveryLinksService) {}

  @Post()
  @ApiBody({ schema: openApiSchema(CreateRecoveryLinkBody) })
  issue(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Body(new ZodBodyPipe(CreateRecoveryLinkBody)) body: CreateRecoveryLinkBody,
  ): Promise<RecoveryLinkCreated> {
    return this.links.issue(workspaceId, account.id, body.accountId);
  }

  @Get()
  listPending(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<RecoveryLinkView[]> {
    return this.links.listPending(workspaceId, account.id);
  }

  @Delete(':linkId')
  @HttpCode(204)
  withdraw(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Param('linkId', uuidParam('Recovery link')) linkId: string,
  ): Promise<void> {
    return this.links.withdraw(workspaceId, linkId, account.id);
  }
}

/** A recovery link, opened by whoever holds it (signed out: they forgot their password). */
@ApiTags('recovery')
@Controller('recovery-links/:token')
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: 20, ttl: 60_000 } })
export class RecoveryLinksController {
  constructor(private readonly links: RecoveryLinksService) {}

  @Get()
  preview(@Param('token') token: string): Promise<RecoveryLinkPreview> {
    return this.links.preview(token);
  }

  @Post()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(UseRecoveryLinkBody) })
  use(@Param('token') token: string, @Body(new ZodBodyPipe(UseRecoveryLinkBody)) body: UseRecoveryLinkBody): Promise<PasswordReset> {
    return this.links.use(token, body.newPassword);
  }
}

/**
 * "Forgot password?" by email, when the practice has set up mail (404 otherwise): asking for a
 * link (one answer for every address, 202) and the page the mailed link opens. Limited per client
 * address here, and per email address in the service.
 */
@ApiTags('recovery')
@Controller()
@UseGuards(ThrottlerGuard)
export class PasswordResetMailController {
  constructor(private readonly resets: PasswordResetMailService) {}

  @Post('auth/password-reset')
  @HttpCode(202)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(RequestPasswordResetBody) })
  request(@Body(new ZodBodyPipe(RequestPasswordResetBody)) body: RequestPasswordResetBody): Promise<PasswordResetRequested> {
    return this.resets.request(body.email);
  }

  @Get('password-resets/:token')
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  preview(@Param('token') token: string): Promise<PasswordResetLinkPreview> {
    return this.resets.preview(token);
  }

  @Post('password-resets/:token')
  @HttpCode(200)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiBody({ schema: openApiSchema(UsePasswordResetLinkBody) })
  use(@Param('token') token: string, @Body(new ZodBodyPipe(UsePasswordResetLinkBody)) body: UsePasswordResetLinkBody): Promise<PasswordReset> {
    return this.resets.use(token, body.newPassword);
  }
}
