import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { LiveSessionSummaryView, SaveSessionObservationsBody, SaveSessionSummaryBody, SessionObservationsView, SessionRecordView } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { SessionRecordsService } from './session-records.service';

/** The record of live sessions; the live session itself runs over the socket (live-sessions.gateway.ts). */
@ApiTags('live sessions')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class LiveSessionsController {
  constructor(private readonly records: SessionRecordsService) {}

  @Get('workspaces/:id/live-sessions')
  list(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<LiveSessionSummaryView[]> {
    return this.records.list(workspaceId, account.id);
  }

  @Get('live-sessions/:id')
  get(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Session')) id: string): Promise<SessionRecordView> {
    return this.records.get(id, account.id);
  }

  @Put('live-sessions/:id/summary')
  @ApiBody({ schema: openApiSchema(SaveSessionSummaryBody) })
  saveSummary(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Session')) id: string,
    @Body(new ZodBodyPipe(SaveSessionSummaryBody)) body: SaveSessionSummaryBody,
  ): Promise<SessionRecordView> {
    return this.records.saveSummary(id, account.id, body.summary);
  }

  /** The counselor's private observations: never answered to a partner. */
  @Get('live-sessions/:id/observations')
  observations(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Session')) id: string): Promise<SessionObservationsView> {
    return this.records.observations(id, account.id);
  }

  @Put('live-sessions/:id/observations')
  @ApiBody({ schema: openApiSchema(SaveSessionObservationsBody) })
  saveObservations(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Session')) id: string,
    @Body(new ZodBodyPipe(SaveSessionObservationsBody)) body: SaveSessionObservationsBody,
  ): Promise<SessionObservationsView> {
    return this.records.saveObservations(id, account.id, body.text);
  }
}
