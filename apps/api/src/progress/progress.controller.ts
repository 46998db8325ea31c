import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PROGRESS_DEFAULT_WEEKS, PROGRESS_MAX_WEEKS, ProgressQuery, ProgressView } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { ProgressService } from './progress.service';

/** Progress over weeks: read-only; who sees whose series is the service's rule. */
@ApiTags('progress')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('workspaces/:id/progress')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get()
  @ApiQuery({ name: 'weeks', required: false, schema: { type: 'integer', minimum: 1, maximum: PROGRESS_MAX_WEEKS, default: PROGRESS_DEFAULT_WEEKS } })
  view(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string, @Query() query: Record<string, string>): Promise<ProgressView> {
    return this.progress.view(workspaceId, account.id, new ZodBodyPipe(ProgressQuery).transform(query));
  }
}
