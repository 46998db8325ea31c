import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CreateInviteBody, CreateWorkspaceBody, InviteCreated, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain';
import { AuthGuard, CurrentAccount } from '../common/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { SessionAccount } from '../accounts/sessions.service';
import { WorkspacesService } from './workspaces.service';
import { InvitesService } from './invites/invites.service';

@ApiTags('workspaces')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly invites: InvitesService,
  ) {}

  @Post('workspaces')
  @ApiBody({ schema: openApiSchema(CreateWorkspaceBody) })
  create(@CurrentAccount() account: SessionAccount, @Body(new ZodBodyPipe(CreateWorkspaceBody)) body: CreateWorkspaceBody): Promise<WorkspaceSummary> {
    return this.workspaces.create(account.id, body.name);
  }

  @Get('workspaces')
  list(@CurrentAccount() account: SessionAccount): Promise<WorkspaceSummary[]> {
    return this.workspaces.listFor(account.id);
  }

  @Get('workspaces/:id')
  detail(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Workspace')) id: string): Promise<WorkspaceDetail> {
    return this.workspaces.detail(id, account.id);
  }

  @Post('workspaces/:id/invites')
  @ApiBody({ schema: openApiSchema(CreateInviteBody) })
  invite(
    @CurrentAccount() account: SessionAccount,
    @Param('id', uuidParam('Workspace')) id: string,
    @Body(new ZodBodyPipe(CreateInviteBody)) _body: CreateInviteBody,
  ): Promise<InviteCreated> {
    return this.invites.create(id, account.id);
  }
}
