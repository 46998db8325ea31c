import { Module } from '@nestjs/common';
import { SocketAccess } from './socket-access';
import { LiveDoor } from './live-door.gateway';

/**
 * Sockets: who may keep one open (SocketAccess, for the sync server and the `/live` door alike)
 * and the `/live` door that features register on. Imports no feature; features import it.
 */
@Module({
  providers: [SocketAccess, LiveDoor],
  exports: [SocketAccess, LiveDoor],
})
export class RealtimeModule {}
