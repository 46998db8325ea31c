import { io, type Socket } from 'socket.io-client';
import { LIVE_SOCKET_PATH, type LiveError, type LiveStateMessage } from '@kinship/domain/wire';
import { LOGIN_COOKIE, type Session } from './rest';

export interface LiveTestSocket {
  /** Sends a session event (the live session's id is added) and waits for the server's refusal of it. */
  refusalOf(event: string, payload: Record<string, unknown>): Promise<LiveError>;
  close(): void;
}

/**
 * A second live-session socket for a person, from Node (not a browser): for proving what the
 * server refuses whatever a client sends. It follows the workspace and learns the live session.
 */
export async function counselorSocket(baseUrl: string, person: Session, workspaceId: string): Promise<LiveTestSocket> {
  const socket: Socket = io(baseUrl, {
    path: LIVE_SOCKET_PATH,
    transports: ['websocket'],
    extraHeaders: { cookie: `${LOGIN_COOKIE}=${person.session}` },
    reconnection: false,
  });
  const sessionId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the live socket sent no session within 10 s')), 10_000);
    socket.on('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('session:state', (message: LiveStateMessage) => {
      if (message.workspaceId !== workspaceId || !message.session) return;
      clearTimeout(timer);
      resolve(message.session.id);
    });
    socket.on('connect', () => socket.emit('session:watch', { workspaceId }));
  });
  return {
    refusalOf: (event, payload) =>
      new Promise<LiveError>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no refusal of ${event} within 5 s`)), 5000);
        socket.on('session:error', (error: LiveError) => {
          if (error.event !== event) return;
          clearTimeout(timer);
          resolve(error);
        });
        socket.emit(event, { sessionId, ...payload });
      }),
    close: () => socket.close(),
  };
}
