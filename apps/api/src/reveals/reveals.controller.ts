import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { MarkDraftDoneBody, OpenRevealPromptBody, RevealPromptView, RevealsView } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { RevealsService } from './reveals.service';

/** Drafts revealed together: the counselor opens a prompt and reveals; each partner writes their own draft and marks it done. */
@ApiTags('reveals')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('workspaces/:id/reveals')
export class RevealsController {
  constructor(private readonly reveals: RevealsService) {}

  @Get()
  view(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<RevealsView> {
    return this.reveals.view(workspaceId, account.id);
  }

  @Post()
  @ApiBody({ schema: openApiSchema(OpenRevealPromptBody) })
  open(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Body(new ZodBodyPipe(OpenRevealPromptBody)) body: OpenRevealPromptBody): Promise<RevealsView> {
    return this.reveals.open(workspaceId, account.id, body);
  }

  @Put(':promptId/mine')
  @ApiBody({ schema: openApiSchema(MarkDraftDoneBody) })
  markDone(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Param('promptId', uuidParam('Prompt')) promptId: string,
    @Body(new ZodBodyPipe(MarkDraftDoneBody)) body: MarkDraftDoneBody,
  ): Promise<RevealPromptView> {
    return this.reveals.markDone(workspaceId, promptId, account.id, body.done);
  }

  @Post(':promptId/withdraw')
  @HttpCode(200)
  withdraw(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Param('promptId', uuidParam('Prompt')) promptId: string): Promise<RevealsView> {
    return this.reveals.withdraw(workspaceId, promptId, account.id);
  }

  @Post(':promptId/reveal')
  @HttpCode(200)
  reveal(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Param('promptId', uuidParam('Prompt')) promptId: string): Promise<RevealsView> {
    return this.reveals.reveal(workspaceId, promptId, account.id);
  }
}
