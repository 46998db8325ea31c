import { io, type Socket } from 'socket.io-client';
import { LIVE_SOCKET_PATH, type LiveClientEventMap, type LiveServerEvents } from '@kinship/domain/wire';

export type LiveSocket = Socket<LiveServerEvents, LiveClientEventMap>;

type Events = LiveServerEvents & {
  connect: () => void;
  disconnect: (reason: Socket.DisconnectReason) => void;
  connect_error: (error: Error) => void;
};

/** After the server refused or closed the connection itself (no retry of its own), try again this often. */
const RETRY_MS = 5000;

/** One user's hold on the tab's socket: its own listeners, removed when it lets go. */
export interface LiveSocketLease {
  readonly socket: LiveSocket;
  on<E extends keyof Events>(event: E, listener: Events[E]): void;
  /** Connects the socket unless it is connected or already trying. */
  connect(): void;
  /** Takes this user's listeners off; the last one to let go closes the socket. */
  release(): void;
}

/** Whether the server itself closed (or refused) the connection: socket.io will not come back by itself. */
export function closedByServer(socket: LiveSocket, event: 'disconnect' | 'connect_error', reason?: Socket.DisconnectReason): boolean {
  return event === 'disconnect' ? reason === 'io server disconnect' : !socket.active;
}

/**
 * The workspace a page of this tab shows (`/workspaces/<id>/…`), or null. Sent with the socket as
 * `?workspace=`: with `WORKERS=n` the API's primary uses it to put a workspace's sockets on one
 * process, and for nothing else (the door admits and scopes a socket by its login alone).
 */
export function workspaceInPath(pathname: string): string | null {
  const match = /^\/workspaces\/([^/?#]+)/.exec(pathname);
  return match ? match[1]! : null;
}

let shared: { socket: LiveSocket; users: number; retry: ReturnType<typeof setTimeout> | undefined; connect(): void } | null = null;

function open(): NonNullable<typeof shared> {
  const socket: LiveSocket = io({
    path: LIVE_SOCKET_PATH,
    // A WebSocket from the start: no long-polling, so no sticky sessions behind a balancer.
    transports: ['websocket'],
    withCredentials: true,
    autoConnect: false,
    // Its own manager, so a socket opened after this one closed never inherits its listeners.
    forceNew: true,
    query: {},
  });
  // The routing hint is read again before every attempt, so it follows the tab to another workspace.
  const aim = () => {
    const workspace = workspaceInPath(window.location.pathname);
    socket.io.opts.query = workspace ? { workspace } : {};
  };
  socket.io.on('reconnect_attempt', aim);
  const connect = () => {
    aim();
    socket.connect();
  };
  const held = { socket, users: 0, retry: undefined as ReturnType<typeof setTimeout> | undefined, connect };
  const retryLater = () => {
    clearTimeout(held.retry);
    held.retry = setTimeout(() => {
      if (shared === held && !socket.connected) connect();
    }, RETRY_MS);
  };
  socket.on('connect', () => clearTimeout(held.retry));
  socket.on('disconnect', (reason) => {
    if (closedByServer(socket, 'disconnect', reason)) retryLater();
  });
  socket.on('connect_error', () => {
    if (closedByServer(socket, 'connect_error')) retryLater();
  });
  return held;
}

/**
 * The tab's one socket.io connection to the `/live` door (same origin, the login cookie), shared
 * by everything that needs it (the notifications bell, a workspace's live session): opened by the
 * first user, closed when the last lets go (signing out unmounts them all). When the server
 * closes or refuses it (a login that ended, a restart), it tries again every 5 s while held; each
 * user hears `connect` again and says what it needs anew.
 */
export function leaseLiveSocket(): LiveSocketLease {
  const held = shared ?? (shared = open());
  held.users += 1;
  const mine: [keyof Events, (...args: never[]) => void][] = [];
  let released = false;
  return {
    socket: held.socket,
    on(event, listener) {
      if (released) return;
      mine.push([event, listener as (...args: never[]) => void]);
      (held.socket.on as (event: string, listener: (...args: never[]) => void) => void)(event, listener as (...args: never[]) => void);
    },
    connect() {
      if (!released && !held.socket.connected && !held.socket.active) held.connect();
    },
    release() {
      if (released) return;
      released = true;
      for (const [event, listener] of mine) (held.socket.off as (event: string, listener: (...args: never[]) => void) => void)(event, listener);
      held.users -= 1;
      if (held.users > 0) return;
      clearTimeout(held.retry);
      held.socket.disconnect();
      held.socket.removeAllListeners();
      if (shared === held) shared = null;
    },
  };
}
