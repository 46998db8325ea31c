import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SyncModule } from '../sync/sync.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { RevealsController } from './reveals.controller';
import { RevealsRepository } from './reveals.repository';
import { RevealsService } from './reveals.service';

/**
 * Drafts revealed together: prompts, each partner's draft document (kind 'draft', author-only until
 * revealed), done / not done, and the reveal (one `/live` emit to both partners). No audit, activity
 * or notification door is used while drafts are written. Exports read it for records downloads.
 */
@Module({
  imports: [WorkspacesModule, DocumentsModule, SyncModule, RealtimeModule],
  controllers: [RevealsController],
  providers: [RevealsService, RevealsRepository],
  exports: [RevealsService],
})
export class RevealsModule {}
