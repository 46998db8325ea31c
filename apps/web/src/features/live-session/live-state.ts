import type { LiveSessionView, SessionPresence } from '@kinship/domain/rules';
import type { BringHereMessage, LiveError, LivePresenceMessage, LiveStateMessage } from '@kinship/domain/wire';

/**
 * What this tab knows of its workspace's live session, kept by one pure reducer: the session as
 * the server last sent it, who is present, the last refusal, and a "bring everyone here" waiting
 * to be carried out. The socket (live-connection.ts) only feeds it.
 */
export interface LiveState {
  workspaceId: string;
  /** The session socket: connecting (the first time), connected, or down and retrying. */
  link: 'connecting' | 'connected' | 'reconnecting';
  /** True once the server sent the session's state on this connection (null session included). */
  known: boolean;
  session: LiveSessionView | null;
  people: SessionPresence[];
  /** The last event the server refused (or that could not be sent), until dismissed. */
  error: LiveNotice | null;
  /** The counselor asked everyone here; carried out by the page once the document is open. */
  bringHere: (BringHereMessage & { nonce: number }) | null;
  /** The last bring-here carried out here, to say who moved this screen. */
  lastBrought: BringHereMessage | null;
  /** The session that ended while this tab watched, for a link to its record. */
  endedSessionId: string | null;
}

/** A refusal from the server, or an action this tab could not send (the socket was down). */
export type LiveNotice = Omit<LiveError, 'rule'> & { rule: LiveError['rule'] | 'not-connected' };

export type LiveAction =
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'state'; message: LiveStateMessage }
  | { type: 'presence'; message: LivePresenceMessage }
  | { type: 'error'; error: LiveNotice }
  | { type: 'dismiss-error' }
  | { type: 'bring-here'; message: BringHereMessage; nonce: number }
  /** Carried out (`followed`), or let go (this person is not in the session). */
  | { type: 'brought'; nonce: number; followed: boolean }
  | { type: 'dismiss-ended' };

export function initialLiveState(workspaceId: string): LiveState {
  return {
    workspaceId,
    link: 'connecting',
    known: false,
    session: null,
    people: [],
    error: null,
    bringHere: null,
    lastBrought: null,
    endedSessionId: null,
  };
}

function isLive(session: LiveSessionView | null): session is LiveSessionView {
  return session !== null && session.endedAt === null;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'connected':
      // The server answers `session:watch` with the state; until then what we hold is last known.
      return { ...state, link: 'connected', known: false };
    case 'disconnected':
      return { ...state, link: 'reconnecting', known: false };
    case 'state': {
      if (action.message.workspaceId !== state.workspaceId) return state;
      const next = isLive(action.message.session) ? action.message.session : null;
      const previous = state.session;
      const ended = previous !== null && (next === null || next.id !== previous.id) ? previous.id : null;
      return {
        ...state,
        known: true,
        session: next,
        endedSessionId: next ? null : (ended ?? state.endedSessionId),
        // A bring-here belongs to the session it was made in.
        bringHere: next ? state.bringHere : null,
      };
    }
    case 'presence':
      if (action.message.workspaceId !== state.workspaceId) return state;
      return { ...state, people: action.message.people };
    case 'error':
      return { ...state, error: action.error };
    case 'dismiss-error':
      return { ...state, error: null };
    case 'bring-here':
      if (action.message.workspaceId !== state.workspaceId) return state;
      return { ...state, bringHere: { ...action.message, nonce: action.nonce } };
    case 'brought': {
      const done = state.bringHere;
      if (done?.nonce !== action.nonce) return state;
      const { nonce: _nonce, ...message } = done;
      return { ...state, bringHere: null, lastBrought: action.followed ? message : state.lastBrought };
    }
    case 'dismiss-ended':
      return { ...state, endedSessionId: null };
  }
}

/** Where a person is and how, in words (a coloured dot beside it is only decoration). */
export function whereabouts(person: SessionPresence, titleOf: (documentId: string) => string | undefined, here: string | null): string {
  if (!person.connected) return 'Not connected';
  const where =
    person.documentId === null
      ? 'On the workspace page'
      : person.documentId === here
        ? 'In this document'
        : `In “${titleOf(person.documentId) ?? 'another document'}”`;
  return `${where}${person.activity === 'idle' ? ', idle' : ''}${person.joined ? '' : ' (not joined yet)'}`;
}

/** The partners of the workspace, in a stable order (by name): partner A and partner B. */
export function partnersOf(people: SessionPresence[]): SessionPresence[] {
  return people.filter((p) => p.role === 'partner').sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId));
}

/** The counselor, when the presence list names one. */
export function counselorOf(people: SessionPresence[]): SessionPresence | undefined {
  return people.find((p) => p.role === 'counselor');
}

/** This partner's latest time-out request, when they made one in this session. */
export function myLatestTimeOut(session: LiveSessionView | null, accountId: string) {
  if (!session) return null;
  const mine = session.timeOuts.filter((t) => t.accountId === accountId);
  return mine.length === 0 ? null : mine.reduce((a, b) => (Date.parse(b.at) >= Date.parse(a.at) ? b : a));
}

/** Requests waiting for the counselor, oldest first. */
export function openTimeOuts(session: LiveSessionView | null) {
  if (!session) return [];
  return session.timeOuts.filter((t) => t.status === 'open').sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Milliseconds left of the break, when the pause has a break timer. */
export function breakRemaining(session: LiveSessionView | null, now: number): number | null {
  const endsAt = session?.pause?.breakEndsAt;
  if (!endsAt) return null;
  return Math.max(0, Date.parse(endsAt) - now);
}

/** What the event a person tried was, in their words, for the "didn't go through" message. */
const EVENT_WORDS: Record<string, string> = {
  'session:watch': 'Following the live session',
  'presence:update': 'Sharing where you are',
  'session:start': 'Starting the live session',
  'session:end': 'Ending the live session',
  'session:join': 'Joining the live session',
  'document:lock': 'Locking or unlocking the document',
  'session:pause': 'Pausing or resuming the session',
  'session:bring-here': 'Bringing everyone here',
  'timer:control': 'Changing the timer',
  'floor:give': 'Giving the floor',
  'floor:release': 'Releasing the floor',
  'floor:done-speaking': 'Passing to the mirror',
  'mirror:submit': 'Sending your mirror',
  'mirror:confirm': 'Confirming the mirror',
  'mirror:clarify': 'Sending your clarification',
  'time-out:request': 'Asking for a time-out',
  'time-out:grant': 'Granting the time-out',
  'time-out:answer': 'Answering the time-out',
};

/** The refusal in one plain sentence: what was tried, and why it did not happen. */
export function describeLiveError(error: LiveNotice): { title: string; detail: string } {
  const what = EVENT_WORDS[error.event] ?? 'That';
  const detail = error.message.trim();
  return {
    title: `${what} didn't go through`,
    detail: detail ? `${detail.charAt(0).toUpperCase()}${detail.slice(1)}${/[.!?]$/.test(detail) ? '' : '.'}` : '',
  };
}
