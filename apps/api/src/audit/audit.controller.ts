import { Controller, Get, Param, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditCsvQuery, AuditPage, AuditQuery, MyAuditQuery } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { AuditService } from './audit.service';

/** The audit trail: the workspace's (the counselor's alone), and each person's own. */
@ApiTags('audit')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('workspaces/:id/audit')
  workspace(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Query() query: Record<string, string>,
  ): Promise<AuditPage> {
    return this.audit.workspaceTrail(workspaceId, account.id, new ZodBodyPipe(AuditQuery).transform(query));
  }

  @Get('workspaces/:id/audit.csv')
  @ApiProduces('text/csv')
  async workspaceCsv(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Query() query: Record<string, string>,
  ): Promise<StreamableFile> {
    const csv = Buffer.from(await this.audit.workspaceCsv(workspaceId, account.id, new ZodBodyPipe(AuditCsvQuery).transform(query)), 'utf8');
    const day = new Date().toISOString().slice(0, 10);
    return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="audit-trail-${day}.csv"`, length: csv.length });
  }

  @Get('me/audit')
  mine(@CurrentAccount() account: LoginAccount, @Query() query: Record<string, string>): Promise<AuditPage> {
    return this.audit.mine(account.id, account.email, new ZodBodyPipe(MyAuditQuery).transform(query));
  }
}
