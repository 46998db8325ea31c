import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CreateWorkspaceBody, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { WorkspacesService } from './workspaces.service';

@ApiTags('workspaces')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Post('workspaces')
  @ApiBody({ schema: openApiSchema(CreateWorkspaceBody) })
  create(@CurrentAccount() account: LoginAccount, @Body(new ZodBodyPipe(CreateWorkspaceBody)) body: CreateWorkspaceBody): Promise<WorkspaceSummary> {
    return this.workspaces.create(account.id, body.name);
  }

  @Get('workspaces')
  list(@CurrentAccount() account: LoginAccount): Promise<WorkspaceSummary[]> {
    return this.workspaces.listFor(account.id);
  }

  @Get('workspaces/:id')
  detail(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string): Promise<WorkspaceDetail> {
    return this.workspaces.detail(id, account.id);
  }
}
