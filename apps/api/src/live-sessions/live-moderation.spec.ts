import fc from 'fast-check';
import { LiveSessionView } from '@kinship/domain/rules';
import { LiveClientEventName, LiveClientEvents, LiveError, ReceiptStatus } from '@kinship/domain/wire';
import { LiveCouple, liveTestBed } from '../../test/support/live-test-bed';
import { act } from '../../test/support/live-client';
import { createDocument } from '../../test/support/couple';
import { receipt, synced, until } from '../../test/support/sync-client';

/** Events only the counselor may send; every other event is a member's or a partner's. */
const COUNSELOR_EVENTS = [
  'session:start',
  'session:end',
  'document:lock',
  'session:pause',
  'session:bring-here',
  'timer:control',
  'floor:give',
  'floor:release',
  'time-out:grant',
  'time-out:answer',
] as const satisfies readonly LiveClientEventName[];
const OTHER_EVENTS = ['session:watch', 'session:unwatch', 'presence:update', 'session:join', 'floor:done-speaking', 'mirror:submit', 'mirror:confirm', 'mirror:clarify', 'time-out:request'] as const;

/** A valid payload for each counselor event in this couple's live session. */
async function counselorPayloads(c: LiveCouple, session: LiveSessionView): Promise<Record<(typeof COUNSELOR_EVENTS)[number], unknown>> {
  const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
  await act(c.live.partnerA, 'time-out:request', { sessionId: session.id });
  const state = await c.live.counselor.stateWhere(c.workspace.id, (s) => !!s?.timeOuts.length);
  const requestId = state!.timeOuts[0]!.id;
  const sessionId = session.id;
  return {
    'session:start': { workspaceId: c.workspace.id },
    'session:end': { sessionId },
    'document:lock': { sessionId, documentId: doc.id, locked: true },
    'session:pause': { sessionId, paused: true },
    'session:bring-here': { sessionId, documentId: doc.id, position: null },
    'timer:control': { sessionId, action: 'start', minutes: 10 },
    'floor:give': { sessionId, speakerId: c.ids.partnerA },
    'floor:release': { sessionId },
    'time-out:grant': { sessionId, requestId },
    'time-out:answer': { sessionId, requestId, message: 'Let us take a breath first' },
  };
}

describe('moderation: counselor only, in their own workspace', () => {
  const bed = liveTestBed();

  it('every client event is either a counselor event or a member/partner event (this list covers the contract)', () => {
    expect([...COUNSELOR_EVENTS, ...OTHER_EVENTS].sort()).toEqual(Object.keys(LiveClientEvents).sort());
  });

  it('a partner cannot perform any counselor event: each is answered with session:error naming counselor-only, and nothing changes', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const payloads = await counselorPayloads(c, session);
    const before = await bed.app.dataSource.query('SELECT state, version FROM live_session WHERE id = $1', [session.id]);
    for (const partner of [c.live.partnerA, c.live.partnerB]) {
      for (const event of COUNSELOR_EVENTS) {
        const error = await partner.refused(event, payloads[event]);
        expect({ event, error }).toEqual({ event, error: expect.objectContaining({ event, rule: 'counselor-only' }) });
      }
    }
    const after = await bed.app.dataSource.query('SELECT state, version FROM live_session WHERE id = $1', [session.id]);
    expect(after).toEqual(before);
    expect(c.live.partnerA.received.filter((r) => r.event === 'session:bring-here')).toHaveLength(0);
  });

  it('a counselor of another workspace is refused every counselor action on this session (not-a-member), and their own works', async () => {
    const c = await bed.couple();
    const other = await bed.couple();
    const session = await c.start();
    const payloads = await counselorPayloads(c, session);
    for (const event of COUNSELOR_EVENTS) {
      const error = await other.live.counselor.refused(event, payloads[event]);
      expect({ event, rule: error.rule }).toEqual({ event, rule: 'not-a-member' });
    }
    // And in their own workspace each action works.
    const own = await other.start();
    const ownPayloads = await counselorPayloads(other, own);
    for (const event of COUNSELOR_EVENTS.filter((e) => e !== 'session:start' && e !== 'session:end' && e !== 'time-out:answer')) {
      await act(other.live.counselor, event, ownPayloads[event] as never);
    }
    await act(other.live.counselor, 'session:end', { sessionId: own.id });
  });

  it('a counselor cannot lock, or bring everyone to, a document of another workspace or a private counselor note', async () => {
    const c = await bed.couple();
    const other = await bed.couple();
    const session = await c.start();
    const elsewhere = await createDocument(other.partnerA, other.workspace.id, 'notes');
    const privateNote = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', 'Private');
    for (const documentId of [elsewhere.id, privateNote.id]) {
      expect((await c.live.counselor.refused('document:lock', { sessionId: session.id, documentId, locked: true })).rule).toBe('not-in-workspace');
      expect((await c.live.counselor.refused('session:bring-here', { sessionId: session.id, documentId, position: null })).rule).toBe('not-in-workspace');
    }
    expect((await other.live.counselor.refused('presence:update', { workspaceId: c.workspace.id, documentId: null, activity: 'active' })).rule).toBe('not-a-member');
    expect((await c.live.partnerA.refused('presence:update', { workspaceId: c.workspace.id, documentId: elsewhere.id, activity: 'active' })).rule).toBe('not-in-workspace');
    expect((await other.live.counselor.refused('session:watch', { workspaceId: c.workspace.id })).rule).toBe('not-a-member');
  });

  it('locks, pauses, the timer and bring-here reach every watcher', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'agreement');
    await act(c.live.counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: true });
    await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s?.lockedDocumentIds.includes(doc.id));
    await act(c.live.counselor, 'session:pause', { sessionId: session.id, paused: true, breakMinutes: 5 });
    const paused = await c.live.partnerB.stateWhere(c.workspace.id, (s) => !!s?.pause);
    expect(paused!.pause).toMatchObject({ reason: 'counselor' });
    expect(Date.parse(paused!.pause!.breakEndsAt!) - Date.parse(paused!.pause!.since)).toBeGreaterThan(4 * 60_000);
    await act(c.live.counselor, 'timer:control', { sessionId: session.id, action: 'start', minutes: 15 });
    const timed = await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s?.timer.runningSince);
    expect(timed!.timer.durationMs).toBe(15 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    await act(c.live.counselor, 'timer:control', { sessionId: session.id, action: 'pause' });
    const stopped = await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s && s.timer.runningSince === null);
    expect(stopped!.timer.elapsedMs).toBeGreaterThanOrEqual(40);
    await act(c.live.counselor, 'session:bring-here', { sessionId: session.id, documentId: doc.id, position: 'AQID' });
    for (const partner of [c.live.partnerA, c.live.partnerB]) {
      expect(await partner.next('session:bring-here')).toEqual({ workspaceId: c.workspace.id, documentId: doc.id, position: 'AQID', by: c.ids.counselor });
    }
    expect(c.live.counselor.received.some((r) => r.event === 'session:bring-here')).toBe(false);
    await act(c.live.counselor, 'session:pause', { sessionId: session.id, paused: false });
    await act(c.live.counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: false });
    const resumed = await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s && !s.pause && s.lockedDocumentIds.length === 0);
    expect(resumed).not.toBeNull();
  });

  it('ids are read in any case: a lock sent with upper-case ids is enforced by the write gate, and a watch in upper case hears the session', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    const alex = bed.open(doc.id, c.partnerA.cookie);
    await synced(alex);
    const watcher = await bed.connect(c.partnerB.cookie);
    await act(watcher, 'session:watch', { workspaceId: c.workspace.id.toUpperCase() });
    await act(c.live.counselor, 'document:lock', { sessionId: session.id.toUpperCase(), documentId: doc.id.toUpperCase(), locked: true });
    const locked = await c.live.partnerA.stateWhere(c.workspace.id, (s) => (s?.lockedDocumentIds.length ?? 0) > 0);
    expect(locked!.lockedDocumentIds).toEqual([doc.id]);
    await watcher.stateWhere(c.workspace.id, (s) => !!s?.lockedDocumentIds.includes(doc.id));
    alex.text.insert(0, 'while locked');
    expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    // Unlocked in upper case too: the one lock goes.
    await act(c.live.counselor, 'document:lock', { sessionId: session.id, documentId: doc.id.toUpperCase(), locked: false });
    expect((await c.live.partnerA.stateWhere(c.workspace.id, (s) => s?.lockedDocumentIds.length === 0))!.lockedDocumentIds).toEqual([]);
  });

  it('a member removed from the workspace can no longer act, and stops hearing of the session', async () => {
    const c = await bed.couple();
    const session = await c.start();
    await bed.app.dataSource.query('DELETE FROM membership WHERE workspace_id = $1 AND account_id = $2', [c.workspace.id, c.ids.partnerB]);
    expect((await c.live.partnerB.refused('time-out:request', { sessionId: session.id })).rule).toBe('not-a-member');
    expect((await c.live.partnerB.refused('session:join', { sessionId: session.id })).rule).toBe('not-a-member');
    await c.live.partnerB.stateWhere(c.workspace.id, (s) => s === null, 4000);
    const from = c.live.partnerB.received.length;
    await act(c.live.counselor, 'session:pause', { sessionId: session.id, paused: true });
    await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s?.pause);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.live.partnerB.received.slice(from).filter((r) => r.event === 'session:state')).toHaveLength(0);
  });
});

describe('hostile and mistaken events', () => {
  const bed = liveTestBed();

  it('an unknown event, a malformed payload, oversize or control-character text, and a session of another workspace are each answered with their rule; the process stays up', async () => {
    const c = await bed.couple();
    const other = await bed.couple();
    const session = await c.start();
    const otherSession = await other.start();
    const cases: Array<[string, unknown, LiveError['rule'], RegExp?]> = [
      ['session:explode', { sessionId: session.id }, 'unknown-event'],
      ['__proto__', {}, 'unknown-event'],
      ['toString', {}, 'unknown-event'],
      ['document:lock', { sessionId: 'not-an-id', documentId: session.dialogueDocumentId, locked: true }, 'invalid-payload', /sessionId/],
      ['document:lock', 'just a string', 'invalid-payload'],
      ['document:lock', null, 'invalid-payload'],
      ['document:lock', undefined, 'invalid-payload'],
      ['session:pause', [session.id], 'invalid-payload'],
      ['session:pause', { sessionId: session.id, paused: true, extra: 1 }, 'invalid-payload'],
      ['timer:control', { sessionId: session.id, action: 'explode' }, 'invalid-payload', /action/],
      ['session:pause', { sessionId: session.id, paused: true, breakMinutes: 100000 }, 'invalid-payload', /breakMinutes/],
      ['time-out:answer', { sessionId: session.id, requestId: session.id, message: 'x'.repeat(501) }, 'invalid-payload', /at most 500/],
      ['mirror:submit', { sessionId: session.id, text: 'y'.repeat(4001) }, 'invalid-payload', /at most 4000/],
      ['mirror:submit', { sessionId: session.id, text: 'hello\u0000there' }, 'invalid-payload', /control characters/],
      ['mirror:submit', { sessionId: session.id, text: '   ' }, 'invalid-payload', /required/],
      ['session:pause', { sessionId: otherSession.id, paused: true }, 'not-a-member'],
      ['session:join', { sessionId: otherSession.id }, 'not-a-member'],
      ['session:end', { sessionId: '00000000-0000-4000-8000-000000000000' }, 'no-live-session'],
      ['time-out:grant', { sessionId: session.id, requestId: '00000000-0000-4000-8000-000000000000' }, 'time-out.unknown'],
      ['floor:give', { sessionId: session.id, speakerId: c.ids.counselor }, 'floor.speaker-must-be-partner'],
      ['floor:give', { sessionId: session.id, speakerId: other.ids.partnerA }, 'floor.speaker-must-be-partner'],
      ['floor:release', { sessionId: session.id }, 'floor.none'],
    ];
    // A new socket every ten events keeps this clear of the rate limit (tested on its own below).
    let counselor = c.live.counselor;
    for (const [i, [event, payload, rule, words]] of cases.entries()) {
      if (i % 10 === 9) counselor = await bed.connect(c.counselor.cookie);
      const error = await counselor.refused(event, payload);
      expect({ event, payload, rule: error.rule }).toEqual({ event, payload, rule });
      if (words) expect(error.message).toMatch(words);
    }
    expect((await c.live.counselor.refused('time-out:request', { sessionId: session.id })).rule).toBe('partner-only');
    expect(c.live.counselor.socket.connected).toBe(true);
    expect((await c.counselor.get('/api/health')).status).toBe(200);
    // The other workspace's session was never touched.
    const untouched = await bed.app.dataSource.query('SELECT state FROM live_session WHERE id = $1', [otherSession.id]);
    expect(untouched[0].state.pause).toBeNull();
  });

  it('a fuzz of events and payloads: every one is answered (carried out or refused with a rule), never dropped, and the process keeps serving', async () => {
    const c = await bed.couple();
    const session = await c.start();
    // Names socket.io keeps for itself cannot be sent by a client at all.
    const reserved = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
    const eventName = fc.oneof(fc.constantFrom(...Object.keys(LiveClientEvents)), fc.string({ maxLength: 40 })).filter((e) => !reserved.has(e));
    const payload = fc.oneof(
      fc.anything(),
      fc.dictionary(fc.constantFrom('sessionId', 'workspaceId', 'documentId', 'text', 'paused', 'action', 'minutes', 'speakerId', 'requestId', 'locked'), fc.anything()),
      fc.dictionary(fc.string({ maxLength: 10 }), fc.anything()).map((d) => ({ ...d, sessionId: session.id })),
      fc.constant({ sessionId: session.id }),
    );
    const events = fc.sample(fc.tuple(eventName, payload), { numRuns: 400, seed: 7 });
    const rules = new Map<string, number>();
    // One socket per 15 events stays clear of the rate limit, so the handlers themselves are reached.
    for (let i = 0; i < events.length; i += 15) {
      const socket = await bed.connect(c.counselor.cookie);
      const answers = await Promise.all(
        events.slice(i, i + 15).map(
          ([event, body]) =>
            new Promise<{ ok: boolean; error?: LiveError }>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(event)}`)), 5000);
              (socket.socket.emit as (e: string, ...a: unknown[]) => void)(event, body, (answer: { ok: boolean; error?: LiveError }) => {
                clearTimeout(timer);
                resolve(answer);
              });
            }),
        ),
      );
      for (const a of answers) rules.set(a.ok ? 'ok' : a.error!.rule, (rules.get(a.ok ? 'ok' : a.error!.rule) ?? 0) + 1);
      socket.close();
    }
    expect([...rules.values()].reduce((a, b) => a + b, 0)).toBe(events.length);
    expect(rules.get('unknown-event')).toBeGreaterThan(50);
    expect(rules.get('invalid-payload')).toBeGreaterThan(50);
    expect(rules.has('unavailable')).toBe(false);
    expect((await c.counselor.get('/api/health')).status).toBe(200);
  });

  it('a frame over the size limit closes only that socket; the server keeps serving', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const closed = new Promise<string>((resolve) => c.live.partnerA.socket.on('disconnect', (reason) => resolve(reason)));
    c.live.partnerA.send('mirror:submit', { sessionId: session.id, text: 'z'.repeat(200_000) });
    expect(await closed).toMatch(/transport/);
    const again = await bed.connect(c.partnerA.cookie);
    await act(again, 'session:watch', { workspaceId: c.workspace.id });
    expect((await again.stateWhere(c.workspace.id, (s) => s !== null))!.id).toBe(session.id);
  });

  it('events are rate-limited per socket (rate-limited), but a time-out request never is', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const from = c.live.counselor.received.length;
    for (let i = 0; i < 40; i++) c.live.counselor.send('timer:control', { sessionId: session.id, action: i % 2 ? 'start' : 'pause' });
    await until(() => c.live.counselor.errors().some((e) => e.rule === 'rate-limited'), 3000, 'rate-limited');
    expect(c.live.counselor.received.slice(from).filter((r) => r.event === 'session:error' && (r.args[0] as LiveError).rule === 'rate-limited').length).toBeGreaterThanOrEqual(15);
    // A partner who has used up their budget, then taps time-out over and over.
    for (let i = 0; i < 30; i++) c.live.partnerA.send('session:join', { sessionId: session.id });
    await until(() => c.live.partnerA.errors().some((e) => e.rule === 'rate-limited'), 3000, 'the partner rate-limited');
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => act(c.live.partnerA, 'time-out:request', { sessionId: session.id })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(c.live.partnerA.errors().filter((e) => e.event === 'time-out:request')).toEqual([]);
    const state = await c.live.counselor.stateWhere(c.workspace.id, (s) => !!s?.timeOuts.length);
    // The repeated taps keep the one open request.
    expect(state!.timeOuts.filter((t) => t.accountId === c.ids.partnerA)).toHaveLength(1);
    const [rows] = await bed.app.dataSource.query('SELECT count(*)::int AS n FROM live_session_time_out WHERE session_id = $1', [session.id]);
    expect(rows.n).toBe(1);
  });

  it('a time-out flood from someone who is no partner in the session counts against the limit and closes their socket; a partner elsewhere is answered at once', async () => {
    const c = await bed.couple();
    const other = await bed.couple();
    const session = await c.start();
    const otherSession = await other.start();
    // An account in no workspace names a live session and taps, and taps.
    const stranger = await bed.connect(c.stranger.cookie);
    const closed = new Promise<string>((resolve) => stranger.socket.on('disconnect', (reason) => resolve(reason)));
    for (let i = 0; i < 10_000; i++) stranger.send('time-out:request', { sessionId: session.id });
    // Meanwhile a partner in another workspace asks for a pause.
    const asked = Date.now();
    await act(other.live.partnerA, 'time-out:request', { sessionId: otherSession.id }, 10_000);
    const answeredInMs = Date.now() - asked;
    await other.live.counselor.stateWhere(other.workspace.id, (s) => !!s?.timeOuts.some((t) => t.accountId === other.ids.partnerA));
    expect(await closed).toBe('io server disconnect');
    const rules = stranger.errors().map((e) => e.rule);
    expect(rules).toContain('rate-limited');
    // Only the budget's worth reached the rules (and the database) at all.
    expect(rules.filter((r) => r !== 'rate-limited').length).toBeLessThanOrEqual(20);
    expect(answeredInMs).toBeLessThan(1500);
    // A member who is no partner (the counselor) is limited too; the session is unchanged by either.
    const from = c.live.counselor.received.length;
    for (let i = 0; i < 30; i++) c.live.counselor.send('time-out:request', { sessionId: session.id });
    await until(() => c.live.counselor.received.slice(from).some((r) => r.event === 'session:error' && (r.args[0] as LiveError).rule === 'rate-limited'), 3000, 'the counselor rate-limited');
    const [row] = await bed.app.dataSource.query('SELECT count(*)::int AS n FROM live_session_time_out WHERE session_id = $1', [session.id]);
    expect(row.n).toBe(0);
  });
});

describe('reconnecting', () => {
  const bed = liveTestBed();

  it('a new socket gets the current state at once: lock, pause, floor, timer', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    await act(c.live.counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: true });
    await act(c.live.counselor, 'floor:give', { sessionId: session.id, speakerId: c.ids.partnerB });
    await act(c.live.counselor, 'timer:control', { sessionId: session.id, action: 'start', minutes: 30 });
    await act(c.live.counselor, 'session:pause', { sessionId: session.id, paused: true });
    c.live.partnerA.close();
    const again = await bed.connect(c.partnerA.cookie);
    await act(again, 'session:watch', { workspaceId: c.workspace.id });
    const state = await again.stateWhere(c.workspace.id, (s) => s !== null);
    expect(state).toMatchObject({
      id: session.id,
      lockedDocumentIds: [doc.id],
      pause: expect.objectContaining({ reason: 'counselor' }),
      floor: expect.objectContaining({ speakerId: c.ids.partnerB, listenerId: c.ids.partnerA, phase: 'speaking' }),
      timer: expect.objectContaining({ durationMs: 30 * 60_000, runningSince: expect.any(String) }),
    });
  });
});
