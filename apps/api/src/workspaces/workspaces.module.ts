import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';
import { InvitesService } from './invites/invites.service';
import { InvitesController } from './invites/invites.controller';

@Global()
@Module({
  controllers: [WorkspacesController, InvitesController],
  providers: [AccessService, WorkspacesService, InvitesService],
  exports: [AccessService],
})
export class WorkspacesModule {}
