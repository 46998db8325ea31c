import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  RepairApologyBody,
  RepairCommitmentBody,
  RepairMoveBody,
  RepairProposalBody,
  RepairsView,
  RepairView,
  SetBetrayalUnlockBody,
  StartRepairBody,
} from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { RepairsService } from './repairs.service';

/** Guided repair; every rule is in the service and the step machine it calls. */
@ApiTags('repairs')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class RepairsController {
  constructor(private readonly repairs: RepairsService) {}

  @Get('workspaces/:id/repairs')
  list(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string): Promise<RepairsView> {
    return this.repairs.list(id, account.id);
  }

  @Post('workspaces/:id/repairs')
  @ApiBody({ schema: openApiSchema(StartRepairBody) })
  start(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) id: string,
    @Body(new ZodBodyPipe(StartRepairBody)) body: StartRepairBody,
  ): Promise<RepairView> {
    return this.repairs.start(id, account.id, body.kind);
  }

  @Put('workspaces/:id/repairs/betrayal')
  @ApiBody({ schema: openApiSchema(SetBetrayalUnlockBody) })
  betrayal(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) id: string,
    @Body(new ZodBodyPipe(SetBetrayalUnlockBody)) body: SetBetrayalUnlockBody,
  ): Promise<RepairsView> {
    return this.repairs.setBetrayalUnlocked(id, account.id, body.unlocked);
  }

  @Get('repairs/:id')
  get(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Repair')) id: string): Promise<RepairView> {
    return this.repairs.get(id, account.id);
  }

  @Post('repairs/:id/moves')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(RepairMoveBody) })
  move(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Repair')) id: string,
    @Body(new ZodBodyPipe(RepairMoveBody)) body: RepairMoveBody,
  ): Promise<RepairView> {
    return this.repairs.move(id, account.id, body);
  }

  @Put('repairs/:id/apology')
  @ApiBody({ schema: openApiSchema(RepairApologyBody) })
  apology(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Repair')) id: string,
    @Body(new ZodBodyPipe(RepairApologyBody)) body: RepairApologyBody,
  ): Promise<RepairView> {
    return this.repairs.apology(id, account.id, body);
  }

  @Post('repairs/:id/proposal')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(RepairProposalBody) })
  proposal(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Repair')) id: string,
    @Body(new ZodBodyPipe(RepairProposalBody)) body: RepairProposalBody,
  ): Promise<RepairView> {
    return this.repairs.toProposal(id, account.id, body.agreementId);
  }

  @Post('repairs/:id/commitment')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(RepairCommitmentBody) })
  commitment(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Repair')) id: string,
    @Body(new ZodBodyPipe(RepairCommitmentBody)) body: RepairCommitmentBody,
  ): Promise<RepairView> {
    return this.repairs.toCommitment(id, account.id, body.agreementId, body.itemId);
  }
}
