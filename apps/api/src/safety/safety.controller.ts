import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  CounselorJointWorkView,
  JointWorkView,
  SafetyAlertView,
  SafetyAnswered,
  SafetyAnswersBody,
  SafetyMessageBody,
  SafetyMessageView,
  SafetyOverview,
  SafetyView,
  SeenSafetyAlertsBody,
  SetJointWorkBody,
  SetSafetyBody,
} from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { SafetyService } from './safety.service';

/** The safety channel: each partner's private answers and thread with the counselor, the counselor's alerts, and the pause of joint work. */
@ApiTags('safety')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('workspaces/:id')
export class SafetyController {
  constructor(private readonly safety: SafetyService) {}

  @Get('safety')
  view(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<SafetyView> {
    return this.safety.view(workspaceId, account.id);
  }

  @Put('safety')
  @ApiBody({ schema: openApiSchema(SetSafetyBody) })
  define(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(SetSafetyBody)) body: SetSafetyBody): Promise<SetSafetyBody> {
    return this.safety.define(workspaceId, account.id, body);
  }

  @Post('safety/answers')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SafetyAnswersBody) })
  answer(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(SafetyAnswersBody)) body: SafetyAnswersBody): Promise<SafetyAnswered> {
    return this.safety.answer(workspaceId, account.id, body.answers);
  }

  @Post('safety/messages')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SafetyMessageBody) })
  write(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(SafetyMessageBody)) body: SafetyMessageBody): Promise<SafetyMessageView[]> {
    return this.safety.write(workspaceId, account.id, body.body);
  }

  @Get('safety/overview')
  overview(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<SafetyOverview> {
    return this.safety.overview(workspaceId, account.id);
  }

  @Post('safety/threads/:partnerId/messages')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SafetyMessageBody) })
  reply(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Param('partnerId', uuidParam('Partner')) partnerId: string,
    @Body(new ZodBodyPipe(SafetyMessageBody)) body: SafetyMessageBody,
  ): Promise<SafetyMessageView[]> {
    return this.safety.reply(workspaceId, account.id, partnerId, body.body);
  }

  @Post('safety/alerts/seen')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SeenSafetyAlertsBody) })
  seen(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(SeenSafetyAlertsBody)) body: SeenSafetyAlertsBody): Promise<SafetyAlertView[]> {
    return this.safety.seen(workspaceId, account.id, body.alertIds);
  }

  @Get('joint-work')
  jointWork(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<JointWorkView | CounselorJointWorkView> {
    return this.safety.jointWork(workspaceId, account.id);
  }

  @Put('joint-work')
  @ApiBody({ schema: openApiSchema(SetJointWorkBody) })
  setJointWork(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(SetJointWorkBody)) body: SetJointWorkBody): Promise<CounselorJointWorkView> {
    return this.safety.setJointWork(workspaceId, account.id, body);
  }
}
