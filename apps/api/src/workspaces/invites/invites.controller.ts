import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { InviteAccepted, InvitePreview } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../../accounts/auth.guard';
import type { LoginAccount } from '../../accounts/logins.service';
import { InvitesService } from './invites.service';

@ApiTags('invites')
@Controller('invites/:token')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  /** Open to whoever holds the link, so a person can see what they are joining before registering. */
  @Get()
  preview(@Param('token') token: string): Promise<InvitePreview> {
    return this.invites.preview(token);
  }

  @Post('accept')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  @ApiCookieAuth()
  accept(@CurrentAccount() account: LoginAccount, @Param('token') token: string): Promise<InviteAccepted> {
    return this.invites.accept(token, account.id);
  }
}
