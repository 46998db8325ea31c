import type { LiveSessionView, SessionPresence } from '@kinship/domain/rules';
import {
  breakRemaining,
  describeLiveError,
  initialLiveState,
  liveReducer,
  myLatestTimeOut,
  openTimeOuts,
  partnersOf,
  type LiveAction,
  type LiveState,
  whereabouts,
} from './live-state';

const WS = '11111111-1111-4111-8111-111111111111';
const OTHER_WS = '22222222-2222-4222-8222-222222222222';

function session(overrides: Partial<LiveSessionView> = {}): LiveSessionView {
  return {
    id: 'session-1',
    workspaceId: WS,
    startedAt: '2026-03-01T10:00:00.000Z',
    startedBy: 'counselor',
    endedAt: null,
    dialogueDocumentId: 'dialogue',
    lockedDocumentIds: [],
    pause: null,
    floor: null,
    timer: { durationMs: null, runningSince: null, elapsedMs: 0 },
    timeOuts: [],
    participantIds: ['counselor'],
    ...overrides,
  };
}

function run(...actions: LiveAction[]): LiveState {
  return actions.reduce(liveReducer, initialLiveState(WS));
}

describe('the live state of a workspace', () => {
  it('takes the session the server sends, and only for its own workspace', () => {
    const state = run({ type: 'connected' }, { type: 'state', message: { workspaceId: WS, session: session() } });
    expect(state.link).toBe('connected');
    expect(state.known).toBe(true);
    expect(state.session?.id).toBe('session-1');
    const other = liveReducer(state, { type: 'state', message: { workspaceId: OTHER_WS, session: null } });
    expect(other).toBe(state);
  });

  it('keeps the last known session while reconnecting, and learns it afresh on reconnect', () => {
    const locked = session({ lockedDocumentIds: ['doc'] });
    let state = run({ type: 'connected' }, { type: 'state', message: { workspaceId: WS, session: locked } });
    state = liveReducer(state, { type: 'disconnected' });
    expect(state.link).toBe('reconnecting');
    expect(state.known).toBe(false);
    // Still read-only meanwhile: the lock is what was last known.
    expect(state.session?.lockedDocumentIds).toEqual(['doc']);
    state = liveReducer(state, { type: 'connected' });
    state = liveReducer(state, { type: 'state', message: { workspaceId: WS, session: session() } });
    expect(state.session?.lockedDocumentIds).toEqual([]);
    expect(state.known).toBe(true);
  });

  it('remembers the session that ended, for a link to its record, and drops its bring-here', () => {
    let state = run({ type: 'state', message: { workspaceId: WS, session: session() } });
    state = liveReducer(state, {
      type: 'bring-here',
      message: { workspaceId: WS, documentId: 'doc', position: null, by: 'counselor' },
      nonce: 1,
    });
    expect(state.bringHere?.documentId).toBe('doc');
    state = liveReducer(state, { type: 'state', message: { workspaceId: WS, session: null } });
    expect(state.session).toBeNull();
    expect(state.endedSessionId).toBe('session-1');
    expect(state.bringHere).toBeNull();
    state = liveReducer(state, { type: 'dismiss-ended' });
    expect(state.endedSessionId).toBeNull();
  });

  it('treats a session sent with an end time as no live session', () => {
    const state = run({ type: 'state', message: { workspaceId: WS, session: session({ endedAt: '2026-03-01T11:00:00.000Z' }) } });
    expect(state.session).toBeNull();
  });

  it('a bring-here is done once, by its own nonce, and who moved the screen is kept', () => {
    let state = run({ type: 'state', message: { workspaceId: WS, session: session() } });
    const message = { workspaceId: WS, documentId: 'doc', position: 'AAA=', by: 'counselor' };
    state = liveReducer(state, { type: 'bring-here', message, nonce: 1 });
    state = liveReducer(state, { type: 'bring-here', message: { ...message, documentId: 'doc-2' }, nonce: 2 });
    // An older nonce does not clear the newer request.
    expect(liveReducer(state, { type: 'brought', nonce: 1, followed: true })).toBe(state);
    state = liveReducer(state, { type: 'brought', nonce: 2, followed: true });
    expect(state.bringHere).toBeNull();
    expect(state.lastBrought).toEqual({ ...message, documentId: 'doc-2' });
  });

  it('keeps a refusal until dismissed, in plain words naming what was tried', () => {
    let state = run({ type: 'error', error: { event: 'document:lock', rule: 'counselor-only', message: 'only the counselor may do this' } });
    expect(describeLiveError(state.error!)).toEqual({
      title: "Locking or unlocking the document didn't go through",
      detail: 'Only the counselor may do this.',
    });
    state = liveReducer(state, { type: 'dismiss-error' });
    expect(state.error).toBeNull();
  });
});

describe('reading the session', () => {
  const people: SessionPresence[] = [
    { accountId: 'b', name: 'Sam', role: 'partner', color: '#000', connected: true, documentId: null, activity: 'active', joined: true },
    { accountId: 'c', name: 'Robin', role: 'counselor', color: '#000', connected: true, documentId: null, activity: 'active', joined: true },
    { accountId: 'a', name: 'Alex', role: 'partner', color: '#000', connected: false, documentId: null, activity: 'idle', joined: false },
  ];

  it('says truthfully where each person is', () => {
    const titleOf = (id: string) => (id === 'doc-1' ? 'Phone and privacy' : undefined);
    const [sam, , alex] = people;
    expect(whereabouts(alex!, titleOf, null)).toBe('Not connected');
    expect(whereabouts(sam!, titleOf, null)).toBe('On the workspace page');
    expect(whereabouts({ ...sam!, documentId: 'doc-1', activity: 'idle' }, titleOf, null)).toBe('In “Phone and privacy”, idle');
    expect(whereabouts({ ...sam!, documentId: 'doc-1' }, titleOf, 'doc-1')).toBe('In this document');
    expect(whereabouts({ ...sam!, documentId: 'private', joined: false }, titleOf, null)).toBe('In “another document” (not joined yet)');
  });

  it('names partners A and B in a stable order', () => {
    expect(partnersOf(people).map((p) => p.name)).toEqual(['Alex', 'Sam']);
  });

  it("finds a partner's latest time-out, and the counselor's open ones oldest first", () => {
    const s = session({
      timeOuts: [
        { id: '1', accountId: 'a', at: '2026-03-01T10:05:00.000Z', status: 'answered', answer: 'Soon', },
        { id: '2', accountId: 'a', at: '2026-03-01T10:09:00.000Z', status: 'open', answer: null },
        { id: '3', accountId: 'b', at: '2026-03-01T10:07:00.000Z', status: 'open', answer: null },
      ],
    });
    expect(myLatestTimeOut(s, 'a')?.id).toBe('2');
    expect(myLatestTimeOut(s, 'c')).toBeNull();
    expect(openTimeOuts(s).map((t) => t.id)).toEqual(['3', '2']);
  });

  it('counts the break down to zero, and has none without a break timer', () => {
    const paused = session({ pause: { since: '2026-03-01T10:00:00.000Z', reason: 'time-out', breakEndsAt: '2026-03-01T10:20:00.000Z' } });
    expect(breakRemaining(paused, Date.parse('2026-03-01T10:05:30.000Z'))).toBe(14.5 * 60_000);
    expect(breakRemaining(paused, Date.parse('2026-03-01T10:25:00.000Z'))).toBe(0);
    expect(breakRemaining(session({ pause: { since: '2026-03-01T10:00:00.000Z', reason: 'counselor', breakEndsAt: null } }), 0)).toBeNull();
  });
});
