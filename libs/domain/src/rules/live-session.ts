import type { Role } from './role';

/**
 * A live counseling session: what every participant's screen and the server's write gate agree
 * on. The API keeps it in PostgreSQL and sends it over the session socket; the rules below that
 * read it (who may write where, and why not) are the only copy, used by the gate on every Yjs
 * update frame and by the web client to turn its editor read-only before anyone types.
 */

/**
 * The speaker–listener exercise. While a partner holds the floor only they may edit the session's
 * dialogue document. When they are done, the listener restates what they heard (the mirror, a
 * record of its own, not part of the dialogue); the speaker confirms it or clarifies, and only a
 * confirmed mirror lets the floor pass.
 *
 *   speaking --done--> mirroring --mirror--> confirming --confirm--> confirmed --give/release--> (next)
 *                          ^                       |
 *                          +-------clarify---------+
 */
export const FLOOR_PHASES = ['speaking', 'mirroring', 'confirming', 'confirmed'] as const;
export type FloorPhase = (typeof FLOOR_PHASES)[number];

export interface FloorMirror {
  id: string;
  /** The listener's restatement, as they sent it. */
  text: string;
  submittedAt: string;
}

export interface FloorTurn {
  /** Identifies this turn in the session record. */
  turnId: string;
  speakerId: string;
  listenerId: string;
  /** When the speaker was given the floor. */
  since: string;
  phase: FloorPhase;
  /** The mirror waiting for the speaker (confirming) or confirmed; null while speaking or mirroring. */
  mirror: FloorMirror | null;
  /** The speaker's last clarification, shown to the listener while they mirror again. */
  clarification: string | null;
}

/** A visible timer everyone sees: counts up, or down from `durationMs` when set. */
export interface SessionTimer {
  durationMs: number | null;
  /** When it was last started; null while stopped. */
  runningSince: string | null;
  /** Time counted before `runningSince` (kept across pauses). */
  elapsedMs: number;
}

export interface SessionPause {
  since: string;
  /** Who asked: the counselor on their own, or a partner's time-out the counselor granted. */
  reason: 'counselor' | 'time-out';
  /**
   * The partner whose time-out was granted (the counselor's view only: `pauseSeenBy` shows it to
   * that partner as a time-out and to the other as the counselor's own pause).
   */
  askedBy?: string;
  /** The end of the break, when the counselor set a break timer. */
  breakEndsAt: string | null;
}

/** A partner's wordless request to stop. */
export interface TimeOutRequest {
  id: string;
  accountId: string;
  at: string;
  /** What became of it: still open, granted (the session paused) or answered in words. */
  status: 'open' | 'granted' | 'answered';
  /** The counselor's answer, when they answered instead of pausing. */
  answer: string | null;
}

/** What names a live session, as both its live view and its record show it. */
export interface LiveSessionHeader {
  id: string;
  workspaceId: string;
  startedAt: string;
  startedBy: string;
  endedAt: string | null;
  /** The document the floor governs; made when the session starts. */
  dialogueDocumentId: string;
}

/** The live session as one participant may see it (the server filters it per viewer). */
export interface LiveSessionView extends LiveSessionHeader {
  /** Documents the counselor has made read-only for partners. */
  lockedDocumentIds: string[];
  pause: SessionPause | null;
  floor: FloorTurn | null;
  timer: SessionTimer;
  /**
   * Time-out requests: the counselor sees every one, a partner only their own (asking for a pause
   * is never shown to the other partner by the app).
   */
  timeOuts: TimeOutRequest[];
  /** Accounts that joined the session. */
  participantIds: string[];
}

/** One person in the workspace, as the session's presence shows them. */
export interface SessionPresence {
  accountId: string;
  name: string;
  role: Role;
  color: string;
  /** True while at least one of their tabs has the session socket open. */
  connected: boolean;
  /** The document they have open, when any. */
  documentId: string | null;
  /** Idle after a while with no input in any of their tabs. */
  activity: 'active' | 'idle';
  /** Whether they joined the live session (clicked join, or started it). */
  joined: boolean;
}

/**
 * The pause as one viewer may see it. The counselor sees why; the partner whose time-out was
 * granted sees it as their time-out; the other partner sees the counselor's pause, the same in
 * every field as one the counselor made on their own (they are never shown that someone asked).
 */
export function pauseSeenBy(pause: SessionPause, viewer: { accountId: string; role: Role }): SessionPause {
  if (viewer.role === 'counselor') return pause;
  const theirs = pause.reason === 'time-out' && pause.askedBy !== undefined && pause.askedBy === viewer.accountId;
  return { since: pause.since, reason: theirs ? 'time-out' : 'counselor', breakEndsAt: pause.breakEndsAt };
}

/** Why someone may not write a document right now, though their role lets them. */
export type WriteHold =
  | { kind: 'paused'; reason: SessionPause['reason'] }
  | { kind: 'locked' }
  | { kind: 'floor'; speakerId: string };

/**
 * The live session's say on one edit: null when it does not stand in the way. Pause and lock
 * hold partners only (the counselor moderates); the floor holds everyone but the speaker, and
 * only on the session's dialogue, so nobody talks over the person who has it.
 */
export function liveWriteHold(writer: { accountId: string; role: Role }, documentId: string, session: LiveSessionView | null): WriteHold | null {
  if (!session || session.endedAt !== null) return null;
  if (writer.role === 'partner') {
    if (session.pause) return { kind: 'paused', reason: pauseSeenBy(session.pause, writer).reason };
    if (session.lockedDocumentIds.includes(documentId)) return { kind: 'locked' };
  }
  const floor = session.floor;
  if (floor && documentId === session.dialogueDocumentId && floor.speakerId !== writer.accountId) {
    return { kind: 'floor', speakerId: floor.speakerId };
  }
  return null;
}

/** The plain words an editor shows while it is read-only for this reason. `nameOf` finds a person's display name. */
export function describeWriteHold(hold: WriteHold, nameOf: (accountId: string) => string | undefined): string {
  switch (hold.kind) {
    case 'paused':
      return hold.reason === 'time-out' ? 'Paused for a time-out' : 'Paused by your counselor';
    case 'locked':
      return 'Your counselor is keeping this document still for now';
    case 'floor':
      return `${nameOf(hold.speakerId) ?? 'Your partner'} has the floor`;
  }
}

/** The break a granted time-out starts with, unless the counselor chooses another. */
export const DEFAULT_BREAK_MINUTES = 20;

/** How long the timer shows now, in milliseconds (elapsed, or remaining when it counts down). */
export function timerReading(timer: SessionTimer, now: number): { elapsedMs: number; remainingMs: number | null } {
  const running = timer.runningSince ? Math.max(0, now - Date.parse(timer.runningSince)) : 0;
  const elapsedMs = timer.elapsedMs + running;
  return { elapsedMs, remainingMs: timer.durationMs === null ? null : Math.max(0, timer.durationMs - elapsedMs) };
}
