import { pauseSeenBy, type FloorTurn, type LiveSessionHeader, type LiveSessionView, type Role, type SessionTimer, type TimeOutRequest } from '@kinship/domain/rules';
import { LiveRefusal } from '../realtime/live-refusal';

/**
 * The live session's state transitions, pure: each takes the state as stored and returns the next
 * state with the rows the session record gains, or throws a LiveRefusal naming the rule. Who may
 * ask for each (counselor, member, partner) is checked by the service with `can()` first; the
 * rules here are those of the session itself (the floor's phases, open time-outs).
 */

/** What changes during a live session, kept whole in `live_session.state`. */
export type LiveSessionState = Pick<LiveSessionView, 'lockedDocumentIds' | 'pause' | 'floor' | 'timer' | 'timeOuts' | 'participantIds'>;

/** What `toView` reads of a session's stored row (LiveSessionsRepository's LiveSessionRecord has it). */
export interface StoredSession {
  id: string;
  workspaceId: string;
  startedBy: string;
  startedAt: Date;
  endedAt: Date | null;
  dialogueDocumentId: string;
  state: LiveSessionState;
}

export interface Participant {
  accountId: string;
  role: Role;
}

/** What the session record gains with a transition, written in the same transaction as the state. */
export type RecordWrite =
  | { kind: 'participant'; accountId: string; role: Role }
  | { kind: 'turn-started'; turnId: string; speakerId: string; listenerId: string }
  | { kind: 'turn-ended'; turnId: string }
  | { kind: 'mirror-submitted'; mirrorId: string; turnId: string; listenerId: string; text: string }
  | { kind: 'mirror-answered'; mirrorId: string; status: 'confirmed' | 'clarified'; clarification: string | null }
  | { kind: 'time-out-requested'; timeOutId: string; accountId: string }
  | { kind: 'time-out-answered'; timeOutId: string; status: 'granted' | 'answered'; answer: string | null };

export interface Transition {
  state: LiveSessionState;
  writes: RecordWrite[];
}

/** When the transition happens, and how it names new rows. */
export interface Moment {
  now: Date;
  newId(): string;
}

export const stoppedTimer = (): SessionTimer => ({ durationMs: null, runningSince: null, elapsedMs: 0 });

export function initialState(counselorId: string): LiveSessionState {
  return { lockedDocumentIds: [], pause: null, floor: null, timer: stoppedTimer(), timeOuts: [], participantIds: [counselorId] };
}

/** What names a session, as its live view and its record both show it. */
export function headerOf(row: Omit<StoredSession, 'state'>): LiveSessionHeader {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    startedAt: row.startedAt.toISOString(),
    startedBy: row.startedBy,
    endedAt: row.endedAt ? row.endedAt.toISOString() : null,
    dialogueDocumentId: row.dialogueDocumentId,
  };
}

/** The whole live session, as the counselor sees it. */
export function toView(row: StoredSession): LiveSessionView {
  return { ...headerOf(row), ...row.state };
}

/**
 * What one viewer may see of the session: a partner sees only their own time-out requests, and a
 * pause for the other partner's time-out as the counselor's own (`pauseSeenBy`).
 */
export function viewFor(session: LiveSessionView, viewer: { accountId: string; role: Role }): LiveSessionView {
  if (viewer.role === 'counselor') return session;
  return {
    ...session,
    pause: session.pause && pauseSeenBy(session.pause, viewer),
    timeOuts: session.timeOuts.filter((t) => t.accountId === viewer.accountId),
  };
}

const same = (state: LiveSessionState): Transition => ({ state, writes: [] });

/** A member joins (one click, or by acting in the session); joining twice changes nothing. */
export function join(state: LiveSessionState, who: Participant): Transition {
  if (state.participantIds.includes(who.accountId)) return same(state);
  return { state: { ...state, participantIds: [...state.participantIds, who.accountId] }, writes: [{ kind: 'participant', accountId: who.accountId, role: who.role }] };
}

/**
 * Applies `next` and, when the actor has not joined yet, joins them too: acting in a session is
 * attending it. Null when nothing changes at all.
 */
export function joining(state: LiveSessionState, who: Participant, next: (state: LiveSessionState) => Transition | null): Transition | null {
  const joined = join(state, who);
  const after = next(joined.state);
  if (!after) return joined.writes.length > 0 ? joined : null;
  return { state: after.state, writes: [...joined.writes, ...after.writes] };
}

export function lockDocument(state: LiveSessionState, documentId: string, locked: boolean): Transition {
  const others = state.lockedDocumentIds.filter((id) => id !== documentId);
  return same({ ...state, lockedDocumentIds: locked ? [...others, documentId] : others });
}

const minutesFrom = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

/** The counselor pauses (every document read-only for partners), with an optional break timer, or resumes. */
export function pause(state: LiveSessionState, paused: boolean, breakMinutes: number | null, at: Moment): Transition {
  if (!paused) return same({ ...state, pause: null });
  const breakEndsAt = breakMinutes ? minutesFrom(at.now, breakMinutes) : null;
  // Pausing while paused keeps when and why it started; only the break timer is set again.
  const pauseState = state.pause ? { ...state.pause, breakEndsAt } : { since: at.now.toISOString(), reason: 'counselor' as const, breakEndsAt };
  return same({ ...state, pause: pauseState });
}

/** The visible timer: start (a countdown of `minutes` when starting from zero), pause, reset. */
export function controlTimer(state: LiveSessionState, action: 'start' | 'pause' | 'reset', minutes: number | null, at: Moment): Transition {
  const timer = state.timer;
  const now = at.now.getTime();
  switch (action) {
    case 'start': {
      if (timer.runningSince) return same(state);
      const durationMs = minutes && timer.elapsedMs === 0 ? minutes * 60_000 : timer.durationMs;
      return same({ ...state, timer: { ...timer, durationMs, runningSince: at.now.toISOString() } });
    }
    case 'pause': {
      if (!timer.runningSince) return same(state);
      const elapsedMs = timer.elapsedMs + Math.max(0, now - Date.parse(timer.runningSince));
      return same({ ...state, timer: { ...timer, elapsedMs, runningSince: null } });
    }
    case 'reset':
      return same({ ...state, timer: stoppedTimer() });
  }
}

/**
 * The counselor gives the floor to a partner. The listener is the other partner, or the counselor
 * when there is only one. While a turn's mirror is not confirmed, the floor cannot pass.
 */
export function giveFloor(state: LiveSessionState, speakerId: string, members: Participant[], at: Moment): Transition {
  const speaker = members.find((m) => m.accountId === speakerId);
  if (!speaker || speaker.role !== 'partner') throw new LiveRefusal('floor.speaker-must-be-partner', 'The floor can only be given to a partner in this workspace');
  const current = state.floor;
  if (current && current.phase !== 'confirmed') {
    throw new LiveRefusal('floor.mirror-unconfirmed', 'The floor passes once the speaker has confirmed the mirror (or release it first)');
  }
  const otherPartner = members.find((m) => m.role === 'partner' && m.accountId !== speakerId);
  const listenerId = otherPartner?.accountId ?? members.find((m) => m.role === 'counselor')!.accountId;
  const turnId = at.newId();
  const floor: FloorTurn = { turnId, speakerId, listenerId, since: at.now.toISOString(), phase: 'speaking', mirror: null, clarification: null };
  const writes: RecordWrite[] = current ? [{ kind: 'turn-ended', turnId: current.turnId }] : [];
  writes.push({ kind: 'turn-started', turnId, speakerId, listenerId });
  return { state: { ...state, floor }, writes };
}

/** The counselor ends the exercise, in any phase: a safety valve. */
export function releaseFloor(state: LiveSessionState): Transition {
  const floor = requireFloor(state);
  return { state: { ...state, floor: null }, writes: [{ kind: 'turn-ended', turnId: floor.turnId }] };
}

/** The speaker (or the counselor for them) is done: the listener mirrors now. */
export function doneSpeaking(state: LiveSessionState, who: Participant): Transition {
  const floor = requireFloor(state);
  if (who.accountId !== floor.speakerId && who.role !== 'counselor') throw new LiveRefusal('floor.not-speaker', 'Only the speaker can say they are done');
  requirePhase(floor, 'speaking', 'The speaker has already finished this turn');
  return same({ ...state, floor: { ...floor, phase: 'mirroring' } });
}

/** The listener restates what they heard; the speaker confirms or clarifies it next. */
export function submitMirror(state: LiveSessionState, who: Participant, text: string, at: Moment): Transition {
  const floor = requireFloor(state);
  if (who.accountId !== floor.listenerId) throw new LiveRefusal('floor.not-listener', 'Only the listener mirrors what the speaker said');
  requirePhase(floor, 'mirroring', floor.phase === 'speaking' ? 'The speaker has not finished yet' : 'The speaker is answering your mirror');
  const mirror = { id: at.newId(), text, submittedAt: at.now.toISOString() };
  return {
    state: { ...state, floor: { ...floor, phase: 'confirming', mirror } },
    writes: [{ kind: 'mirror-submitted', mirrorId: mirror.id, turnId: floor.turnId, listenerId: who.accountId, text }],
  };
}

/** The speaker: "that's what I meant". The floor may pass now. */
export function confirmMirror(state: LiveSessionState, who: Participant): Transition {
  const floor = requireFloor(state);
  if (who.accountId !== floor.speakerId) throw new LiveRefusal('floor.not-speaker', 'Only the speaker can confirm the mirror');
  requirePhase(floor, 'confirming', 'There is no mirror waiting for you');
  return {
    state: { ...state, floor: { ...floor, phase: 'confirmed' } },
    writes: [{ kind: 'mirror-answered', mirrorId: floor.mirror!.id, status: 'confirmed', clarification: null }],
  };
}

/** The speaker: not quite; here is what I meant. The listener mirrors again, seeing the clarification. */
export function clarifyMirror(state: LiveSessionState, who: Participant, text: string): Transition {
  const floor = requireFloor(state);
  if (who.accountId !== floor.speakerId) throw new LiveRefusal('floor.not-speaker', 'Only the speaker can clarify');
  requirePhase(floor, 'confirming', 'There is no mirror waiting for you');
  return {
    state: { ...state, floor: { ...floor, phase: 'mirroring', mirror: null, clarification: text } },
    writes: [{ kind: 'mirror-answered', mirrorId: floor.mirror!.id, status: 'clarified', clarification: text }],
  };
}

/**
 * A partner asks for a pause. Never refused while the session is live; a repeated tap while their
 * request is open keeps the one open request (null: nothing changes).
 */
export function requestTimeOut(state: LiveSessionState, who: Participant, at: Moment): Transition | null {
  if (state.timeOuts.some((t) => t.accountId === who.accountId && t.status === 'open')) return null;
  const request: TimeOutRequest = { id: at.newId(), accountId: who.accountId, at: at.now.toISOString(), status: 'open', answer: null };
  return { state: { ...state, timeOuts: [...state.timeOuts, request] }, writes: [{ kind: 'time-out-requested', timeOutId: request.id, accountId: who.accountId }] };
}

/** The counselor grants a time-out: the session pauses for it, with a break timer unless `breakMinutes` is null. */
export function grantTimeOut(state: LiveSessionState, requestId: string, breakMinutes: number | null, at: Moment): Transition {
  const request = openTimeOut(state, requestId);
  const breakEndsAt = breakMinutes ? minutesFrom(at.now, breakMinutes) : null;
  return {
    state: {
      ...state,
      timeOuts: state.timeOuts.map((t) => (t.id === request.id ? { ...t, status: 'granted' } : t)),
      pause: { since: state.pause?.since ?? at.now.toISOString(), reason: 'time-out', askedBy: request.accountId, breakEndsAt },
    },
    writes: [{ kind: 'time-out-answered', timeOutId: request.id, status: 'granted', answer: null }],
  };
}

/** The counselor answers a time-out in words instead of pausing. */
export function answerTimeOut(state: LiveSessionState, requestId: string, message: string): Transition {
  const request = openTimeOut(state, requestId);
  return {
    state: { ...state, timeOuts: state.timeOuts.map((t) => (t.id === request.id ? { ...t, status: 'answered', answer: message } : t)) },
    writes: [{ kind: 'time-out-answered', timeOutId: request.id, status: 'answered', answer: message }],
  };
}

/** The session ends: a turn still held ends with it. */
export function end(state: LiveSessionState): Transition {
  if (!state.floor) return same(state);
  return { state: { ...state, floor: null }, writes: [{ kind: 'turn-ended', turnId: state.floor.turnId }] };
}

function requireFloor(state: LiveSessionState): FloorTurn {
  if (!state.floor) throw new LiveRefusal('floor.none', 'Nobody has the floor');
  return state.floor;
}

function requirePhase(floor: FloorTurn, phase: FloorTurn['phase'], message: string): void {
  if (floor.phase !== phase) throw new LiveRefusal('floor.wrong-phase', message);
}

function openTimeOut(state: LiveSessionState, requestId: string): TimeOutRequest {
  const request = state.timeOuts.find((t) => t.id === requestId);
  if (!request) throw new LiveRefusal('time-out.unknown', 'There is no such time-out request in this session');
  if (request.status !== 'open') throw new LiveRefusal('time-out.unknown', 'That time-out has already been answered');
  return request;
}
