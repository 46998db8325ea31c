import cluster, { type Worker } from 'node:cluster';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/env';
import { announceRunning } from '../announce';
import { readRequestLine, routingKeyOf, slotFor } from './routing';
import { isWorkerReady, type HandedConnection } from './worker';

/** How long a process that died waits before it is started again (a crash loop stays calm). */
const RESTART_DELAY_MS = 1000;
/** How long a new connection has to send its request line before the primary drops it. */
const REQUEST_LINE_WAIT_MS = 10_000;

/**
 * `WORKERS=n`: n API processes on this machine's cores behind one port. The primary owns the port:
 * it reads each new connection's request line and hands the socket, with the bytes it read, to a
 * worker (cluster/worker.ts). Every connection to one document (`/sync/<documentId>`), and every
 * `/live` socket that names its workspace, goes to the same worker, so a document's updates stay in
 * one process; anything else goes round the workers in turn. The choice is a rendezvous hash over
 * the workers that are up: one that dies is started again after a second, and meanwhile only its
 * own documents move to the others (Redis carries what crosses processes, so a document whose
 * clients end up on two of them still converges). SIGTERM stops them all, each storing what it
 * holds first.
 */
export function superviseWorkers(config: AppConfig): void {
  const logger = new Logger('Kinship');
  const workers = new Map<number, Worker>();
  /** Slots whose worker said it is ready and is still connected. */
  const live = new Set<number>();
  /** Connections whose request line the primary is still waiting for. */
  const waiting = new Set<Socket>();
  let stopping: { code: number } | null = null;
  let turn = 0;
  let server: Server | null = null;
  let url: Promise<string> | null = null;

  const start = (slot: number) => {
    const worker = cluster.fork();
    workers.set(slot, worker);
    worker.on('message', (message: unknown) => {
      if (!isWorkerReady(message) || stopping) return;
      live.add(slot);
      (url ??= listen()).then(
        (shown) => announceRunning(config, shown, ` (process ${slot + 1} of ${config.workers}, pid ${worker.process.pid})`),
        () => undefined,
      );
    });
    worker.on('disconnect', () => live.delete(slot));
    worker.on('exit', (code, signal) => {
      live.delete(slot);
      if (workers.get(slot) === worker) workers.delete(slot);
      if (stopping) {
        if (workers.size === 0) process.exit(stopping.code);
        return;
      }
      logger.warn(`API process ${slot + 1} of ${config.workers} ended (${signal ?? `exit ${code}`}); starting another`);
      setTimeout(() => start(slot), RESTART_DELAY_MS).unref();
    });
  };

  /** Opens the port once the first worker is ready (as each worker's own listen did before). */
  const listen = () =>
    new Promise<string>((resolve, reject) => {
      const port = createServer({ noDelay: true }, (socket) => route(socket));
      server = port;
      port.on('error', (error) => {
        // Once listening, an error is about one connection it could not accept (too many open files, say).
        if (port.listening) return logger.warn(`Could not take a connection: ${error.message}`);
        logger.error(`Could not listen on ${config.host}:${config.port}: ${error.message}`);
        stop(1);
        reject(error);
      });
      port.listen(config.port, config.host, () => {
        const address = port.address() as AddressInfo;
        resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
      });
    });

  /** Reads the connection's request line, then hands it to its worker; drops it if none comes. */
  const route = (socket: Socket) => {
    const chunks: Buffer[] = [];
    waiting.add(socket);
    const timer = setTimeout(() => drop(), REQUEST_LINE_WAIT_MS);
    const forget = () => {
      waiting.delete(socket);
      clearTimeout(timer);
    };
    const drop = () => {
      forget();
      socket.destroy();
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const head = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      const line = readRequestLine(head);
      if (line.kind === 'partial') return;
      forget();
      // From here on the socket is the worker's (or dropped): the primary listens to it no more.
      socket.off('data', onData).off('end', drop).off('error', drop).off('close', forget).on('error', () => undefined);
      if (line.kind === 'refused') return socket.destroy();
      const key = routingKeyOf(line.target);
      const slots = [...live].sort((a, b) => a - b);
      const slot = key === null ? slots[turn++ % slots.length] : slotFor(key, slots);
      const worker = slot === undefined ? undefined : workers.get(slot);
      if (!worker?.isConnected()) return socket.destroy();
      handOver(worker, socket, head);
    };
    socket.on('data', onData).on('error', drop).on('end', drop).on('close', forget);
  };

  const handOver = (worker: Worker, socket: Socket, head: Buffer) => {
    // Whatever arrived after the chunk that ended the request line goes along too; then the
    // primary stops reading this socket for good (pause() alone lets Node read on into its own
    // buffer, and bytes read here after the hand-over would be lost).
    socket.pause();
    const rest: Buffer[] = [];
    for (let more = socket.read() as Buffer | null; more !== null; more = socket.read() as Buffer | null) rest.push(more);
    (socket as unknown as { _handle?: { readStop?(): number } })._handle?.readStop?.();
    const message: HandedConnection = { kinship: 'connection', head: Buffer.concat([head, ...rest]).toString('base64') };
    worker.send(message, socket, (error: Error | null) => {
      if (error) socket.destroy();
    });
  };

  const stop = (code: number) => {
    stopping = { code: stopping?.code || code };
    server?.close();
    for (const socket of waiting) socket.destroy();
    waiting.clear();
    for (const worker of workers.values()) worker.process.kill('SIGTERM');
    if (workers.size === 0) process.exit(stopping.code);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(0));
  logger.log(`Starting ${config.workers} API processes`);
  for (let slot = 0; slot < config.workers; slot++) start(slot);
}
