import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { MarkNotificationsReadBody, NotificationsPage, NotificationsQuery, NotificationsReadResult } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import type { LoginAccount } from '../accounts/logins.service';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications: newest first, and marking them read. */
@ApiTags('notifications')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentAccount() account: LoginAccount, @Query() query: Record<string, string>): Promise<NotificationsPage> {
    const { before, limit } = new ZodBodyPipe(NotificationsQuery).transform(query);
    return this.notifications.page(account.id, limit, before);
  }

  @Post('read')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(MarkNotificationsReadBody) })
  read(
    @CurrentAccount() account: LoginAccount,
    @Body(new ZodBodyPipe(MarkNotificationsReadBody)) body: MarkNotificationsReadBody,
  ): Promise<NotificationsReadResult> {
    return this.notifications.markRead(account.id, 'all' in body ? 'all' : body.ids);
  }
}
