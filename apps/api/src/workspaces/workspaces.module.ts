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
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';

@Global()
@Module({
  controllers: [WorkspacesController, WorkspaceInvitesController, InvitesController, MembersController],
  providers: [AccessService, WorkspacesService, WorkspacesRepository, MembershipsRepository, InvitesService, InvitesRepository, MembersService],
  exports: [AccessService, MembershipsRepository, WorkspacesService],
})
export class WorkspacesModule {}
