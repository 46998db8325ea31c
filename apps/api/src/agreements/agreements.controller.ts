import { Body, CanActivate, Controller, Delete, ExecutionContext, Get, HttpCode, Injectable, Param, Post, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AcceptProposalBody, AgreementVersionSummary, AgreementVersionsCompared, AgreementVersionView, AgreementView, ArchiveRequestView, CommentOnProposalBody, CompareVersionsQuery, CreateProposalBody, DeclineProposalBody, ProposalView } from '@kinship/domain/agreements';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { isUuid, uuidParam } from '../common/uuid-param';
import { DomainError } from '../common/domain-error';
import type { LoginAccount } from '../accounts/logins.service';
import { AgreementReadsService } from './agreement-reads.service';
import { AgreementsService } from './agreements.service';
import { AgreementArchiveService } from './agreement-archive.service';
import { AgreementExportService } from './agreement-export';

/** A body that may be left out: read as `{}`. */
const optionalBody = <T>(pipe: ZodBodyPipe<T>) => ({ transform: (value: unknown) => pipe.transform(value ?? {}) });

/** Versions are numbered from 1; `agreement_version.number` holds up to 2^31 − 1. */
const MAX_VERSION = 2_147_483_647;

/**
 * A version number from the path. What is no number at all names nothing (404, as a missing
 * version); a number outside 1 … 2^31 − 1 is the caller's mistake, said so (400).
 */
function versionNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new DomainError('not_found', 'Version was not found');
  if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw new DomainError('invalid', `The version number must be a whole number from 1 to ${MAX_VERSION}`, 'number');
  return n;
}

/** `from` and `to` of a comparison: read by the shared schema, and never past the largest version number. */
function versionsToCompare(query: Record<string, string>): CompareVersionsQuery {
  for (const field of ['from', 'to'] as const) {
    const n = typeof query[field] === 'string' ? Number(query[field]) : Number.NaN;
    if (Number.isFinite(n) && n > MAX_VERSION) throw new DomainError('invalid', `${field} must be a version number from ${field === 'from' ? 0 : 1} to ${MAX_VERSION}`, field);
  }
  return new ZodBodyPipe(CompareVersionsQuery).transform(query);
}

/**
 * Every route under `agreements/:id/proposals/:proposalId` reaches only a proposal of agreement
 * `:id`: through any other id (another agreement's, a document that is none, one that names
 * nothing) the proposal is not found, before anything about it is read or done.
 */
@Injectable()
export class ProposalOfAgreementGuard implements CanActivate {
  constructor(private readonly reads: AgreementReadsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { id, proposalId } = context.switchToHttp().getRequest<{ params: Record<string, string | undefined> }>().params;
    if (proposalId === undefined) return true;
    if (!id || !isUuid(id) || !isUuid(proposalId)) throw new DomainError('not_found', 'Proposal was not found');
    await this.reads.requireProposalOf(id.toLowerCase(), proposalId.toLowerCase());
    return true;
  }
}

/** Agreements in force, proposals and decisions; every rule is in the services. */
@ApiTags('agreements')
@ApiCookieAuth()
@UseGuards(AuthGuard, ProposalOfAgreementGuard)
@Controller()
export class AgreementsController {
  constructor(
    private readonly reads: AgreementReadsService,
    private readonly agreements: AgreementsService,
    private readonly archive: AgreementArchiveService,
    private readonly exports: AgreementExportService,
  ) {}

  @Get('agreements/:id')
  overview(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<AgreementView> {
    return this.reads.overview(id, account.id);
  }

  @Get('agreements/:id/versions')
  versions(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<AgreementVersionSummary[]> {
    return this.reads.versions(id, account.id);
  }

  @Get('agreements/:id/versions/compare')
  compare(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string, @Query() query: Record<string, string>): Promise<AgreementVersionsCompared> {
    const { from, to } = versionsToCompare(query);
    return this.reads.compare(id, account.id, from, to);
  }

  @Get('agreements/:id/versions/:number')
  version(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string, @Param('number') number: string): Promise<AgreementVersionView> {
    return this.reads.version(id, versionNumber(number), account.id);
  }

  /** A version as a Markdown file to keep: who proposed and accepted it and when, then its items. */
  @Get('agreements/:id/versions/:number/export.md')
  @ApiProduces('text/markdown')
  async exportMarkdown(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string, @Param('number') number: string): Promise<StreamableFile> {
    const file = await this.exports.markdown(id, versionNumber(number), account.id);
    return new StreamableFile(file.body, { type: file.contentType, disposition: file.disposition, length: file.body.length });
  }

  @Post('agreements/:id/proposals')
  @ApiBody({ schema: openApiSchema(CreateProposalBody) })
  propose(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Agreement')) id: string,
    @Body(optionalBody(new ZodBodyPipe(CreateProposalBody))) body: CreateProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.propose(id, account.id, body);
  }

  @Get('agreements/:id/proposals/:proposalId')
  proposal(@CurrentAccount() account: LoginAccount, @Param('proposalId', uuidParam('Proposal')) proposalId: string): Promise<ProposalView> {
    return this.reads.proposal(proposalId, account.id);
  }

  @Post('agreements/:id/proposals/:proposalId/accept')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(AcceptProposalBody) })
  accept(
    @CurrentAccount() account: LoginAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Body(optionalBody(new ZodBodyPipe(AcceptProposalBody))) body: AcceptProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.accept(proposalId, account.id, body);
  }

  @Post('agreements/:id/proposals/:proposalId/decline')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(DeclineProposalBody) })
  decline(
    @CurrentAccount() account: LoginAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Body(new ZodBodyPipe(DeclineProposalBody)) body: DeclineProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.decline(proposalId, account.id, body.reason);
  }

  @Post('agreements/:id/proposals/:proposalId/withdraw')
  @HttpCode(200)
  withdraw(@CurrentAccount() account: LoginAccount, @Param('proposalId', uuidParam('Proposal')) proposalId: string): Promise<ProposalView> {
    return this.agreements.withdraw(proposalId, account.id);
  }

  @Post('agreements/:id/proposals/:proposalId/comments')
  @ApiBody({ schema: openApiSchema(CommentOnProposalBody) })
  comment(
    @CurrentAccount() account: LoginAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Body(new ZodBodyPipe(CommentOnProposalBody)) body: CommentOnProposalBody,
  ): Promise<ProposalView> {
    return this.agreements.comment(proposalId, account.id, body);
  }

  @Post('agreements/:id/proposals/:proposalId/rebase')
  @HttpCode(200)
  rebase(@CurrentAccount() account: LoginAccount, @Param('proposalId', uuidParam('Proposal')) proposalId: string): Promise<ProposalView> {
    return this.agreements.rebase(proposalId, account.id);
  }

  @Post('agreements/:id/proposals/:proposalId/conflicts/:itemId/keep')
  @HttpCode(200)
  keepMine(
    @CurrentAccount() account: LoginAccount,
    @Param('proposalId', uuidParam('Proposal')) proposalId: string,
    @Param('itemId') itemId: string,
  ): Promise<ProposalView> {
    return this.agreements.keepMine(proposalId, itemId, account.id);
  }

  @Post('agreements/:id/archive-request')
  requestArchive(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<ArchiveRequestView> {
    return this.archive.request(id, account.id);
  }

  @Post('agreements/:id/archive-request/confirm')
  @HttpCode(204)
  confirmArchive(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<void> {
    return this.archive.confirm(id, account.id);
  }

  @Delete('agreements/:id/archive-request')
  @HttpCode(204)
  cancelArchive(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Agreement')) id: string): Promise<void> {
    return this.archive.cancel(id, account.id);
  }
}
