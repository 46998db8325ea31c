import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentAccount } from '../../accounts/auth.guard';
import { uuidParam } from '../../common/uuid-param';
import type { LoginAccount } from '../../accounts/logins.service';
import { DocumentActivityService } from './document-activity.service';
import type { DocumentActivityView } from '@kinship/domain/wire';

@ApiTags('documents')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class DocumentActivityController {
  constructor(private readonly activity: DocumentActivityService) {}

  @Get('documents/:id/activity')
  forDocument(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Document')) id: string): Promise<DocumentActivityView[]> {
    return this.activity.forDocument(id, account.id);
  }

  @Get('workspaces/:id/document-activity')
  latestInWorkspace(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string): Promise<DocumentActivityView[]> {
    return this.activity.latestInWorkspace(id, account.id);
  }
}
