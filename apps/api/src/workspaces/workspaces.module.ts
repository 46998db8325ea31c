import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';
import { WorkspacesRepository } from './workspaces.repository';
import { MembershipsRepository } from './memberships.repository';
import { InvitesService } from './invites/invites.service';
import { InvitesRepository } from './invites/invites.repository';
import { InvitesController } from './invites/invites.controller';
import { WorkspaceInvitesController } from './invites/workspace-invites.controller';

@Global()
@Module({
  controllers: [WorkspacesController, WorkspaceInvitesController, InvitesController],
  providers: [AccessService, WorkspacesService, WorkspacesRepository, MembershipsRepository, InvitesService, InvitesRepository],
  exports: [AccessService],
})
export class WorkspacesModule {}
