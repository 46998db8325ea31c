import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Action, can, colorFromId, DOCUMENT_KIND_INFO, JOINT_WORK_PAUSED_WORDS, LiveSessionView, Role, SessionPresence } from '@kinship/domain/rules';
import { LiveClientEventName, LiveClientMessage } from '@kinship/domain/wire';
import { AccessService } from '../workspaces/access.service';
import { DocumentsService, toTarget } from '../documents/documents.service';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/pg-errors';
import type { LiveSessionRecord } from './live-sessions.repository';
import { LiveRefusal } from '../realtime/live-refusal';
import { LiveSessionsRepository, WorkspaceMember } from './live-sessions.repository';
import { LiveSessionCache } from './live-session-cache';
import { JointWorkPauses } from '../safety/joint-work-pauses';
import * as T from './live-session.transitions';
import { DOCUMENT_EDITED, DocumentEdited, EventBus, InjectEventBus, LIVE_BRING_HERE, LIVE_SESSION_CHANGED, LiveBringHere, LiveSessionChanged, OnEvent } from '../events/events';

/** Who sent a live-session event, as their session cookie says. */
export interface LiveActor {
  accountId: string;
  name: string;
}

/** One open tab of a member, as presence counts it. */
export interface PresenceTab {
  accountId: string;
  documentId: string | null;
  activity: 'active' | 'idle';
  /** When the tab last said where it is (ms). */
  at: number;
}

/** Events that name a session (every client event but watch, presence and start). */
export type SessionEventName = Exclude<LiveClientEventName, 'session:watch' | 'session:unwatch' | 'presence:update' | 'session:start'>;

const dialogueDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Every rule and state change of a live session. Each change is made in one transaction that
 * locks the session's row, writes its new state and the rows its record gains; then the cache is
 * told and `live-session.changed` is emitted for the gateway. The caller's membership and role are
 * read from the database for every event, so a removed member cannot act.
 */
@Injectable()
export class LiveSessionsService {
  private readonly logger = new Logger('LiveSessions');
  /** Changes to one workspace's session run one after another in this process (and broadcast in that order). */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Per live session, the (document, editor) pairs already recorded, so an edit costs no query after the first. */
  private readonly editsSeen = new Map<string, Set<string>>();

  constructor(
    private readonly repository: LiveSessionsRepository,
    private readonly cache: LiveSessionCache,
    private readonly transactions: Transactions,
    private readonly access: AccessService,
    private readonly documents: DocumentsService,
    @InjectEventBus() private readonly events: EventBus,
    private readonly jointWork: JointWorkPauses,
  ) {}

  /** A member follows the workspace's session: their role and the session as they may see it. */
  async watch(actor: LiveActor, workspaceId: string): Promise<{ role: Role; session: LiveSessionView | null }> {
    const role = await this.requireMember(workspaceId, actor.accountId);
    let cached = await this.cache.get(workspaceId);
    // Someone new to the workspace since it was read: read its members again for presence.
    if (!cached.members.some((m) => m.accountId === actor.accountId)) cached = await this.cache.load(workspaceId);
    return { role, session: cached.session && T.viewFor(cached.session, { accountId: actor.accountId, role }) };
  }

  /**
   * Where a member's tab is, as presence may show it: a document of this workspace, or none. A
   * counselor-only document, or a partner's draft, is never named to the others (shown as no document).
   */
  async placeInPresence(actor: LiveActor, workspaceId: string, documentId: string | null): Promise<{ role: Role; documentId: string | null }> {
    const role = await this.requireMember(workspaceId, actor.accountId);
    if (documentId === null) return { role, documentId: null };
    const document = await this.documents.find(documentId);
    if (!document || document.workspaceId !== workspaceId) throw new LiveRefusal('not-in-workspace', 'That document is not in this workspace');
    // A draft is never named; to anyone who may not read it, it is not there at all (the same refusal as a missing one).
    if (DOCUMENT_KIND_INFO[document.kind].authorOnly) {
      if (!can({ role, accountId: actor.accountId }, { type: 'document.read', document: toTarget(document) })) throw new LiveRefusal('not-in-workspace', 'That document is not in this workspace');
      return { role, documentId: null };
    }
    return { role, documentId: DOCUMENT_KIND_INFO[document.kind].counselorOnly ? null : document.id };
  }

  /** Every member of the workspace with what their open tabs say (none: not connected). */
  async presence(workspaceId: string, tabs: PresenceTab[]): Promise<SessionPresence[]> {
    const cached = await this.cache.get(workspaceId);
    return cached.members.map((member) => {
      const mine = tabs.filter((t) => t.accountId === member.accountId);
      const active = mine.filter((t) => t.activity === 'active');
      // Where they are: their most recently placed active tab, or any tab when all are idle.
      const latest = [...(active.length > 0 ? active : mine)].sort((a, b) => b.at - a.at)[0];
      return {
        accountId: member.accountId,
        name: member.name,
        role: member.role,
        color: colorFromId(member.accountId),
        connected: mine.length > 0,
        documentId: latest?.documentId ?? null,
        activity: active.length > 0 ? 'active' : 'idle',
        joined: cached.session?.participantIds.includes(member.accountId) ?? false,
      };
    });
  }

  /** The counselor starts a live session: its dialogue document is made and the counselor has joined. */
  async start(actor: LiveActor, workspaceId: string): Promise<void> {
    const role = await this.requireMember(workspaceId, actor.accountId);
    this.require(role, { type: 'session.start' });
    await this.requireJointWork(role, workspaceId, { type: 'session.start' });
    await this.serialize(workspaceId, async () => {
      let created: LiveSessionRecord;
      try {
        created = await this.transactions.run(async (tx) => {
          if (await this.repository.hasLiveSession(tx, workspaceId)) throw alreadyLive();
          const now = new Date();
          const dialogue = await this.documents.createMadeBySession(workspaceId, actor.accountId, 'dialogue', `Session dialogue · ${dialogueDate.format(now)}`, tx);
          const row = await this.repository.insert(tx, {
            workspaceId,
            startedBy: actor.accountId,
            startedAt: now,
            dialogueDocumentId: dialogue.id,
            state: T.initialState(actor.accountId),
          });
          await this.repository.applyWrites(tx, row.id, [{ kind: 'participant', accountId: actor.accountId, role }], now);
          return row;
        });
      } catch (error) {
        // Two starts at the same moment (here or in another process): the index lets one through.
        if (isUniqueViolation(error)) throw alreadyLive();
        throw error;
      }
      this.changed(workspaceId, T.toView(created), created.version, undefined, null);
    });
  }

  /** An event about a live session, by id: the caller must be a member of its workspace, with the role the event needs. */
  async act<E extends SessionEventName>(actor: LiveActor, event: E, message: LiveClientMessage<E>): Promise<void> {
    const { sessionId } = message as { sessionId: string };
    const found = await this.repository.findById(sessionId);
    if (!found || found.endedAt) throw new LiveRefusal('no-live-session', 'This session is not live');
    const role = await this.requireMember(found.workspaceId, actor.accountId);
    const who: T.Participant = { accountId: actor.accountId, role };
    const moderate = () => this.require(role, { type: 'session.moderate' });
    // Acting in a session (the floor, a time-out) is attending it.
    const asParticipant = (next: (state: T.LiveSessionState, at: T.Moment) => T.Transition | null) => (state: T.LiveSessionState, at: T.Moment) =>
      T.joining(state, who, (joined) => next(joined, at));
    switch (event as SessionEventName) {
      case 'session:end':
        moderate();
        return this.change(found, (state) => T.end(state), { ending: true });
      case 'session:join':
        this.require(role, { type: 'session.join' });
        await this.requireJointWork(role, found.workspaceId, { type: 'session.join' });
        return this.change(found, (state) => T.join(state, who));
      case 'document:lock': {
        const m = message as LiveClientMessage<'document:lock'>;
        moderate();
        await this.requireSharedDocument(found.workspaceId, m.documentId);
        return this.change(found, (state) => T.lockDocument(state, m.documentId, m.locked));
      }
      case 'session:pause': {
        const m = message as LiveClientMessage<'session:pause'>;
        moderate();
        return this.change(found, (state, at) => T.pause(state, m.paused, m.breakMinutes ?? null, at));
      }
      case 'session:bring-here': {
        const m = message as LiveClientMessage<'session:bring-here'>;
        moderate();
        await this.requireSharedDocument(found.workspaceId, m.documentId);
        const bring: LiveBringHere = { workspaceId: found.workspaceId, documentId: m.documentId, position: m.position, by: actor.accountId };
        this.events.emit(LIVE_BRING_HERE, bring);
        return;
      }
      case 'timer:control': {
        const m = message as LiveClientMessage<'timer:control'>;
        moderate();
        return this.change(found, (state, at) => T.controlTimer(state, m.action, m.minutes ?? null, at));
      }
      case 'floor:give': {
        const m = message as LiveClientMessage<'floor:give'>;
        moderate();
        const members = await this.repository.membersOf(found.workspaceId);
        return this.change(found, (state, at) => T.giveFloor(state, m.speakerId, members, at), { members });
      }
      case 'floor:release':
        moderate();
        return this.change(found, (state) => T.releaseFloor(state));
      case 'floor:done-speaking':
        return this.change(found, asParticipant((state) => T.doneSpeaking(state, who)));
      case 'mirror:submit': {
        const m = message as LiveClientMessage<'mirror:submit'>;
        return this.change(found, asParticipant((state, at) => T.submitMirror(state, who, m.text, at)));
      }
      case 'mirror:confirm':
        return this.change(found, asParticipant((state) => T.confirmMirror(state, who)));
      case 'mirror:clarify': {
        const m = message as LiveClientMessage<'mirror:clarify'>;
        return this.change(found, asParticipant((state) => T.clarifyMirror(state, who, m.text)));
      }
      case 'time-out:request':
        this.require(role, { type: 'session.time-out' });
        return this.change(found, asParticipant((state, at) => T.requestTimeOut(state, who, at)));
      case 'time-out:grant': {
        const m = message as LiveClientMessage<'time-out:grant'>;
        moderate();
        return this.change(found, (state, at) => T.grantTimeOut(state, m.requestId, m.breakMinutes, at));
      }
      case 'time-out:answer': {
        const m = message as LiveClientMessage<'time-out:answer'>;
        moderate();
        return this.change(found, (state) => T.answerTimeOut(state, m.requestId, m.message));
      }
    }
  }

  /**
   * Whether this account's time-out request is exempt from the socket's rate limit: they are a
   * partner of the workspace, and the session named is the one live there, as this process holds
   * them. Asked before the limit, so it reads no database; anyone else's request counts.
   */
  tapsFreely(actor: LiveActor, workspaceId: string, sessionId: string): boolean {
    const held = this.cache.peek(workspaceId);
    const session = held?.session;
    if (!session || session.id !== sessionId || session.endedAt !== null) return false;
    return held.members.some((m) => m.accountId === actor.accountId && m.role === 'partner');
  }

  /**
   * True when, as far as this process knows, this partner already has an open time-out request in
   * this session: a repeated tap changes nothing, so it needs no database work.
   */
  timeOutAlreadyOpen(actor: LiveActor, workspaceId: string, sessionId: string): boolean {
    const session = this.cache.peek(workspaceId)?.session;
    return !!session && session.id === sessionId && session.timeOuts.some((t) => t.accountId === actor.accountId && t.status === 'open');
  }

  /** Of these (account, workspace) pairs, tells which account is no longer a member. */
  async lostMembership(pairs: { accountId: string; workspaceId: string }[]): Promise<(accountId: string, workspaceId: string) => boolean> {
    const kept = await this.repository.stillMembers(pairs);
    const asked = new Set(pairs.map((p) => `${p.accountId} ${p.workspaceId}`));
    return (accountId, workspaceId) => asked.has(`${accountId} ${workspaceId}`) && !kept.has(`${accountId} ${workspaceId}`);
  }

  /** Another process changed a workspace's session: this process's cache reads it again. */
  heardOf(workspaceId: string, version: number): Promise<void> {
    return this.cache.heardOf(workspaceId, version);
  }

  /**
   * Reads again every held session whose change message never arrived; returns them as they now
   * are (this process's watchers may have missed the change too).
   */
  async catchUp(): Promise<{ workspaceId: string; session: LiveSessionView | null }[]> {
    const stale = await this.cache.catchUp();
    return stale.map((workspaceId) => ({ workspaceId, session: this.cache.peek(workspaceId)?.session ?? null }));
  }

  /**
   * Lets go of what this process holds for workspaces where no session is live and that no socket
   * here watches (`watched`), and of the edits seen in sessions no longer live.
   */
  forgetIdle(watched: ReadonlySet<string>): void {
    this.cache.forget((workspaceId) => watched.has(workspaceId));
    const live = this.cache.liveSessionIds();
    for (const sessionId of this.editsSeen.keys()) if (!live.has(sessionId)) this.editsSeen.delete(sessionId);
  }

  /** Reads the workspace's members again (someone left or joined). */
  async refreshMembers(workspaceId: string): Promise<void> {
    await this.cache.load(workspaceId);
  }

  /** The sync server accepted an edit: while a session is live in its workspace, the record keeps which documents changed and by whom. */
  @OnEvent(DOCUMENT_EDITED)
  onDocumentEdited(edit: DocumentEdited): void {
    const session = this.cache.peek(edit.workspaceId)?.session;
    if (!session) return;
    let seen = this.editsSeen.get(session.id);
    if (!seen) this.editsSeen.set(session.id, (seen = new Set()));
    const key = `${edit.documentId} ${edit.accountId}`;
    if (seen.has(key)) return;
    seen.add(key);
    this.repository.recordEdit(session.id, edit.documentId, edit.accountId).catch((error) => {
      seen.delete(key);
      this.logger.warn(`Recording an edit in session ${session.id} failed: ${String(error)}`);
    });
  }

  // ---- Helpers ----

  private async change(
    found: LiveSessionRecord,
    transition: (state: T.LiveSessionState, at: T.Moment) => T.Transition | null,
    options: { ending?: boolean; members?: WorkspaceMember[] } = {},
  ): Promise<void> {
    await this.serialize(found.workspaceId, async () => {
      const result = await this.transactions.run(async (tx) => {
        const row = await this.repository.lockForChange(tx, found.id);
        if (!row || row.endedAt) throw new LiveRefusal('no-live-session', 'This session is not live');
        const at: T.Moment = { now: new Date(), newId: randomUUID };
        const next = transition(row.state, at);
        // Nothing changed (joining twice, starting a running timer): nothing to write or tell.
        if (!next || (!options.ending && next.state === row.state && next.writes.length === 0)) return null;
        const version = await this.repository.saveState(tx, row.id, next.state, options.ending ? at.now : null);
        await this.repository.applyWrites(tx, row.id, next.writes, at.now);
        return { session: options.ending ? null : T.toView({ ...row, state: next.state }), version, previous: T.toView(row) };
      });
      if (!result) return;
      if (options.ending) this.editsSeen.delete(found.id);
      this.changed(found.workspaceId, result.session, result.version, options.members, result.previous);
    });
  }

  /**
   * Puts a committed change in the cache and tells the gateway the newest word (never an older
   * one), with the session just before it when that is what it follows.
   */
  private changed(workspaceId: string, session: LiveSessionView | null, version: number, members?: WorkspaceMember[], previous?: LiveSessionView | null): void {
    const entry = this.cache.offer(workspaceId, { session, version, members });
    const event: LiveSessionChanged = { workspaceId, session: entry.session, version: entry.version };
    // A newer word already here: what the watchers had before it is not known.
    if (entry.version === version) event.previous = previous;
    this.events.emit(LIVE_SESSION_CHANGED, event);
  }

  private serialize<T>(workspaceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(workspaceId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    this.queues.set(workspaceId, settled);
    void settled.then(() => {
      if (this.queues.get(workspaceId) === settled) this.queues.delete(workspaceId);
    });
    return run;
  }

  private async requireMember(workspaceId: string, accountId: string): Promise<Role> {
    const role = await this.access.roleIn(workspaceId, accountId);
    if (role === null) throw new LiveRefusal('not-a-member', 'You are not a member of this workspace');
    return role;
  }

  /** Joint work the counselor paused (safety) is refused to everyone, in the same neutral words. */
  private async requireJointWork(role: Role, workspaceId: string, action: Action): Promise<void> {
    if (can({ role, jointWorkPaused: await this.jointWork.isPaused(workspaceId) }, action)) return;
    throw new LiveRefusal('joint-work-paused', JOINT_WORK_PAUSED_WORDS);
  }

  private require(role: Role, action: Action): void {
    if (can({ role }, action)) return;
    if (action.type === 'session.time-out') throw new LiveRefusal('partner-only', 'Only a partner asks for a time-out');
    throw new LiveRefusal('counselor-only', 'Only the counselor can do this');
  }

  /** A document of this workspace that partners may open: not another workspace's, not the counselor's private notes. */
  private async requireSharedDocument(workspaceId: string, documentId: string): Promise<void> {
    const document = await this.documents.find(documentId);
    if (!document || document.workspaceId !== workspaceId) throw new LiveRefusal('not-in-workspace', 'That document is not in this workspace');
    if (DOCUMENT_KIND_INFO[document.kind].counselorOnly) throw new LiveRefusal('not-in-workspace', 'Private counselor notes are not part of a session');
    // A partner's draft is theirs alone (revealed or not, it is not brought to or locked in a session): as if it were not there.
    if (DOCUMENT_KIND_INFO[document.kind].authorOnly) throw new LiveRefusal('not-in-workspace', 'That document is not in this workspace');
  }
}

const alreadyLive = () => new LiveRefusal('session-already-live', 'A live session is already going on in this workspace');
