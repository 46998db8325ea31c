import { can } from './roles';
import { describeWriteHold, liveWriteHold, timerReading, type LiveSessionView } from './live-session';
import { readLiveEvent } from '../wire/live';

const riley = '00000000-0000-4000-8000-000000000001';
const sam = '00000000-0000-4000-8000-000000000002';
const counselor = '00000000-0000-4000-8000-000000000003';
const dialogue = '00000000-0000-4000-8000-0000000000d1';
const agreement = '00000000-0000-4000-8000-0000000000a1';

function session(overrides: Partial<LiveSessionView> = {}): LiveSessionView {
  return {
    id: '00000000-0000-4000-8000-0000000000f0',
    workspaceId: '00000000-0000-4000-8000-0000000000e0',
    startedAt: '2026-11-25T20:00:00.000Z',
    startedBy: counselor,
    endedAt: null,
    dialogueDocumentId: dialogue,
    lockedDocumentIds: [],
    pause: null,
    floor: null,
    timer: { durationMs: null, runningSince: null, elapsedMs: 0 },
    timeOuts: [],
    participantIds: [],
    ...overrides,
  };
}

const floorFor = (speakerId: string, listenerId: string) =>
  ({ turnId: 't', speakerId, listenerId, since: '2026-11-25T20:01:00.000Z', phase: 'speaking', mirror: null, clarification: null }) as const;

describe('the live session’s hold on writing', () => {
  it('holds nobody when no session is live or it has ended', () => {
    expect(liveWriteHold({ accountId: riley, role: 'partner' }, agreement, null)).toBeNull();
    expect(liveWriteHold({ accountId: riley, role: 'partner' }, agreement, session({ endedAt: '2026-11-25T21:00:00.000Z', lockedDocumentIds: [agreement] }))).toBeNull();
  });

  it('a lock holds partners on that document only, never the counselor', () => {
    const live = session({ lockedDocumentIds: [agreement] });
    expect(liveWriteHold({ accountId: riley, role: 'partner' }, agreement, live)).toEqual({ kind: 'locked' });
    expect(liveWriteHold({ accountId: riley, role: 'partner' }, dialogue, live)).toBeNull();
    expect(liveWriteHold({ accountId: counselor, role: 'counselor' }, agreement, live)).toBeNull();
  });

  it('a pause holds partners on every document and says whose pause it is', () => {
    const live = session({ pause: { since: '2026-11-25T20:05:00.000Z', reason: 'time-out', askedBy: sam, breakEndsAt: null } });
    expect(liveWriteHold({ accountId: sam, role: 'partner' }, agreement, live)).toEqual({ kind: 'paused', reason: 'time-out' });
    // The other partner is never shown that someone asked: to them it is the counselor's pause.
    expect(liveWriteHold({ accountId: riley, role: 'partner' }, agreement, live)).toEqual({ kind: 'paused', reason: 'counselor' });
    expect(describeWriteHold({ kind: 'paused', reason: 'counselor' }, () => undefined)).toBe('Paused by your counselor');
    expect(liveWriteHold({ accountId: counselor, role: 'counselor' }, agreement, live)).toBeNull();
  });

  it('the floor holds everyone but the speaker, on the dialogue only', () => {
    const live = session({ floor: floorFor(riley, sam) });
    expect(liveWriteHold({ accountId: riley, role: 'partner' }, dialogue, live)).toBeNull();
    expect(liveWriteHold({ accountId: sam, role: 'partner' }, dialogue, live)).toEqual({ kind: 'floor', speakerId: riley });
    expect(liveWriteHold({ accountId: counselor, role: 'counselor' }, dialogue, live)).toEqual({ kind: 'floor', speakerId: riley });
    expect(liveWriteHold({ accountId: sam, role: 'partner' }, agreement, live)).toBeNull();
    expect(describeWriteHold({ kind: 'floor', speakerId: riley }, (id) => (id === riley ? 'Riley' : undefined))).toBe('Riley has the floor');
  });

  it('can() asks the live session on document.write', () => {
    const document = { kind: 'notes' as const, archived: false };
    const live = { accountId: sam, documentId: agreement, session: session({ lockedDocumentIds: [agreement] }) };
    expect(can({ role: 'partner' }, { type: 'document.write', document }, live)).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.write', document }, { ...live, session: null })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'session.moderate' })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'session.moderate' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'session.time-out' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'session.observations' })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'document.create', kind: 'dialogue' })).toBe(false);
  });
});

describe('the session timer', () => {
  it('counts up while running and down when it has a duration', () => {
    const start = Date.parse('2026-11-25T20:00:00.000Z');
    expect(timerReading({ durationMs: null, runningSince: '2026-11-25T20:00:00.000Z', elapsedMs: 1000 }, start + 5000)).toEqual({ elapsedMs: 6000, remainingMs: null });
    expect(timerReading({ durationMs: 60_000, runningSince: null, elapsedMs: 50_000 }, start)).toEqual({ elapsedMs: 50_000, remainingMs: 10_000 });
    expect(timerReading({ durationMs: 60_000, runningSince: '2026-11-25T20:00:00.000Z', elapsedMs: 0 }, start + 90_000).remainingMs).toBe(0);
  });
});

describe('live socket events', () => {
  it('accepts a well-formed event and names the rule for a bad one', () => {
    const ok = readLiveEvent('document:lock', { sessionId: riley, documentId: agreement, locked: true });
    expect(ok.ok).toBe(true);
    expect(readLiveEvent('document:lock', { sessionId: riley, documentId: 'x', locked: true })).toMatchObject({ ok: false, error: { rule: 'invalid-payload', event: 'document:lock' } });
    expect(readLiveEvent('document:lock', { sessionId: riley, documentId: agreement, locked: true, extra: 1 })).toMatchObject({ ok: false, error: { rule: 'invalid-payload' } });
    expect(readLiveEvent('__proto__', {})).toMatchObject({ ok: false, error: { rule: 'unknown-event' } });
    expect(readLiveEvent('mirror:submit', { sessionId: riley, text: 'a\u0000b' })).toMatchObject({ ok: false, error: { rule: 'invalid-payload' } });
  });

  it('reads every id in lower case, as the database and every comparison have it', () => {
    const read = readLiveEvent('document:lock', { sessionId: riley.toUpperCase(), documentId: agreement.toUpperCase(), locked: true });
    expect(read).toMatchObject({ ok: true, message: { sessionId: riley, documentId: agreement } });
    expect(readLiveEvent('presence:update', { workspaceId: riley.toUpperCase(), documentId: null, activity: 'idle' })).toMatchObject({ ok: true, message: { workspaceId: riley, documentId: null } });
  });

  it('a granted time-out breaks for 20 minutes unless told otherwise', () => {
    const read = readLiveEvent('time-out:grant', { sessionId: riley, requestId: sam });
    expect(read).toMatchObject({ ok: true, message: { breakMinutes: 20 } });
    expect(readLiveEvent('time-out:grant', { sessionId: riley, requestId: sam, breakMinutes: null })).toMatchObject({ ok: true, message: { breakMinutes: null } });
  });
});
