import type { RepairChangedMessage } from './repairs';
import { z } from 'zod';
import { TEXT } from './rest';
import type { Role } from '../rules/role';
import type { DocumentKind } from '../rules/document-kinds';
import { DEFAULT_BREAK_MINUTES, type LiveSessionHeader, type LiveSessionView, type SessionPresence } from '../rules/live-session';
import type { NotificationMessage } from './notifications';
import type { JointWorkMessage, SafetyAlertMessage } from './safety';
import type { RevealChangedMessage, RevealRevealedMessage } from './reveals';

/**
 * The live-session socket (socket.io, path LIVE_SOCKET_PATH): every event and payload, defined
 * once. The gateway validates each client event with its schema here and the web client sends
 * and receives through these types. A refused event is answered with `session:error` naming the
 * rule it broke; nothing is dropped silently.
 */

export const LIVE_SOCKET_PATH = '/live';

/**
 * An id, in the lower case the database and every comparison use: `A1B2…` names the same row as
 * `a1b2…` to PostgreSQL, so an id is read in one spelling (a lock sent in upper case is enforced).
 */
const uuid = z.uuid({ error: 'must be an id' }).toLowerCase();

/** True when the text holds a C0 control code other than tab and newline, or DEL. */
function hasStrayControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f) return true;
  }
  return false;
}

/** Multi-line text people write (a mirror, a clarification, an answer, a summary): no NUL or other C0 codes but tab and newline. */
export function prose(max: number) {
  return z
    .string(TEXT)
    .trim()
    .refine((s) => !hasStrayControl(s), { error: 'must not contain control characters' })
    .min(1, { error: 'is required' })
    .max(max, { error: `must be at most ${max} characters` });
}

/** A Yjs relative position (Y.encodeRelativePosition), base64: where the counselor's caret is. */
const position = z
  .string()
  .max(512, { error: 'must be at most 512 characters' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'must be base64' })
  .nullable();

const inSession = { sessionId: uuid };

/** Every event a client may send, with its payload's schema. */
export const LiveClientEvents = {
  /** Follow a workspace's live session and presence (any member). Answered with `session:state` and `session:presence`. */
  'session:watch': z.object({ workspaceId: uuid }).strict(),
  /** Stop following it: the tab left the workspace (its socket stays open for the rest). Answers nothing. */
  'session:unwatch': z.object({ workspaceId: uuid }).strict(),
  /** Where this tab is and whether its person is active (any member). */
  'presence:update': z.object({ workspaceId: uuid, documentId: uuid.nullable(), activity: z.enum(['active', 'idle']) }).strict(),
  /** Counselor: start a live session in the workspace (one at a time). */
  'session:start': z.object({ workspaceId: uuid }).strict(),
  /** Counselor: end it. */
  'session:end': z.object(inSession).strict(),
  /** A member joins the session (one click on the workspace page or in a document). */
  'session:join': z.object(inSession).strict(),
  /** Counselor: make a document read-only for partners, or editable again. */
  'document:lock': z.object({ ...inSession, documentId: uuid, locked: z.boolean() }).strict(),
  /** Counselor: pause the session (every document read-only for partners) or resume it. */
  'session:pause': z
    .object({ ...inSession, paused: z.boolean(), breakMinutes: z.number().int().min(1).max(120).nullable().optional() })
    .strict(),
  /** Counselor: open this document, at this position, on everyone's screen. */
  'session:bring-here': z.object({ ...inSession, documentId: uuid, position }).strict(),
  /** Counselor: the visible timer. `minutes` sets a countdown when starting from zero. */
  'timer:control': z
    .object({ ...inSession, action: z.enum(['start', 'pause', 'reset']), minutes: z.number().int().min(1).max(180).nullable().optional() })
    .strict(),
  /** Counselor: give the floor to a partner (the other partner listens). Refused while a turn's mirror is unconfirmed. */
  'floor:give': z.object({ ...inSession, speakerId: uuid }).strict(),
  /** Counselor: end the exercise once the turn's mirror is confirmed. */
  'floor:release': z.object(inSession).strict(),
  /** Speaker (or counselor): the speaker has said their piece; the listener mirrors now. */
  'floor:done-speaking': z.object(inSession).strict(),
  /** Listener: what I heard you say. */
  'mirror:submit': z.object({ ...inSession, text: prose(4000) }).strict(),
  /** Speaker: "that's what I meant". */
  'mirror:confirm': z.object(inSession).strict(),
  /** Speaker: not quite; here is what I meant. The listener mirrors again. */
  'mirror:clarify': z.object({ ...inSession, text: prose(4000) }).strict(),
  /** Partner: I need a pause. One tap, no words; never refused while a session is live. */
  'time-out:request': z.object(inSession).strict(),
  /** Counselor: grant a time-out: the session pauses, with a break timer unless `breakMinutes` is null. */
  'time-out:grant': z
    .object({ ...inSession, requestId: uuid, breakMinutes: z.number().int().min(1).max(120).nullable().default(DEFAULT_BREAK_MINUTES) })
    .strict(),
  /** Counselor: answer a time-out in words instead of pausing. */
  'time-out:answer': z.object({ ...inSession, requestId: uuid, message: prose(500) }).strict(),
} as const;

export type LiveClientEventName = keyof typeof LiveClientEvents;
export type LiveClientPayload<E extends LiveClientEventName> = z.input<(typeof LiveClientEvents)[E]>;
export type LiveClientMessage<E extends LiveClientEventName> = z.output<(typeof LiveClientEvents)[E]>;

/** The rule a refused event broke, named in `session:error`. */
export const LIVE_RULES = [
  'invalid-payload',
  'unknown-event',
  'not-a-member',
  'counselor-only',
  'partner-only',
  'no-live-session',
  'session-already-live',
  'not-in-workspace',
  'floor.speaker-must-be-partner',
  'floor.none',
  'floor.mirror-unconfirmed',
  'floor.not-speaker',
  'floor.not-listener',
  'floor.wrong-phase',
  'time-out.unknown',
  'rate-limited',
  /** The counselor has paused joint work: no session starts or is joined until they resume it. */
  'joint-work-paused',
  /** The server could not carry the event out (say the database was away); trying again may work. */
  'unavailable',
] as const;
export type LiveRule = (typeof LIVE_RULES)[number];

export interface LiveError {
  /** The event that was refused. */
  event: string;
  rule: LiveRule;
  /** Plain words for a person. */
  message: string;
}

export interface LiveStateMessage {
  workspaceId: string;
  /** The live session as this viewer may see it; null when none is live. */
  session: LiveSessionView | null;
}

export interface LivePresenceMessage {
  workspaceId: string;
  people: SessionPresence[];
}

export interface BringHereMessage {
  workspaceId: string;
  documentId: string;
  position: string | null;
  /** Who asked (the counselor). */
  by: string;
}

/** Every event the server sends. */
export interface LiveServerEvents {
  'session:state': (message: LiveStateMessage) => void;
  'session:presence': (message: LivePresenceMessage) => void;
  'session:bring-here': (message: BringHereMessage) => void;
  'session:error': (error: LiveError) => void;
  /** A new notification for this socket's person (whichever workspace it is about, watched or not). */
  'notification:new': (message: NotificationMessage) => void;
  /** A guided repair in one of this person's workspaces changed: read it again (the message carries no words). */
  'repair:changed': (message: RepairChangedMessage) => void;
  /** To the counselor's own sockets only: a partner gave a safety answer marked as a risk, or wrote in their safety thread. */
  'safety:alert': (message: SafetyAlertMessage) => void;
  /** To every socket watching the workspace: joint work paused or resumed, the same words for everyone. */
  'joint-work:state': (message: JointWorkMessage) => void;
  /** Drafts revealed together: both drafts of a prompt are revealed (one emit to both partners and the counselor). */
  'reveal:revealed': (message: RevealRevealedMessage) => void;
  /** A prompt opened or withdrawn (to the workspace), or a partner's done / not done (to the counselor alone): read the prompts again. */
  'reveal:changed': (message: RevealChangedMessage) => void;
}

/** The client events as socket.io's typed map (payloads as the client sends them). */
export type LiveClientEventMap = { [E in LiveClientEventName]: (payload: LiveClientPayload<E>) => void };

/** Reads one client event: its validated payload, or the error to answer with. */
export function readLiveEvent(
  event: string,
  payload: unknown,
): { ok: true; event: LiveClientEventName; message: LiveClientMessage<LiveClientEventName> } | { ok: false; error: LiveError } {
  if (!Object.prototype.hasOwnProperty.call(LiveClientEvents, event)) {
    return { ok: false, error: { event: String(event).slice(0, 64), rule: 'unknown-event', message: 'There is no such event' } };
  }
  const name = event as LiveClientEventName;
  const parsed = LiveClientEvents[name].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')} ` : '';
    return { ok: false, error: { event: name, rule: 'invalid-payload', message: `${where}${issue?.message ?? 'is not valid'}` } };
  }
  return { ok: true, event: name, message: parsed.data };
}

// ---- The session record (REST: /api/workspaces/:id/live-sessions, /api/live-sessions/:id) ----

/** One session in a workspace's list; a partner lists only the sessions they attended. */
export interface LiveSessionSummaryView {
  id: string;
  startedAt: string;
  endedAt: string | null;
  participantIds: string[];
}

export interface SessionMirrorRecord {
  id: string;
  text: string;
  submittedAt: string;
  /** pending: waiting for the speaker; confirmed: "that's what I meant"; clarified: the speaker clarified and the listener mirrored again. */
  status: 'pending' | 'confirmed' | 'clarified';
  clarification: string | null;
  answeredAt: string | null;
}

export interface FloorTurnRecord {
  turnId: string;
  speakerId: string;
  listenerId: string;
  startedAt: string;
  /** When the floor passed or was released; null while it is held. */
  endedAt: string | null;
  mirrors: SessionMirrorRecord[];
}

export interface TimeOutRecord {
  id: string;
  accountId: string;
  at: string;
  status: 'open' | 'granted' | 'answered';
  answer: string | null;
  answeredAt: string | null;
}

export interface SessionRecordView extends LiveSessionHeader {
  participants: { accountId: string; name: string; role: Role; joinedAt: string }[];
  turns: FloorTurnRecord[];
  /** As in the live view: a partner sees only their own requests. */
  timeOuts: TimeOutRecord[];
  /** Documents edited while the session was live, and by whom. */
  documentsChanged: { documentId: string; title: string; kind: DocumentKind; editorIds: string[] }[];
  /** The counselor's summary for the couple. */
  summary: string | null;
  summaryUpdatedAt: string | null;
}

/** The counselor's private observations on a session: never sent to a partner, by any path. */
export interface SessionObservationsView {
  sessionId: string;
  text: string;
  updatedAt: string | null;
}

export const SaveSessionSummaryBody = z.object({ summary: prose(10_000) }).strict();
export type SaveSessionSummaryBody = z.infer<typeof SaveSessionSummaryBody>;

/** Observations may be emptied, so an empty text is allowed here. */
export const SaveSessionObservationsBody = z
  .object({ text: z.string(TEXT).max(20_000, { error: 'must be at most 20000 characters' }).refine((s) => !hasStrayControl(s), { error: 'must not contain control characters' }) })
  .strict();
export type SaveSessionObservationsBody = z.infer<typeof SaveSessionObservationsBody>;
