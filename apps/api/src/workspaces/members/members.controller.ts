import { Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentAccount } from '../../accounts/auth.guard';
import type { LoginAccount } from '../../accounts/logins.service';
import { uuidParam } from '../../common/uuid-param';
import { MembersService } from './members.service';

@ApiTags('workspaces')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('workspaces/:id')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  /** The counselor removes a partner. */
  @Delete('members/:accountId')
  @HttpCode(204)
  remove(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string, @Param('accountId', uuidParam('Member')) memberId: string): Promise<void> {
    return this.members.remove(id, account.id, memberId);
  }

  /** A partner leaves. */
  @Post('leave')
  @HttpCode(204)
  leave(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string): Promise<void> {
    return this.members.leave(id, account.id);
  }
}
