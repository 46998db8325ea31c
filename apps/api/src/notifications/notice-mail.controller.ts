import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { NoticeMailView, SetNoticeMailBody } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import type { LoginAccount } from '../accounts/logins.service';
import { openApiSchema } from '../common/openapi';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { NoticeMailService } from './notice-mail.service';

/** The caller's own choice of a mail when something waits for them. */
@ApiTags('notifications')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('me/notice-mail')
export class NoticeMailController {
  constructor(private readonly notices: NoticeMailService) {}

  @Get()
  get(@CurrentAccount() account: LoginAccount): Promise<NoticeMailView> {
    return this.notices.view(account.id);
  }

  @Put()
  @ApiBody({ schema: openApiSchema(SetNoticeMailBody) })
  set(@CurrentAccount() account: LoginAccount, @Body(new ZodBodyPipe(SetNoticeMailBody)) body: SetNoticeMailBody): Promise<NoticeMailView> {
    return this.notices.choose(account.id, body.enabled);
  }
}
