import { io, Socket } from 'socket.io-client';
import { LiveSessionView } from '@kinship/domain/rules';
import { LIVE_SOCKET_PATH, LiveClientEventMap, LiveClientEventName, LiveError, LivePresenceMessage, LiveServerEvents, LiveStateMessage } from '@kinship/domain/wire';
import { until } from './sync-client';

type Received = { event: string; args: unknown[] };

/** A live-session socket as the web client opens it (socket.io-client, the session cookie), recording all it receives. */
export interface LiveClient {
  socket: Socket<LiveServerEvents, LiveClientEventMap>;
  /** Every event received, in order. */
  received: Received[];
  /** Every raw engine.io frame received, as text: what a privacy check searches. */
  raw: string[];
  /** Sends an event, typed or not (hostile tests send anything). */
  send(event: string, payload?: unknown): void;
  /** The latest session state received for a workspace (undefined until one came). */
  state(workspaceId: string): LiveSessionView | null | undefined;
  presence(workspaceId: string): LivePresenceMessage | undefined;
  errors(): LiveError[];
  /** Resolves with the first received event (counting from `from`) that matches. */
  next<T = unknown>(event: string, match?: (payload: T) => boolean, timeoutMs?: number, from?: number): Promise<T>;
  /** Resolves once the session state for the workspace passes the check. */
  stateWhere(workspaceId: string, check: (session: LiveSessionView | null) => boolean, timeoutMs?: number): Promise<LiveSessionView | null>;
  /** Sends an event and resolves with the `session:error` it is answered with. */
  refused(event: string, payload?: unknown, timeoutMs?: number): Promise<LiveError>;
  close(): void;
}

/** Opens a live socket with this cookie and resolves once connected (rejects with the handshake's refusal). */
export async function liveClient(baseUrl: string, cookie: string | null, headers: Record<string, string> = {}): Promise<LiveClient> {
  const socket: Socket<LiveServerEvents, LiveClientEventMap> = io(baseUrl, {
    path: LIVE_SOCKET_PATH,
    transports: ['websocket'],
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
    reconnection: false,
    forceNew: true,
  });
  const received: Received[] = [];
  const raw: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => received.push({ event, args }));
  socket.io.on('open', () => socket.io.engine.on('data', (data: unknown) => raw.push(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });

  const client: LiveClient = {
    socket,
    received,
    raw,
    send(event, payload) {
      (socket.emit as (event: string, ...args: unknown[]) => void)(event, ...(payload === undefined ? [] : [payload]));
    },
    state(workspaceId) {
      for (let i = received.length - 1; i >= 0; i--) {
        const r = received[i]!;
        if (r.event === 'session:state' && (r.args[0] as LiveStateMessage).workspaceId === workspaceId) return (r.args[0] as LiveStateMessage).session;
      }
      return undefined;
    },
    presence(workspaceId) {
      for (let i = received.length - 1; i >= 0; i--) {
        const r = received[i]!;
        if (r.event === 'session:presence' && (r.args[0] as LivePresenceMessage).workspaceId === workspaceId) return r.args[0] as LivePresenceMessage;
      }
      return undefined;
    },
    errors: () => received.filter((r) => r.event === 'session:error').map((r) => r.args[0] as LiveError),
    async next<T>(event: string, match: (payload: T) => boolean = () => true, timeoutMs = 3000, from = 0): Promise<T> {
      let found: T | undefined;
      await until(
        () => {
          for (let i = from; i < received.length; i++) {
            const r = received[i]!;
            if (r.event === event && match(r.args[0] as T)) {
              found = r.args[0] as T;
              return true;
            }
          }
          return false;
        },
        timeoutMs,
        `${event}`,
      );
      return found as T;
    },
    async stateWhere(workspaceId, check, timeoutMs = 3000) {
      await until(() => {
        const s = client.state(workspaceId);
        return s !== undefined && check(s);
      }, timeoutMs, `session state in ${workspaceId}`);
      return client.state(workspaceId)!;
    },
    async refused(event, payload, timeoutMs = 3000) {
      const from = received.length;
      client.send(event, payload);
      return client.next<LiveError>('session:error', () => true, timeoutMs, from);
    },
    close() {
      socket.close();
    },
  };
  return client;
}

/** Sends an event and resolves once the server has carried it out (acknowledged), or rejects with its refusal. */
export function act<E extends LiveClientEventName>(client: LiveClient, event: E, payload: Parameters<LiveClientEventMap[E]>[0], timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${event}`)), timeoutMs);
    (client.socket.emit as (event: string, ...args: unknown[]) => void)(event, payload, (answer: { ok: boolean; error?: LiveError }) => {
      clearTimeout(timer);
      if (answer.ok) resolve();
      else reject(Object.assign(new Error(`${event} refused: ${answer.error?.rule} (${answer.error?.message})`), { liveError: answer.error }));
    });
  });
}
