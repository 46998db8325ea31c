import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CreateInviteBody, InviteCreated, PendingInviteView } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../../accounts/auth.guard';
import { ZodBodyPipe } from '../../common/zod-body.pipe';
import { openApiSchema } from '../../common/openapi';
import { uuidParam } from '../../common/uuid-param';
import type { LoginAccount } from '../../accounts/logins.service';
import { InvitesService } from './invites.service';

/** A workspace's invites, as its counselor makes, sees and withdraws them. */
@ApiTags('invites')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('workspaces/:id/invites')
export class WorkspaceInvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post()
  @ApiBody({ schema: openApiSchema(CreateInviteBody) })
  create(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Body(new ZodBodyPipe(CreateInviteBody)) body: CreateInviteBody,
  ): Promise<InviteCreated> {
    return this.invites.create(workspaceId, account.id, body.note ?? null);
  }

  @Get()
  listPending(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<PendingInviteView[]> {
    return this.invites.listPending(workspaceId, account.id);
  }

  @Delete(':inviteId')
  @HttpCode(204)
  withdraw(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Param('inviteId', uuidParam('Invite')) inviteId: string,
  ): Promise<void> {
    return this.invites.withdraw(workspaceId, inviteId, account.id);
  }
}
