import { BeforeApplicationShutdown, Inject, Logger, OnApplicationShutdown } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Role } from '@kinship/domain/rules';
import { LIVE_SOCKET_PATH, LiveClientEventMap, LiveClientEventName, LiveError, LiveServerEvents, readLiveEvent } from '@kinship/domain/wire';
import { APP_CONFIG, AppConfig } from '../config/env';
import { SocketAccess, Sweep } from './socket-access';
import { LiveRefusal } from './live-refusal';
import { adapterClients } from './redis-clients';
import { Audience, DoorSocket, DoorSocketData, Handler, InterServerEvents, LiveDoorHooks, ProcessMessage, roomOf, Watch } from './live-door.types';

type DoorServer = Server<LiveClientEventMap, LiveServerEvents, InterServerEvents, DoorSocketData>;

/** How often open sockets are checked against their logins and memberships (and the features sweep). */
const SWEEP_MS = 2000;
/** Events a socket may send: a burst of 20, then 4 a second (an exempt event is never counted). */
const EVENT_BUDGET = { points: 20, duration: 5 };
/** Events refused as over the limit that a socket may still send in the window; one more closes it. */
const REFUSED_BUDGET = { points: 40, duration: 5 };

const LOGGED_OUT = 'please log in';
const CROSS_SITE = 'cross-site connection refused';

/**
 * The `/live` door (socket.io at LIVE_SOCKET_PATH, on the API's own port): it admits a socket with
 * the login cookie (SocketAccess, as the sync server), limits what a socket may send, hands each
 * event to the feature that answers it (in the order sent), and delivers typed messages to a
 * person, a workspace, a role or one account in a workspace — in every process with REDIS_URL.
 * It closes sockets whose login ended and takes sockets out of workspaces their account left.
 * Live sessions and notifications register on it; it knows nothing of either.
 */
@WebSocketGateway({ path: LIVE_SOCKET_PATH, serveClient: false, destroyUpgrade: false, maxHttpBufferSize: 64 * 1024 })
export class LiveDoor implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('LiveDoor');
  @WebSocketServer() private io!: DoorServer;
  private readonly limiter = new RateLimiterMemory(EVENT_BUDGET);
  /** Counts the events refused as over the limit: a socket that keeps sending is disconnected. */
  private readonly refusals = new RateLimiterMemory(REFUSED_BUDGET);
  /** Each socket's events are carried out one after another, in the order sent. */
  private readonly queues = new WeakMap<DoorSocket, Promise<void>>();
  private readonly handlers = new Map<LiveClientEventName, Handler>();
  private readonly hooks: Required<LiveDoorHooks>[] = [];
  private readonly heard: ((message: ProcessMessage) => void)[] = [];
  private redis: { close(): Promise<void> } | null = null;
  private redisWarnedAt = 0;
  private sweeper: Sweep | null = null;
  /** Events being carried out: shutdown waits for them before the database closes. */
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly access: SocketAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    access.onLoginEnded((loginHash) => this.io?.in(roomOf({ login: loginHash })).disconnectSockets(true));
    // The others in the workspace are shown without them, whether or not a socket of theirs is here.
    access.onMembershipEnded((event) =>
      this.leaveWhere((accountId, workspaceId) => accountId === event.accountId && workspaceId === event.workspaceId, [event.workspaceId]),
    );
  }

  // ---- What features register ----

  /** `handler` carries out these client events (read through the shared schemas first). */
  answer(events: readonly LiveClientEventName[], handler: Handler): void {
    for (const event of events) this.handlers.set(event, handler);
  }

  /** A feature's part in every socket's life: see LiveDoorHooks. */
  register(hooks: LiveDoorHooks): void {
    const none = async () => undefined;
    this.hooks.push({ exempt: () => null, stillMembers: async () => () => true, left: none, disconnected: () => undefined, sweep: none, ...hooks });
  }

  // ---- Delivery ----

  /** A typed message to everyone in `to`, in every process (or `onlyHere`), but those in `except`. */
  send<E extends keyof LiveServerEvents>(to: Audience | Audience[], event: E, message: Parameters<LiveServerEvents[E]>[0], options: { except?: Audience[]; onlyHere?: boolean } = {}): void {
    if (!this.io) return;
    const sockets = options.onlyHere ? this.io.local : this.io;
    let target = sockets.to((Array.isArray(to) ? to : [to]).map(roomOf));
    if (options.except?.length) target = target.except(options.except.map(roomOf));
    (target.emit as (event: E, message: Parameters<LiveServerEvents[E]>[0]) => boolean)(event, message);
  }

  /** Whether this person has a socket open on the door, in any process (this one's alone when Redis does not answer). */
  async present(accountId: string): Promise<boolean> {
    const room = roomOf({ person: accountId });
    const sockets = await this.io
      .in(room)
      .fetchSockets()
      .catch(() => this.io.local.in(room).fetchSockets());
    return sockets.length > 0;
  }

  /** What each socket watching the workspace says of itself, in every process (this one's alone when Redis does not answer). */
  async watchers(workspaceId: string): Promise<{ accountId: string; watch: Watch }[]> {
    const room = roomOf({ workspace: workspaceId });
    const sockets = await this.io
      .in(room)
      .fetchSockets()
      .catch(() => this.io.local.in(room).fetchSockets());
    return sockets.flatMap((s) => {
      const watch = s.data.watching?.[workspaceId];
      return watch ? [{ accountId: s.data.accountId, watch }] : [];
    });
  }

  /** The workspaces some socket of this process watches. */
  watchedHere(): Set<string> {
    return new Set(this.sockets().flatMap((s) => Object.keys(s.data.watching ?? {})));
  }

  /** Tells the other API processes (through the Redis adapter; nothing without one). */
  tellProcesses(message: ProcessMessage): void {
    if (this.redis) this.io.serverSideEmit('door:message', message);
  }

  /** What another process told (only with Redis). */
  hearProcesses(hear: (message: ProcessMessage) => void): void {
    this.heard.push(hear);
  }

  // ---- Workspaces a socket follows ----

  /** The socket follows the workspace in this role: its rooms by workspace, role and account. */
  enter(socket: DoorSocket, workspaceId: string, role: Role): Watch {
    const known = socket.data.watching[workspaceId];
    if (known && known.role === role) return known;
    if (known) this.leave(socket, workspaceId);
    const { accountId } = socket.data;
    void socket.join([roomOf({ workspace: workspaceId }), roomOf({ workspace: workspaceId, role }), roomOf({ workspace: workspaceId, account: accountId })]);
    const watch: Watch = { role, documentId: null, activity: 'active', at: Date.now() };
    socket.data.watching[workspaceId] = watch;
    return watch;
  }

  leave(socket: DoorSocket, workspaceId: string): void {
    const watch = socket.data.watching[workspaceId];
    if (!watch) return;
    const { accountId } = socket.data;
    for (const audience of [{ workspace: workspaceId }, { workspace: workspaceId, role: watch.role }, { workspace: workspaceId, account: accountId }]) {
      void socket.leave(roomOf(audience));
    }
    delete socket.data.watching[workspaceId];
  }

  // ---- Admission ----

  afterInit(io: DoorServer): void {
    if (this.config.redisUrl) {
      const redis = adapterClients(this.config.redisUrl, (error) => this.redisTrouble(error));
      this.redis = redis;
      io.adapter(createAdapter(redis.pub, redis.sub, { key: 'kinship:live' }));
      // Messages from other processes arrive on the namespace, not on the server.
      io.of('/').on('door:message', (message) => {
        for (const hear of this.heard) hear(message);
      });
    }
    io.use((socket, next) => {
      this.admit(socket as DoorSocket).then(
        (refusal) => next(refusal ? Object.assign(new Error(refusal), { data: { message: refusal } }) : undefined),
        (error) => {
          this.logger.warn(`Admitting a live socket failed: ${String(error)}`);
          next(new Error('the server could not check your login; try again'));
        },
      );
    });
    this.sweeper = this.access.every(SWEEP_MS, () => this.sweep(), 'live sockets');
  }

  /** The handshake: same site, and a login that holds (as the sync upgrade). Returns why not, or null. */
  private async admit(socket: DoorSocket): Promise<string | null> {
    const admitted = await this.access.admit(socket.handshake.headers);
    if (!admitted.ok) return admitted.refusal === 'cross-site' ? CROSS_SITE : LOGGED_OUT;
    const { accountId, name, loginHash } = admitted.login;
    socket.data = { accountId, name, loginHash, watching: {} };
    return null;
  }

  handleConnection(socket: DoorSocket): void {
    void socket.join([roomOf({ login: socket.data.loginHash }), roomOf({ person: socket.data.accountId })]);
    socket.onAny((event: string, ...args: unknown[]) => this.receive(socket, event, args));
  }

  handleDisconnect(socket: DoorSocket): void {
    void this.limiter.delete(socket.id);
    void this.refusals.delete(socket.id);
    for (const hooks of this.hooks) hooks.disconnected(socket);
  }

  // ---- Events ----

  /**
   * Every event is answered: a refusal with `session:error` naming the rule (and through the
   * acknowledgement, when the client asked for one). An event a feature exempts is carried out at
   * once, never counted; every other event counts, and a socket that keeps sending once refused is
   * disconnected.
   */
  private receive(socket: DoorSocket, event: string, args: unknown[]): void {
    if (!socket.connected) return;
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: unknown) => void) : null;
    const answer = (error: LiveError | null) => {
      if (error) socket.emit('session:error', error);
      ack?.(error ? { ok: false, error } : { ok: true });
    };
    const run = (work: () => Promise<void>) => {
      const done = (this.closing ? Promise.reject(new LiveRefusal('unavailable', 'The server is restarting; please try again in a moment')) : work()).then(
        () => answer(null),
        (error) => answer(this.toLiveError(event, error)),
      );
      this.inFlight.add(done);
      return done.finally(() => this.inFlight.delete(done));
    };
    for (const hooks of this.hooks) {
      const exempt = hooks.exempt(socket, event, args[0]);
      if (exempt) {
        void run(exempt);
        return;
      }
    }
    this.limiter.consume(socket.id).then(
      () => {
        const previous = this.queues.get(socket) ?? Promise.resolve();
        const next = previous.then(() => run(() => this.handle(socket, event, args[0])));
        this.queues.set(socket, next);
      },
      () => {
        answer({ event: String(event).slice(0, 64), rule: 'rate-limited', message: 'Too many requests at once; please wait a moment' });
        this.refusals.consume(socket.id).catch(() => socket.disconnect(true));
      },
    );
  }

  private async handle(socket: DoorSocket, event: string, payload: unknown): Promise<void> {
    if (!socket.connected) return;
    const read = readLiveEvent(event, payload);
    if (!read.ok) throw new LiveRefusal(read.error.rule, read.error.message);
    const handler = this.handlers.get(read.event as LiveClientEventName);
    if (!handler) throw new LiveRefusal('unknown-event', 'This server does not know that event');
    await handler(socket, read.event as LiveClientEventName, read.message);
  }

  private toLiveError(event: string, error: unknown): LiveError {
    if (error instanceof LiveRefusal) return error.toLiveError(String(event).slice(0, 64));
    this.logger.error(`Live event ${String(event).slice(0, 64)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { event: String(event).slice(0, 64), rule: 'unavailable', message: 'Something went wrong on our side; please try again' };
  }

  // ---- Sockets answer to their login and memberships ----

  private sockets(): DoorSocket[] {
    return this.io ? ([...this.io.of('/').sockets.values()] as DoorSocket[]) : [];
  }

  /**
   * This process's sockets of an account that left a workspace leave it; the features are told,
   * per workspace (`always`: even when no socket here left it).
   */
  private async leaveWhere(lost: (accountId: string, workspaceId: string) => boolean, always: string[] = []): Promise<void> {
    const left = new Map<string, DoorSocket[]>(always.map((workspaceId) => [workspaceId, []]));
    for (const socket of this.sockets()) {
      if (!socket.connected) continue;
      for (const workspaceId of Object.keys(socket.data.watching ?? {})) {
        if (!lost(socket.data.accountId, workspaceId)) continue;
        this.leave(socket, workspaceId);
        left.set(workspaceId, [...(left.get(workspaceId) ?? []), socket]);
      }
    }
    for (const [workspaceId, sockets] of left) for (const hooks of this.hooks) await hooks.left(workspaceId, sockets);
  }

  /**
   * Every 2 s: closes this process's sockets whose login expired, went idle or was logged out
   * elsewhere, takes sockets out of workspaces their account left, then lets each feature catch up.
   */
  async sweep(): Promise<void> {
    const sockets = this.sockets();
    if (sockets.length > 0) {
      const ended = await this.access.endedAmong(sockets.map((s) => s.data.loginHash));
      for (const socket of sockets) if (ended(socket.data.loginHash)) socket.disconnect(true);
      const pairs = sockets
        .filter((s) => s.connected)
        .flatMap((s) => Object.keys(s.data.watching).map((workspaceId) => ({ accountId: s.data.accountId, workspaceId })));
      if (pairs.length > 0) {
        const kept = await Promise.all(this.hooks.map((hooks) => hooks.stillMembers(pairs)));
        const asked = new Set(pairs.map((p) => `${p.accountId} ${p.workspaceId}`));
        await this.leaveWhere((accountId, workspaceId) => asked.has(`${accountId} ${workspaceId}`) && kept.some((member) => !member(accountId, workspaceId)));
      }
    }
    for (const hooks of this.hooks) await hooks.sweep();
  }

  /** New events are refused from now on; those under way finish while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.sweeper?.stop();
    await this.redis?.close();
  }

  /** Redis trouble is said at most once every half minute (a reconnect loop would say it every second). */
  private redisTrouble(error: unknown): void {
    if (Date.now() - this.redisWarnedAt < 30_000) return;
    this.redisWarnedAt = Date.now();
    this.logger.warn(`Redis (the live door across processes) is not answering: ${String(error)}`);
  }
}
