import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AcceptProposalBody,
  AgreementVersionSummary,
  AgreementVersionsCompared,
  AgreementVersionView,
  AgreementView,
  ArchiveRequestView,
  CommentOnProposalBody,
  CompareVersionsQuery,
  CreateProposalBody,
  DeclineProposalBody,
  ProposalView,
} from '@kinship/domain';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import { DomainError } from '../common/domain-error';
import type { SessionAccount } from '../accounts/sessions.service';
import { AgreementsService } from './agreements.service';
import { AgreementArchiveService } from './agreement-archive.service';
import { AgreementExportService } from './agreement-export';

/** A body that may be left out: read as `{}`. */
const optionalBody = <T>(pipe: ZodBodyPipe<T>) => ({ transform: (value: unknown) => pipe.transform(value ?? {}) });

function versionNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new DomainError('not_found', 'Version was not found');
  return n;
}

/** Agreements in force, proposals and decisions; every rule is in the services. */
@ApiTags('agreements')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class AgreementsController {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly archive: AgreementArchiveService,
    private readonly exports: AgreementExportService,
  ) {}

  @Get('agreements/:id')
  overview(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<AgreementView> {
    return this.agreements.overview(id, account.id);
  }

  @Get('agreements/:id/versions')
  versions(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<AgreementVersionSummary[]> {
    return this.agreements.versions(id, account.id);
  }

  @Get('agreements/:id/versions/compare')
  compare(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string, @Query() query: Record<string, string>): Promise<AgreementVersionsCompared> {
    const { from, to } = new ZodBodyPipe(CompareVersionsQuery).transform(query);
    return this.agreements.compare(id, account.id, from, to);
  }

  @Get('agreements/:id/versions/:number')
  version(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string, @Param('number') number: string): Promise<AgreementVersionView> {
    return this.agreements.version(id, versionNumber(number), account.id);
  }

  /** A version as a Markdown file to keep: who proposed and accepted it and when, then its items. */
  @Get('agreements/:id/versions/:number/export.md')
  @ApiProduces('text/markdown')
  async exportMarkdown(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string, @Param('number') number: string): Promise<StreamableFile> {
    const file = await this.exports.markdown(id, versionNumber(number), account.id);
    return new StreamableFile(file.body, { type: file.contentType, disposition: file.disposition, length: file.body.length });
  }

  @Post('agreements/:id/proposals')
  @ApiBody({ schema: openApiSchema(CreateProposalBody) })
  propose(
    @CurrentAccount() account: SessionAccount,
    @Param('id', uuidParam('Agreement')) id: string,
    @Body(optionalBody(new ZodBodyPipe(CreateProposalBody))) body: CreateProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.propose(id, account.id, body);
  }

  @Get('agreements/:id/proposals/:proposalId')
  proposal(@CurrentAccount() account: SessionAccount, @Param('proposalId', uuidParam('Proposal')) proposalId: string): Promise<ProposalView> {
    return this.agreements.proposal(proposalId, account.id);
  }

  @Post('agreements/:id/proposals/:proposalId/accept')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(AcceptProposalBody) })
  accept(
    @CurrentAccount() account: SessionAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Body(optionalBody(new ZodBodyPipe(AcceptProposalBody))) body: AcceptProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.accept(proposalId, account.id, body);
  }

  @Post('agreements/:id/proposals/:proposalId/decline')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(DeclineProposalBody) })
  decline(
    @CurrentAccount() account: SessionAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Body(new ZodBodyPipe(DeclineProposalBody)) body: DeclineProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.decline(proposalId, account.id, body.reason);
  }

  @Post('agreements/:id/proposals/:proposalId/withdraw')
  @HttpCode(200)
  withdraw(@CurrentAccount() account: SessionAccount, @Param('proposalId', uuidParam('Proposal')) proposalId: string): Promise<ProposalView> {
    return this.agreements.withdraw(proposalId, account.id);
  }

  @Post('agreements/:id/proposals/:proposalId/comments')
  @ApiBody({ schema: openApiSchema(CommentOnProposalBody) })
  comment(
    @CurrentAccount() account: SessionAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Body(new ZodBodyPipe(CommentOnProposalBody)) body: CommentOnProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.comment(proposalId, account.id, body);
  }

  @Post('agreements/:id/proposals/:proposalId/rebase')
  @HttpCode(200)
  rebase(@CurrentAccount() account: SessionAccount, @Param('proposalId', uuidParam('Proposal')) proposalId: string): Promise<ProposalView> {
    return this.agreements.rebase(proposalId, account.id);
  }

  @Post('agreements/:id/proposals/:proposalId/conflicts/:itemId/keep')
  @HttpCode(200)
  keepMine(
    @CurrentAccount() account: SessionAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Param('itemId') itemId: string,
  ): Promise<ProposalView> {
    return this.agreements.keepMine(proposalId, itemId, account.id);
  }

  @Post('agreements/:id/archive-request')
  requestArchive(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<ArchiveRequestView> {
    return this.archive.request(id, account.id);
  }

  @Post('agreements/:id/archive-request/confirm')
  @HttpCode(204)
  confirmArchive(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<void> {
    return this.archive.confirm(id, account.id);
  }

  @Delete('agreements/:id/archive-request')
  @HttpCode(204)
  cancelArchive(@CurrentAccount() account: SessionAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<void> {
    return this.archive.cancel(id, account.id);
  }
}
