import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CheckInAnswersBody, CheckInAnswersTable, CheckInDefinition, CheckInView, MyCheckInAnswers, SetCheckInBody, ShareCheckInAnswerBody } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { CheckInsService } from './check-ins.service';

/** A workspace's check-in: the counselor sets it; each partner answers their own, and may share one answer. */
@ApiTags('check-ins')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('workspaces/:id/check-in')
export class CheckInsController {
  constructor(private readonly checkIns: CheckInsService) {}

  @Get()
  view(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<CheckInView> {
    return this.checkIns.view(workspaceId, account.id);
  }

  @Put()
  @ApiBody({ schema: openApiSchema(SetCheckInBody) })
  define(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(SetCheckInBody)) body: SetCheckInBody): Promise<CheckInDefinition> {
    return this.checkIns.define(workspaceId, account.id, body);
  }

  @Put('mine')
  @ApiBody({ schema: openApiSchema(CheckInAnswersBody) })
  answer(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(CheckInAnswersBody)) body: CheckInAnswersBody): Promise<MyCheckInAnswers> {
    return this.checkIns.answer(workspaceId, account.id, body.answers);
  }

  @Post('mine/shares')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(ShareCheckInAnswerBody) })
  share(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(ShareCheckInAnswerBody)) body: ShareCheckInAnswerBody): Promise<MyCheckInAnswers> {
    return this.checkIns.share(workspaceId, account.id, body.questionId, true);
  }

  @Delete('mine/shares/:questionId')
  unshare(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Param('questionId') questionId: string): Promise<MyCheckInAnswers> {
    return this.checkIns.share(workspaceId, account.id, questionId, false);
  }

  @Get('answers')
  table(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<CheckInAnswersTable> {
    return this.checkIns.table(workspaceId, account.id);
  }
}
