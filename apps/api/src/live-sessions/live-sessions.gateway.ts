import { BeforeApplicationShutdown, Inject, Logger, OnApplicationShutdown } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { isDeepStrictEqual } from 'node:util';
import type { Server, Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import {
  LIVE_SOCKET_PATH,
  LiveClientEventMap,
  LiveClientEventName,
  LiveError,
  LiveServerEvents,
  LiveSessionView,
  readLiveEvent,
  Role,
} from '@kinship/domain';
import { APP_CONFIG, AppConfig } from '../config/env';
import { isSameSite } from '../common/same-site';
import { sessionTokenFrom } from '../accounts/auth.guard';
import { SessionsService } from '../accounts/sessions.service';
import { LiveRefusal } from './live-refusal';
import { LiveActor, LiveSessionsService, SessionEventName } from './live-sessions.service';
import { viewFor } from './live-session.transitions';
import { adapterClients } from './redis-clients';
import { LIVE_BRING_HERE, LIVE_SESSION_CHANGED, LiveBringHere, LiveSessionChanged, MEMBERSHIP_ENDED, MembershipEnded, NOTIFICATION_CREATED, NotificationCreated, OnEvent, SESSION_ENDED, SessionEnded } from '../events/events';

/** What one tab says about itself in a workspace it watches. */
interface Watch {
  role: Role;
  documentId: string | null;
  activity: 'active' | 'idle';
  at: number;
}

interface SocketData {
  accountId: string;
  name: string;
  /** The login session (hash of its token) this socket lives on. */
  tokenHash: string;
  watching: Record<string, Watch>;
}

/** Between API processes (through the Redis adapter): a workspace's session changed to this version. */
interface InterServerEvents {
  'live:changed': (message: { workspaceId: string; version: number }) => void;
}

type LiveServer = Server<LiveClientEventMap, LiveServerEvents, InterServerEvents, SocketData>;
type LiveSocket = Socket<LiveClientEventMap, LiveServerEvents, InterServerEvents, SocketData>;

/** How often open sockets are checked against their login sessions and memberships, and the cache against the database. */
const SWEEP_MS = 2000;
/**
 * Events a socket may send: a burst of 20, then 4 a second. A partner's time-out request in their
 * workspace's live session is never counted or refused; anyone else's counts like any event.
 */
const EVENT_BUDGET = { points: 20, duration: 5 };
/** Events refused as over the limit that a socket may still send in the window; one more closes it. */
const REFUSED_BUDGET = { points: 40, duration: 5 };
const TAP_BUDGET = { points: 5, duration: 5 };
const PRESENCE_DEBOUNCE_MS = 25;

const rooms = {
  login: (tokenHash: string) => `login:${tokenHash}`,
  workspace: (workspaceId: string) => `w:${workspaceId}`,
  role: (workspaceId: string, role: Role) => `w:${workspaceId}:${role}`,
  account: (workspaceId: string, accountId: string) => `w:${workspaceId}:a:${accountId}`,
  /** Every socket of a person, whichever workspace it watches (or none): their notifications. */
  person: (accountId: string) => `account:${accountId}`,
};

const actorOf = (socket: LiveSocket): LiveActor => ({ accountId: socket.data.accountId, name: socket.data.name });

/**
 * The live-session socket (socket.io at LIVE_SOCKET_PATH, on the API's own port). Thin: it admits a
 * socket with the session cookie, reads every event through the shared schemas, keeps the rate
 * limit, hands the event to LiveSessionsService, and tells the sockets what changed — each viewer
 * only what they may see. With REDIS_URL, rooms span every API process.
 */
@WebSocketGateway({ path: LIVE_SOCKET_PATH, serveClient: false, destroyUpgrade: false, maxHttpBufferSize: 64 * 1024 })
export class LiveSessionsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('LiveSessions');
  @WebSocketServer() private io!: LiveServer;
  private readonly limiter = new RateLimiterMemory(EVENT_BUDGET);
  /** Counts the events refused as over the limit: a socket that keeps sending is disconnected. */
  private readonly refusals = new RateLimiterMemory(REFUSED_BUDGET);
  /** Tells a repeated time-out tap from a first one (never to refuse it: to spare the database). */
  private readonly taps = new RateLimiterMemory(TAP_BUDGET);
  /** Each socket's events are carried out one after another, in the order sent. */
  private readonly queues = new WeakMap<LiveSocket, Promise<void>>();
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();
  private redis: { close(): Promise<void> } | null = null;
  private redisWarnedAt = 0;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** Events being carried out: shutdown waits for them before the database closes. */
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly live: LiveSessionsService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(io: LiveServer): void {
    if (this.config.redisUrl) {
      const redis = adapterClients(this.config.redisUrl, (error) => this.redisTrouble(error));
      this.redis = redis;
      io.adapter(createAdapter(redis.pub, redis.sub, { key: 'kinship:live' }));
      // Messages from other processes arrive on the namespace, not on the server.
      io.of('/').on('live:changed', (message) => {
        void this.live.heardOf(message.workspaceId, message.version).catch((error) => this.logger.warn(`Reading a session changed elsewhere failed: ${String(error)}`));
      });
    }
    io.use((socket, next) => {
      this.admit(socket as LiveSocket).then(
        (refusal) => next(refusal ? Object.assign(new Error(refusal), { data: { message: refusal } }) : undefined),
        (error) => {
          this.logger.warn(`Admitting a live socket failed: ${String(error)}`);
          next(new Error('the server could not check your session; try again'));
        },
      );
    });
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** The handshake: same site, and a live login session (as the sync upgrade). Returns why not, or null. */
  private async admit(socket: LiveSocket): Promise<string | null> {
    const headers = socket.handshake.headers;
    if (!isSameSite(headers, this.config.publicUrl)) return 'cross-site connection refused';
    const account = await this.sessions.resolve(sessionTokenFrom(headers.cookie));
    if (!account) return 'please log in';
    socket.data = { accountId: account.id, name: account.displayName, tokenHash: account.tokenHash, watching: {} };
    return null;
  }

  handleConnection(socket: LiveSocket): void {
    void socket.join([rooms.login(socket.data.tokenHash), rooms.person(socket.data.accountId)]);
    socket.onAny((event: string, ...args: unknown[]) => this.receive(socket, event, args));
  }

  handleDisconnect(socket: LiveSocket): void {
    void this.limiter.delete(socket.id);
    void this.refusals.delete(socket.id);
    void this.taps.delete(socket.id);
    for (const workspaceId of Object.keys(socket.data.watching ?? {})) this.schedulePresence(workspaceId);
  }

  /**
   * Every event goes through the shared schemas; a refusal is answered with `session:error` naming
   * the rule (and through the acknowledgement, when the client asked for one). A partner's time-out
   * request in their live session is never rate-limited and never waits behind the socket's other
   * events; every other event counts, and a socket that keeps sending once refused is disconnected.
   */
  private receive(socket: LiveSocket, event: string, args: unknown[]): void {
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
    if (event === 'time-out:request') {
      const free = this.freeTap(socket, args[0]);
      if (free) {
        void run(() => this.requestTimeOut(socket, free.workspaceId, free.sessionId));
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

  /**
   * A time-out request that is never counted: from a partner, in the live session of a workspace
   * this socket watches as a partner. Decided from memory (the socket's watches, the cached session
   * and members) before anything else, so a flood from anyone else costs no database work.
   */
  private freeTap(socket: LiveSocket, payload: unknown): { workspaceId: string; sessionId: string } | null {
    const watched = Object.entries(socket.data.watching).filter(([, watch]) => watch.role === 'partner');
    if (watched.length === 0) return null;
    const read = readLiveEvent('time-out:request', payload);
    if (!read.ok) return null;
    const { sessionId } = read.message as { sessionId: string };
    const found = watched.find(([workspaceId]) => this.live.tapsFreely(actorOf(socket), workspaceId, sessionId));
    return found ? { workspaceId: found[0], sessionId } : null;
  }

  private async requestTimeOut(socket: LiveSocket, workspaceId: string, sessionId: string): Promise<void> {
    // A repeated tap while the request is open changes nothing: when taps come fast, no work is done for it.
    const tapping = !(await this.taps.consume(socket.id).then(() => true, () => false));
    if (tapping && this.live.timeOutAlreadyOpen(actorOf(socket), workspaceId, sessionId)) return;
    await this.live.act(actorOf(socket), 'time-out:request', { sessionId });
  }

  private async handle(socket: LiveSocket, event: string, payload: unknown): Promise<void> {
    if (!socket.connected) return;
    const read = readLiveEvent(event, payload);
    if (!read.ok) throw new LiveRefusal(read.error.rule, read.error.message);
    const actor = actorOf(socket);
    switch (read.event as LiveClientEventName) {
      case 'session:watch': {
        const { workspaceId } = read.message as { workspaceId: string };
        const { role, session } = await this.live.watch(actor, workspaceId);
        this.enter(socket, workspaceId, role);
        socket.emit('session:state', { workspaceId, session });
        this.schedulePresence(workspaceId);
        return;
      }
      case 'presence:update': {
        const m = read.message as { workspaceId: string; documentId: string | null; activity: 'active' | 'idle' };
        const { role, documentId } = await this.live.placeInPresence(actor, m.workspaceId, m.documentId);
        const watch = this.enter(socket, m.workspaceId, role);
        Object.assign(watch, { documentId, activity: m.activity, at: Date.now() });
        this.schedulePresence(m.workspaceId);
        return;
      }
      case 'session:start':
        return this.live.start(actor, (read.message as { workspaceId: string }).workspaceId);
      default:
        return this.live.act(actor, read.event as SessionEventName, read.message as never);
    }
  }

  /** The socket follows the workspace: its rooms, by role and by account, for filtered broadcasts. */
  private enter(socket: LiveSocket, workspaceId: string, role: Role): Watch {
    const known = socket.data.watching[workspaceId];
    if (known && known.role === role) return known;
    if (known) this.leave(socket, workspaceId);
    void socket.join([rooms.workspace(workspaceId), rooms.role(workspaceId, role), rooms.account(workspaceId, socket.data.accountId)]);
    const watch: Watch = { role, documentId: null, activity: 'active', at: Date.now() };
    socket.data.watching[workspaceId] = watch;
    return watch;
  }

  private leave(socket: LiveSocket, workspaceId: string): void {
    const watch = socket.data.watching[workspaceId];
    if (!watch) return;
    for (const room of [rooms.workspace(workspaceId), rooms.role(workspaceId, watch.role), rooms.account(workspaceId, socket.data.accountId)]) void socket.leave(room);
    delete socket.data.watching[workspaceId];
  }

  private toLiveError(event: string, error: unknown): LiveError {
    if (error instanceof LiveRefusal) return error.toLiveError(String(event).slice(0, 64));
    this.logger.error(`Live-session event ${String(event).slice(0, 64)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { event: String(event).slice(0, 64), rule: 'unavailable', message: 'Something went wrong on our side; please try again' };
  }

  // ---- Telling the sockets ----

  @OnEvent(LIVE_SESSION_CHANGED)
  onSessionChanged(change: LiveSessionChanged): void {
    if (!this.io) return;
    this.sendState(change.workspaceId, change.session, false, change.previous);
    if (this.redis) this.io.serverSideEmit('live:changed', { workspaceId: change.workspaceId, version: change.version });
    // Presence shows who joined: told again only when that changed.
    const joined = (s: LiveSessionView | null | undefined) => s?.participantIds ?? [];
    if (!change.previous || !isDeepStrictEqual(joined(change.previous), joined(change.session))) this.schedulePresence(change.workspaceId);
  }

  /**
   * `session:state` to every watcher of the workspace, in every process (or in this one only): the
   * counselor sees the whole session; each partner sees only their own time-out requests, and a
   * pause for the other's time-out as the counselor's own. Given the session just before, a
   * partner whose view did not change is not told again (so nothing shows them that the other
   * partner asked for a time-out).
   */
  private sendState(workspaceId: string, session: LiveSessionView | null, onlyHere = false, previous?: LiveSessionView | null): void {
    const sockets = onlyHere ? this.io.local : this.io;
    if (!session) {
      sockets.to(rooms.workspace(workspaceId)).emit('session:state', { workspaceId, session: null });
      return;
    }
    sockets.to(rooms.role(workspaceId, 'counselor')).emit('session:state', { workspaceId, session });
    const changedFor = (viewer: { accountId: string; role: Role }, view: LiveSessionView) => !previous || !isDeepStrictEqual(viewFor(previous, viewer), view);
    const askers = [...new Set(session.timeOuts.map((t) => t.accountId))];
    const anyPartner = { accountId: '', role: 'partner' as const };
    const shared = viewFor(session, anyPartner);
    if (changedFor(anyPartner, shared)) {
      sockets
        .to(rooms.role(workspaceId, 'partner'))
        .except(askers.map((id) => rooms.account(workspaceId, id)))
        .emit('session:state', { workspaceId, session: shared });
    }
    for (const accountId of askers) {
      const viewer = { accountId, role: 'partner' as const };
      const theirs = viewFor(session, viewer);
      if (!changedFor(viewer, theirs)) continue;
      sockets
        .to(rooms.account(workspaceId, accountId))
        .except(rooms.role(workspaceId, 'counselor'))
        .emit('session:state', { workspaceId, session: theirs });
    }
  }

  /** A new notification reaches every socket its person has open, in every process. */
  @OnEvent(NOTIFICATION_CREATED)
  onNotification(event: NotificationCreated): void {
    this.io?.to(rooms.person(event.recipientId)).emit('notification:new', event.message);
  }

  @OnEvent(LIVE_BRING_HERE)
  onBringHere(message: LiveBringHere): void {
    this.io?.to(rooms.workspace(message.workspaceId)).except(rooms.account(message.workspaceId, message.by)).emit('session:bring-here', message);
  }

  /** Presence is sent shortly after a change, once for a burst of changes. */
  private schedulePresence(workspaceId: string): void {
    if (this.presenceTimers.has(workspaceId)) return;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(workspaceId);
      this.sendPresence(workspaceId).catch((error) => this.logger.warn(`Sending presence failed: ${String(error)}`));
    }, PRESENCE_DEBOUNCE_MS);
    timer.unref();
    this.presenceTimers.set(workspaceId, timer);
  }

  /** Presence from the sockets open now, in every process: truthful when one drops. */
  private async sendPresence(workspaceId: string): Promise<void> {
    const room = rooms.workspace(workspaceId);
    // With Redis away, this process's own sockets are the best it can tell.
    const sockets = await this.io
      .in(room)
      .fetchSockets()
      .catch(() => this.io.local.in(room).fetchSockets());
    const tabs = sockets.flatMap((s) => {
      const watch = s.data.watching?.[workspaceId];
      return watch ? [{ accountId: s.data.accountId, documentId: watch.documentId, activity: watch.activity, at: watch.at }] : [];
    });
    const people = await this.live.presence(workspaceId, tabs);
    this.io.to(room).emit('session:presence', { workspaceId, people });
  }

  // ---- Sockets answer to their login session and membership ----

  /** A logout closes that session's live sockets at once, in every process. */
  @OnEvent(SESSION_ENDED)
  onSessionEnded(event: SessionEnded): void {
    this.io?.in(rooms.login(event.tokenHash)).disconnectSockets(true);
  }

  /**
   * A membership ended in this process: that person's sockets here leave the workspace at once (its
   * rooms, its state: null), and the others are shown without them. Other processes' sweeps catch up.
   */
  @OnEvent(MEMBERSHIP_ENDED, { promisify: true, suppressErrors: true })
  async onMembershipEnded(event: MembershipEnded): Promise<void> {
    if (!this.io) return;
    const sockets = [...this.io.of('/').sockets.values()] as LiveSocket[];
    for (const socket of sockets) {
      if (socket.data.accountId !== event.accountId || !socket.data.watching?.[event.workspaceId]) continue;
      this.leave(socket, event.workspaceId);
      socket.emit('session:state', { workspaceId: event.workspaceId, session: null });
    }
    await this.live.refreshMembers(event.workspaceId);
    this.schedulePresence(event.workspaceId);
  }

  /**
   * Closes this process's sockets whose login session expired or went idle, takes sockets out of
   * workspaces their account left, and catches up with session changes whose message was lost.
   */
  async sweep(): Promise<void> {
    if (this.sweeping || !this.io) return;
    this.sweeping = true;
    try {
      const sockets = [...this.io.of('/').sockets.values()] as LiveSocket[];
      if (sockets.length > 0) {
        const asked = new Set(sockets.map((s) => s.data.tokenHash));
        const live = await this.sessions.liveAmong([...asked]);
        for (const socket of sockets) if (asked.has(socket.data.tokenHash) && !live.has(socket.data.tokenHash)) socket.disconnect(true);
        const open = sockets.filter((s) => s.connected);
        const pairs = open.flatMap((s) => Object.keys(s.data.watching).map((workspaceId) => ({ accountId: s.data.accountId, workspaceId })));
        const lost = await this.live.lostMembership(pairs);
        const left = new Set<string>();
        for (const socket of open) {
          for (const workspaceId of Object.keys(socket.data.watching)) {
            if (!lost(socket.data.accountId, workspaceId)) continue;
            this.leave(socket, workspaceId);
            socket.emit('session:state', { workspaceId, session: null });
            left.add(workspaceId);
          }
        }
        for (const workspaceId of left) {
          await this.live.refreshMembers(workspaceId);
          this.schedulePresence(workspaceId);
        }
      }
      // A change whose message was lost: this process's own watchers are told (the others by their own sweep).
      for (const { workspaceId, session } of await this.live.catchUp()) this.sendState(workspaceId, session, true);
      // What nobody here watches, and where no session is live, is let go of.
      const watched = new Set(([...this.io.of('/').sockets.values()] as LiveSocket[]).flatMap((s) => Object.keys(s.data.watching ?? {})));
      this.live.forgetIdle(watched);
    } catch (error) {
      this.logger.warn(`Checking live sockets failed: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** New events are refused from now on; those under way finish while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const timer of this.presenceTimers.values()) clearTimeout(timer);
    this.presenceTimers.clear();
    await this.redis?.close();
  }

  /** Redis trouble is said at most once every half minute (a reconnect loop would say it every second). */
  private redisTrouble(error: unknown): void {
    if (Date.now() - this.redisWarnedAt < 30_000) return;
    this.redisWarnedAt = Date.now();
    this.logger.warn(`Redis (live sessions across processes) is not answering: ${String(error)}`);
  }
}
