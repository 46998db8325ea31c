import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CreateDocumentBody, DocumentView, UpdateDocumentBody } from '@kinship/domain/wire';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { openApiSchema } from '../common/openapi';
import { uuidParam } from '../common/uuid-param';
import type { LoginAccount } from '../accounts/logins.service';
import { DocumentsService } from './documents.service';

@ApiTags('documents')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('workspaces/:id/documents')
  list(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) workspaceId: string): Promise<DocumentView[]> {
    return this.documents.list(workspaceId, account.id);
  }

  @Post('workspaces/:id/documents')
  @ApiBody({ schema: openApiSchema(CreateDocumentBody) })
  create(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Workspace')) workspaceId: string,
    @Body(new ZodBodyPipe(CreateDocumentBody)) body: CreateDocumentBody,
  ): Promise<DocumentView> {
    return this.documents.create(workspaceId, account.id, body);
  }

  @Get('documents/:id')
  get(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Document')) id: string): Promise<DocumentView> {
    return this.documents.get(id, account.id);
  }

  @Patch('documents/:id')
  @ApiBody({ schema: openApiSchema(UpdateDocumentBody) })
  update(
    @CurrentAccount() account: LoginAccount,
    @Param('id', uuidParam('Document')) id: string,
    @Body(new ZodBodyPipe(UpdateDocumentBody)) body: UpdateDocumentBody,
  ): Promise<DocumentView> {
    return this.documents.update(id, account.id, body);
  }
}
