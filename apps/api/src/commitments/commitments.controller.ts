import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  CommitmentCheckInBody,
  CommitmentCheckInView,
  CommitmentsView,
  CommitmentView,
  CommitmentWeekView,
  EditCommitmentBody,
  MakeCommitmentBody,
  SetCommitmentRhythmBody,
} from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { CommitmentsService } from './commitments.service';

/** Commitments on agreement items and their check-ins; every rule is in the service. */
@ApiTags('commitments')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get('workspaces/:id/commitments')
  list(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string): Promise<CommitmentsView> {
    return this.commitments.list(id, account.id);
  }

  @Post('workspaces/:id/commitments')
  @ApiBody({ schema: openApiSchema(MakeCommitmentBody) })
  make(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) id: string,
    @Body(new ZodBodyPipe(MakeCommitmentBody)) body: MakeCommitmentBody,
  ): Promise<CommitmentView> {
    return this.commitments.make(id, account.id, body);
  }

  @Get('workspaces/:id/commitments/week')
  week(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string, @Query('of') of?: string): Promise<CommitmentWeekView> {
    return this.commitments.week(id, account.id, of);
  }

  @Put('workspaces/:id/commitments/rhythm')
  @ApiBody({ schema: openApiSchema(SetCommitmentRhythmBody) })
  setRhythm(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) id: string,
    @Body(new ZodBodyPipe(SetCommitmentRhythmBody)) body: SetCommitmentRhythmBody,
  ): Promise<CommitmentsView> {
    return this.commitments.setRhythm(id, account.id, body.rhythm);
  }

  @Patch('commitments/:id')
  @ApiBody({ schema: openApiSchema(EditCommitmentBody) })
  edit(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Commitment')) id: string,
    @Body(new ZodBodyPipe(EditCommitmentBody)) body: EditCommitmentBody,
  ): Promise<CommitmentView> {
    return this.commitments.edit(id, account.id, body);
  }

  @Post('commitments/:id/retire')
  @HttpCode(200)
  retire(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Commitment')) id: string): Promise<CommitmentView> {
    return this.commitments.retire(id, account.id);
  }

  @Put('commitments/:id/check-ins/:period')
  @ApiBody({ schema: openApiSchema(CommitmentCheckInBody) })
  checkIn(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Commitment')) id: string,
    @Param('period') period: string,
    @Body(new ZodBodyPipe(CommitmentCheckInBody)) body: CommitmentCheckInBody,
  ): Promise<CommitmentCheckInView> {
    return this.commitments.checkIn(id, period, account.id, body);
  }
}
