import type { LiveClientEventName, LiveClientPayload } from '@kinship/domain/wire';
import { checkSession } from '../auth/api';
import { closedByServer, leaseLiveSocket, type LiveSocket, type LiveSocketLease } from '../../shared/live-socket';
import type { LiveAction } from './live-state';

export type { LiveSocket };

export interface LiveWhereabouts {
  documentId: string | null;
  activity: 'active' | 'idle';
}

/**
 * The workspace's live session, on the tab's one socket to the `/live` door (shared with the
 * notifications bell: shared/live-socket.ts). On every connect, the first and each reconnect, it
 * asks for the session (`session:watch`) and says where this tab is (`presence:update`): the
 * server answers with the current state, so a dropped connection or a reload comes back as things
 * are, with no action from the person. Stopping says `session:unwatch` (the socket stays open for
 * the rest). Everything the server sends about this workspace goes to the reducer as actions.
 */
export class LiveConnection {
  private lease: LiveSocketLease | null = null;
  private whereabouts: LiveWhereabouts;
  private nonce = 0;

  constructor(
    private readonly workspaceId: string,
    /** This account: a bring-here it sent itself is not carried out on its own screens. */
    private readonly accountId: string,
    private readonly dispatch: (action: LiveAction) => void,
    initial: LiveWhereabouts,
  ) {
    this.whereabouts = initial;
  }

  private get socket(): LiveSocket | null {
    return this.lease?.socket ?? null;
  }

  start(): void {
    if (this.lease) return;
    const lease = leaseLiveSocket();
    this.lease = lease;
    const { dispatch, workspaceId } = this;
    const ours = (message: { workspaceId: string }) => message.workspaceId === workspaceId;
    lease.on('connect', () => this.follow());
    lease.on('disconnect', (reason) => {
      dispatch({ type: 'disconnected' });
      // The server closed it (the login ended, a refusal): socket.io does not come back by itself
      // (the shared socket tries again). A login that ended signs the app out (a 401), whatever page is open.
      if (closedByServer(lease.socket, 'disconnect', reason)) void checkSession();
    });
    lease.on('connect_error', () => {
      dispatch({ type: 'disconnected' });
      if (closedByServer(lease.socket, 'connect_error')) void checkSession();
    });
    lease.on('session:state', (message) => {
      if (ours(message)) dispatch({ type: 'state', message });
    });
    lease.on('session:presence', (message) => {
      if (ours(message)) dispatch({ type: 'presence', message });
    });
    lease.on('session:bring-here', (message) => {
      if (ours(message) && message.by !== this.accountId) dispatch({ type: 'bring-here', message, nonce: ++this.nonce });
    });
    lease.on('session:error', (error) => dispatch({ type: 'error', error }));
    if (lease.socket.connected) this.follow();
    else lease.connect();
  }

  /** For good: this connection is not started again. The tab's socket stays open while something else holds it. */
  stop(): void {
    const lease = this.lease;
    if (!lease) return;
    this.lease = null;
    if (lease.socket.connected) lease.socket.emit('session:unwatch', { workspaceId: this.workspaceId });
    lease.release();
  }

  private follow(): void {
    this.dispatch({ type: 'connected' });
    this.socket?.emit('session:watch', { workspaceId: this.workspaceId });
    this.sendWhereabouts();
  }

  /** Where this tab is now; told to the server at once when connected, and on every reconnect. */
  setWhereabouts(next: LiveWhereabouts): void {
    if (next.documentId === this.whereabouts.documentId && next.activity === this.whereabouts.activity) return;
    this.whereabouts = next;
    this.sendWhereabouts();
  }

  /**
   * Sends a person's action. While the socket is down it is not queued (a lock or a mirror sent
   * minutes later would surprise everyone): the person is told instead. A time-out is the
   * exception: it is never lost, and goes out as soon as the socket is back.
   */
  send<E extends LiveClientEventName>(event: E, payload: LiveClientPayload<E>): void {
    const socket = this.socket;
    if (!socket?.connected && event !== 'time-out:request') {
      this.dispatch({
        type: 'error',
        error: { event, rule: 'not-connected', message: "You're not connected to the live session right now. Try again in a moment" },
      });
      return;
    }
    if (!socket) return;
    // socket.io's typed emit wants the exact tuple of this event; the map gives it one argument.
    (socket.emit as (event: E, payload: LiveClientPayload<E>) => void)(event, payload);
  }

  private sendWhereabouts(): void {
    if (!this.socket?.connected) return;
    this.socket.emit('presence:update', { workspaceId: this.workspaceId, ...this.whereabouts });
  }
}
