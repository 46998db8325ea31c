import type { NotificationMessage } from '@kinship/domain/wire';
import { checkSession } from '../auth/api';
import { closedByServer, leaseLiveSocket, type LiveSocketLease } from '../../shared/live-socket';

/**
 * A signed-in person's notifications, on the tab's one socket to the `/live` door (shared with a
 * workspace's live session, see shared/live-socket.ts). The door puts every socket of a person in
 * their account's room, so it hears `notification:new` on any page, in a workspace or not. It
 * sends nothing; on every (re)connect it asks the page to read the list again, so what arrived
 * while it was down is not missed.
 */
export class NotificationSocket {
  private lease: LiveSocketLease | null = null;

  constructor(private readonly handlers: { onNotification: (message: NotificationMessage) => void; onConnect: () => void }) {}

  start(): void {
    if (this.lease) return;
    const lease = leaseLiveSocket();
    this.lease = lease;
    lease.on('connect', () => this.handlers.onConnect());
    lease.on('notification:new', (message) => this.handlers.onNotification(message));
    // The server closes a login's sockets when it ends (logged out elsewhere, account deleted)
    // and refuses them after: ask whether the login is over, so every page leaves at once. The
    // shared socket tries again by itself.
    lease.on('disconnect', (reason) => {
      if (closedByServer(lease.socket, 'disconnect', reason)) void checkSession();
    });
    lease.on('connect_error', () => {
      if (closedByServer(lease.socket, 'connect_error')) void checkSession();
    });
    if (lease.socket.connected) this.handlers.onConnect();
    else lease.connect();
  }

  stop(): void {
    this.lease?.release();
    this.lease = null;
  }
}
