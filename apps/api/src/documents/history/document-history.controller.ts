import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentAccount } from '../../accounts/auth.guard';
import { DomainError } from '../../common/domain-error';
import { uuidParam } from '../../common/uuid-param';
import type { LoginAccount } from '../../accounts/logins.service';
import { DocumentHistoryService } from './document-history.service';
import type { AuthorshipView, HistoryPage, HistoryPointView } from '@kinship/domain/wire';

const EDIT_ID = /^[1-9][0-9]{0,18}$/;
/** Edit ids are stored updates' ids (bigint): none is larger. */
const MAX_EDIT_ID = 2n ** 63n - 1n;

function editId(value: string | undefined, what: string): string {
  if (!value || !EDIT_ID.test(value) || BigInt(value) > MAX_EDIT_ID) throw new DomainError('invalid', `${what} must be an edit id`, what);
  return value;
}

@ApiTags('documents')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller('documents/:id')
export class DocumentHistoryController {
  constructor(private readonly history: DocumentHistoryService) {}

  @Get('authorship')
  authorship(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Document')) id: string): Promise<AuthorshipView> {
    return this.history.authorship(id, account.id);
  }

  @Get('history')
  @ApiQuery({ name: 'before', required: false, description: 'An edit id: the page of edits older than it' })
  list(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Document')) id: string, @Query('before') before?: string): Promise<HistoryPage> {
    return this.history.list(id, account.id, before === undefined ? null : editId(before, 'before'));
  }

  @Get('history/:editId')
  at(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Document')) id: string, @Param('editId') edit: string): Promise<HistoryPointView> {
    return this.history.at(id, account.id, editId(edit, 'editId'));
  }
}
