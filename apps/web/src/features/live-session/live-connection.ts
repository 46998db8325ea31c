import { io, type Socket } from 'socket.io-client';
import {
  LIVE_SOCKET_PATH,
  type LiveClientEventMap,
  type LiveClientEventName,
  type LiveClientPayload,
  type LiveServerEvents,
} from '@kinship/domain';
import { checkSession } from '../auth/api';
import type { LiveAction } from './live-state';

export type LiveSocket = Socket<LiveServerEvents, LiveClientEventMap>;

/** After the server refused the connection itself (no retry of its own), try again this often. */
const RETRY_REFUSED_MS = 5000;

export interface LiveWhereabouts {
  documentId: string | null;
  activity: 'active' | 'idle';
}

/**
 * The workspace's one live-session socket (socket.io at LIVE_SOCKET_PATH, same origin, the
 * session cookie). On every connect, the first and each reconnect, it asks for the session
 * (`session:watch`) and says where this tab is (`presence:update`): the server answers with the
 * current state, so a dropped connection or a reload comes back as things are, with no action
 * from the person. Everything the server sends goes to the reducer as actions.
 */
export class LiveConnection {
  private readonly socket: LiveSocket;
  private whereabouts: LiveWhereabouts;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private nonce = 0;

  constructor(
    private readonly workspaceId: string,
    /** This account: a bring-here it sent itself is not carried out on its own screens. */
    private readonly accountId: string,
    private readonly dispatch: (action: LiveAction) => void,
    initial: LiveWhereabouts,
  ) {
    this.whereabouts = initial;
    this.socket = io({
      path: LIVE_SOCKET_PATH,
      // A WebSocket from the start: no long-polling, so no sticky sessions behind a balancer.
      transports: ['websocket'],
      withCredentials: true,
      autoConnect: false,
      // A connection of its own: socket.io would otherwise hand a later connection (another
      // workspace) this same socket, with this one's listeners still on it.
      forceNew: true,
    });
    this.socket.on('connect', () => {
      clearTimeout(this.retry);
      dispatch({ type: 'connected' });
      this.socket.emit('session:watch', { workspaceId });
      this.sendWhereabouts();
    });
    this.socket.on('disconnect', (reason) => {
      dispatch({ type: 'disconnected' });
      // The server closed it (the session ended, a refusal): socket.io does not come back by
      // itself. A session that ended signs the app out (a 401), whatever page is open.
      if (reason === 'io server disconnect') {
        void checkSession();
        this.retryLater();
      }
    });
    this.socket.on('connect_error', () => {
      dispatch({ type: 'disconnected' });
      if (!this.socket.active) {
        void checkSession();
        this.retryLater();
      }
    });
    this.socket.on('session:state', (message) => dispatch({ type: 'state', message }));
    this.socket.on('session:presence', (message) => dispatch({ type: 'presence', message }));
    this.socket.on('session:bring-here', (message) => {
      if (message.by !== this.accountId) dispatch({ type: 'bring-here', message, nonce: ++this.nonce });
    });
    this.socket.on('session:error', (error) => dispatch({ type: 'error', error }));
  }

  start(): void {
    this.stopped = false;
    if (!this.socket.connected) this.socket.connect();
  }

  /** For good: this connection is not started again. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket.disconnect();
    this.socket.removeAllListeners();
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
    if (!this.socket.connected && event !== 'time-out:request') {
      this.dispatch({
        type: 'error',
        error: { event, rule: 'not-connected', message: "You're not connected to the live session right now. Try again in a moment" },
      });
      return;
    }
    // socket.io's typed emit wants the exact tuple of this event; the map gives it one argument.
    (this.socket.emit as (event: E, payload: LiveClientPayload<E>) => void)(event, payload);
  }

  private sendWhereabouts(): void {
    if (!this.socket.connected) return;
    this.socket.emit('presence:update', { workspaceId: this.workspaceId, ...this.whereabouts });
  }

  private retryLater(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, RETRY_REFUSED_MS);
  }
}
