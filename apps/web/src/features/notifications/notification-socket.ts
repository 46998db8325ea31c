import { io, type Socket } from 'socket.io-client';
import { checkSession } from '../auth/api';
import { LIVE_SOCKET_PATH, type LiveClientEventMap, type LiveServerEvents, type NotificationMessage } from '@kinship/domain';

/** After the server refused or closed the connection (no retry of its own), try again this often. */
const RETRY_MS = 5000;

/**
 * The app-wide socket for a signed-in person's notifications: a connection of its own to the
 * live-session gateway (LIVE_SOCKET_PATH, the session cookie) that watches no workspace. The
 * gateway puts every socket of a person in their account's room, so this one hears
 * `notification:new` on any page, in a workspace or not. It sends nothing; on every (re)connect it
 * asks the page to read the list again, so what arrived while it was down is not missed.
 */
export class NotificationSocket {
  private readonly socket: Socket<LiveServerEvents, LiveClientEventMap>;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(handlers: { onNotification: (message: NotificationMessage) => void; onConnect: () => void }) {
    // `for=notifications` names it in the URL (logs, tests telling it from a workspace's live socket); the server reads nothing from it.
    this.socket = io({ path: LIVE_SOCKET_PATH, query: { for: 'notifications' }, transports: ['websocket'], withCredentials: true, autoConnect: false, forceNew: true });
    this.socket.on('connect', () => {
      clearTimeout(this.retry);
      handlers.onConnect();
    });
    this.socket.on('notification:new', (message) => handlers.onNotification(message));
    // The server closes a session's sockets when it ends (logged out elsewhere, account deleted)
    // and refuses them after: ask whether the session is over, so every page leaves at once.
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') {
        void checkSession();
        this.retryLater();
      }
    });
    this.socket.on('connect_error', () => {
      if (!this.socket.active) {
        void checkSession();
        this.retryLater();
      }
    });
  }

  start(): void {
    this.stopped = false;
    this.socket.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket.disconnect();
    this.socket.removeAllListeners();
  }

  private retryLater(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, RETRY_MS);
  }
}
