import type { Server } from 'node:http';
import { Socket } from 'node:net';

/** Primary → worker, with the connection's socket: the bytes the primary read to route it. */
export interface HandedConnection {
  kinship: 'connection';
  /** Base64 of the connection's first bytes (at least its request line), read by the primary. */
  head: string;
}

/** Worker → primary: the app is up and takes connections. */
export interface WorkerReady {
  kinship: 'ready';
}

export const isHandedConnection = (message: unknown): message is HandedConnection =>
  (message as HandedConnection | null)?.kinship === 'connection' && typeof (message as HandedConnection).head === 'string';

export const isWorkerReady = (message: unknown): message is WorkerReady => (message as WorkerReady | null)?.kinship === 'ready';

/**
 * A worker of `WORKERS=n` (cluster/primary.ts): its HTTP server never binds the port; it takes each
 * connection the primary hands it, with the bytes the primary already read put back in front, as
 * an ordinary new connection (Express, the sync server and socket.io see nothing different). Then
 * it tells the primary it is ready.
 */
export function takeHandedConnections(server: Server): void {
  // Node's HTTP server starts its per-request deadlines (headersTimeout, requestTimeout) and its
  // list of connections (closeIdleConnections at shutdown) on 'listening': a server that takes its
  // connections by hand would otherwise have neither.
  server.emit('listening');
  process.on('message', (message: unknown, handle: unknown) => {
    if (!isHandedConnection(message) || !(handle instanceof Socket)) return;
    handle.unshift(Buffer.from(message.head, 'base64'));
    server.emit('connection', handle);
  });
  const ready: WorkerReady = { kinship: 'ready' };
  process.send?.(ready);
}
