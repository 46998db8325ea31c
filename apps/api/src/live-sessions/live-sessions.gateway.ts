import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LiveSessionView, Role } from '@kinship/domain/rules';
import { LiveClientEventName, LiveClientEvents, readLiveEvent } from '@kinship/domain/wire';
import { LiveDoor } from '../realtime/live-door.gateway';
import type { DoorSocket } from '../realtime/live-door.types';
import { LiveActor, LiveSessionsService, SessionEventName } from './live-sessions.service';
import { LivePresence } from './live-presence';
import { viewFor } from './live-session.transitions';
import { LIVE_BRING_HERE, LIVE_SESSION_CHANGED, LiveBringHere, LiveSessionChanged, OnEvent } from '../events/events';

/** Tells a repeated time-out tap from a first one (never to refuse it: to spare the database). */
const TAP_BUDGET = { points: 5, duration: 5 };
/** Between processes: a workspace's session changed to this version (read it again from PostgreSQL). */
const CHANGED = 'live:changed';

const actorOf = (socket: DoorSocket): LiveActor => ({ accountId: socket.data.accountId, name: socket.data.name });

/**
 * Live sessions on the `/live` door: every client event of a session goes to LiveSessionsService,
 * and each change is told to the watchers — each viewer only what they may see. The door admits,
 * limits and delivers; this only answers and tells.
 */
@Injectable()
export class LiveSessionsGateway implements OnModuleInit {
  private readonly logger = new Logger('LiveSessions');
  private readonly taps = new RateLimiterMemory(TAP_BUDGET);

  constructor(
    private readonly door: LiveDoor,
    private readonly live: LiveSessionsService,
    private readonly presence: LivePresence,
  ) {}

  /**
   * The door's 2 s sweep (logins, memberships, then this feature's catch-up), reached from here:
   * a test that stops it stops every periodic close of a live socket.
   */
  get sweep(): () => Promise<void> {
    return this.door.sweep;
  }

  set sweep(run: () => Promise<void>) {
    this.door.sweep = run;
  }

  onModuleInit(): void {
    this.door.answer(Object.keys(LiveClientEvents) as LiveClientEventName[], (socket, event, message) => this.handle(socket, event, message));
    this.door.register({
      exempt: (socket, event, payload) => (event === 'time-out:request' ? this.freeTap(socket, payload) : null),
      stillMembers: (pairs) => this.live.lostMembership(pairs).then((lost) => (accountId, workspaceId) => !lost(accountId, workspaceId)),
      left: (workspaceId, sockets) => this.left(workspaceId, sockets),
      disconnected: (socket) => {
        void this.taps.delete(socket.id);
        for (const workspaceId of Object.keys(socket.data.watching ?? {})) this.presence.schedule(workspaceId);
      },
      sweep: () => this.catchUp(),
    });
    this.door.hearProcesses(({ topic, body }) => {
      if (topic !== CHANGED) return;
      const { workspaceId, version } = body as { workspaceId: string; version: number };
      void this.live.heardOf(workspaceId, version).catch((error) => this.logger.warn(`Reading a session changed elsewhere failed: ${String(error)}`));
    });
  }

  private async handle(socket: DoorSocket, event: LiveClientEventName, message: unknown): Promise<void> {
    const actor = actorOf(socket);
    switch (event) {
      case 'session:watch': {
        const { workspaceId } = message as { workspaceId: string };
        const { role, session } = await this.live.watch(actor, workspaceId);
        this.door.enter(socket, workspaceId, role);
        socket.emit('session:state', { workspaceId, session });
        this.presence.schedule(workspaceId);
        return;
      }
      case 'session:unwatch': {
        // The tab left the workspace; its socket stays open (notifications, another workspace).
        const { workspaceId } = message as { workspaceId: string };
        if (!socket.data.watching[workspaceId]) return;
        this.door.leave(socket, workspaceId);
        this.presence.schedule(workspaceId);
        return;
      }
      case 'presence:update': {
        const m = message as { workspaceId: string; documentId: string | null; activity: 'active' | 'idle' };
        const { role, documentId } = await this.live.placeInPresence(actor, m.workspaceId, m.documentId);
        const watch = this.door.enter(socket, m.workspaceId, role);
        Object.assign(watch, { documentId, activity: m.activity, at: Date.now() });
        this.presence.schedule(m.workspaceId);
        return;
      }
      case 'session:start':
        return this.live.start(actor, (message as { workspaceId: string }).workspaceId);
      default:
        return this.live.act(actor, event as SessionEventName, message as never);
    }
  }

  /**
   * A time-out request that is never counted nor queued: from a partner, in the live session of a
   * workspace this socket watches as a partner. Decided from memory (the socket's watches, the
   * cached session and members) before anything else, so a flood from anyone else costs no
   * database work; anyone else's request counts like any other event.
   */
  private freeTap(socket: DoorSocket, payload: unknown): (() => Promise<void>) | null {
    const watched = Object.entries(socket.data.watching).filter(([, watch]) => watch.role === 'partner');
    if (watched.length === 0) return null;
    const read = readLiveEvent('time-out:request', payload);
    if (!read.ok) return null;
    const { sessionId } = read.message as { sessionId: string };
    const found = watched.find(([workspaceId]) => this.live.tapsFreely(actorOf(socket), workspaceId, sessionId));
    return found ? () => this.requestTimeOut(socket, found[0], sessionId) : null;
  }

  private async requestTimeOut(socket: DoorSocket, workspaceId: string, sessionId: string): Promise<void> {
    // A repeated tap while the request is open changes nothing: when taps come fast, no work is done for it.
    const tapping = !(await this.taps.consume(socket.id).then(() => true, () => false));
    if (tapping && this.live.timeOutAlreadyOpen(actorOf(socket), workspaceId, sessionId)) return;
    await this.live.act(actorOf(socket), 'time-out:request', { sessionId });
  }

  /** Sockets whose person left the workspace hear there is no session for them; the others see them gone. */
  private async left(workspaceId: string, sockets: DoorSocket[]): Promise<void> {
    for (const socket of sockets) socket.emit('session:state', { workspaceId, session: null });
    await this.live.refreshMembers(workspaceId);
    this.presence.schedule(workspaceId);
  }

  /** Changes whose message was lost (this process's own watchers are told; others by their own sweep), then letting go of what nobody here watches. */
  private async catchUp(): Promise<void> {
    for (const { workspaceId, session } of await this.live.catchUp()) this.sendState(workspaceId, session, true);
    this.live.forgetIdle(this.door.watchedHere());
  }

  // ---- Telling the sockets ----

  @OnEvent(LIVE_SESSION_CHANGED)
  onSessionChanged(change: LiveSessionChanged): void {
    this.sendState(change.workspaceId, change.session, false, change.previous);
    this.door.tellProcesses({ topic: CHANGED, body: { workspaceId: change.workspaceId, version: change.version } });
    // Presence shows who joined: told again only when that changed.
    const joined = (s: LiveSessionView | null | undefined) => s?.participantIds ?? [];
    if (!change.previous || !isDeepStrictEqual(joined(change.previous), joined(change.session))) this.presence.schedule(change.workspaceId);
  }

  /**
   * `session:state` to every watcher of the workspace, in every process (or in this one only): the
   * counselor sees the whole session; each partner sees only their own time-out requests, and a
   * pause for the other's time-out as the counselor's own. Given the session just before, a
   * partner whose view did not change is not told again (so nothing shows them that the other
   * partner asked for a time-out).
   */
  private sendState(workspaceId: string, session: LiveSessionView | null, onlyHere = false, previous?: LiveSessionView | null): void {
    if (!session) {
      this.door.send({ workspace: workspaceId }, 'session:state', { workspaceId, session: null }, { onlyHere });
      return;
    }
    this.door.send({ workspace: workspaceId, role: 'counselor' }, 'session:state', { workspaceId, session }, { onlyHere });
    const changedFor = (viewer: { accountId: string; role: Role }, view: LiveSessionView) => !previous || !isDeepStrictEqual(viewFor(previous, viewer), view);
    const askers = [...new Set(session.timeOuts.map((t) => t.accountId))];
    const anyPartner = { accountId: '', role: 'partner' as const };
    const shared = viewFor(session, anyPartner);
    if (changedFor(anyPartner, shared)) {
      const except = askers.map((account) => ({ workspace: workspaceId, account }));
      this.door.send({ workspace: workspaceId, role: 'partner' }, 'session:state', { workspaceId, session: shared }, { onlyHere, except });
    }
    for (const accountId of askers) {
      const viewer = { accountId, role: 'partner' as const };
      const theirs = viewFor(session, viewer);
      if (!changedFor(viewer, theirs)) continue;
      const except = [{ workspace: workspaceId, role: 'counselor' as const }];
      this.door.send({ workspace: workspaceId, account: accountId }, 'session:state', { workspaceId, session: theirs }, { onlyHere, except });
    }
  }

  @OnEvent(LIVE_BRING_HERE)
  onBringHere(message: LiveBringHere): void {
    this.door.send({ workspace: message.workspaceId }, 'session:bring-here', message, { except: [{ workspace: message.workspaceId, account: message.by }] });
  }
}
