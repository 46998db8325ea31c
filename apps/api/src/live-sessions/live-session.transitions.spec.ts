import { LiveRefusal } from '../realtime/live-refusal';
import * as T from './live-session.transitions';

/** The session's transitions, pure: the rules that need no database or socket. */
describe('live-session transitions', () => {
  const counselor = { accountId: 'c', role: 'counselor' as const };
  const alex = { accountId: 'a', role: 'partner' as const };
  const blake = { accountId: 'b', role: 'partner' as const };
  let n = 0;
  const at = (iso = '2026-11-25T10:00:00.000Z'): T.Moment => ({ now: new Date(iso), newId: () => `id-${++n}` });
  const refusal = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      if (error instanceof LiveRefusal) return error.rule;
      throw error;
    }
    return null;
  };

  it('joining twice changes nothing; acting joins a partner once', () => {
    const state = T.initialState('c');
    const joined = T.join(state, alex);
    expect(joined.writes).toEqual([{ kind: 'participant', accountId: 'a', role: 'partner' }]);
    expect(T.join(joined.state, alex).state).toBe(joined.state);
    const asked = T.joining(joined.state, alex, (s) => T.requestTimeOut(s, alex, at()))!;
    expect(asked.writes.map((w) => w.kind)).toEqual(['time-out-requested']);
    // A repeated tap while the request is open keeps the one open request.
    expect(T.joining(asked.state, alex, (s) => T.requestTimeOut(s, alex, at()))).toBeNull();
  });

  it('the timer counts what ran across pauses; minutes set a countdown only from zero; reset stops it at zero', () => {
    let state = T.controlTimer(T.initialState('c'), 'start', 10, at('2026-11-25T10:00:00.000Z')).state;
    expect(state.timer).toEqual({ durationMs: 600_000, runningSince: '2026-11-25T10:00:00.000Z', elapsedMs: 0 });
    state = T.controlTimer(state, 'pause', null, at('2026-11-25T10:01:30.000Z')).state;
    expect(state.timer).toEqual({ durationMs: 600_000, runningSince: null, elapsedMs: 90_000 });
    state = T.controlTimer(state, 'start', 30, at('2026-11-25T10:05:00.000Z')).state;
    expect(state.timer.durationMs).toBe(600_000);
    const running = state;
    expect(T.controlTimer(running, 'start', null, at()).state).toBe(running);
    expect(T.controlTimer(state, 'reset', null, at()).state.timer).toEqual(T.stoppedTimer());
  });

  it('pausing again keeps when and why it started; a granted time-out pauses for the time-out', () => {
    const first = T.pause(T.initialState('c'), true, 5, at('2026-11-25T10:00:00.000Z')).state;
    const again = T.pause(first, true, null, at('2026-11-25T10:02:00.000Z')).state;
    expect(again.pause).toEqual({ since: '2026-11-25T10:00:00.000Z', reason: 'counselor', breakEndsAt: null });
    const asked = T.requestTimeOut(again, blake, at())!.state;
    const granted = T.grantTimeOut(asked, asked.timeOuts[0]!.id, 20, at('2026-11-25T10:03:00.000Z')).state;
    expect(granted.pause).toEqual({ since: '2026-11-25T10:00:00.000Z', reason: 'time-out', askedBy: 'b', breakEndsAt: '2026-11-25T10:23:00.000Z' });
    // Blake sees their time-out; Alex sees the counselor's pause, field for field.
    const view = T.toView({ id: 's', workspaceId: 'w', startedBy: 'c', startedAt: new Date(), endedAt: null, dialogueDocumentId: 'd', state: granted } as never);
    expect(T.viewFor(view, blake).pause).toEqual({ since: '2026-11-25T10:00:00.000Z', reason: 'time-out', breakEndsAt: '2026-11-25T10:23:00.000Z' });
    expect(T.viewFor(view, alex).pause).toEqual({ since: '2026-11-25T10:00:00.000Z', reason: 'counselor', breakEndsAt: '2026-11-25T10:23:00.000Z' });
    expect(T.viewFor(view, counselor).pause).toEqual(granted.pause);
    expect(refusal(() => T.answerTimeOut(granted, granted.timeOuts[0]!.id, 'too late'))).toBe('time-out.unknown');
    expect(T.pause(granted, false, null, at()).state.pause).toBeNull();
  });

  it('the listener is the other partner, or the counselor when there is one partner; only a partner may speak', () => {
    const members = [counselor, alex, blake];
    expect(T.giveFloor(T.initialState('c'), 'a', members, at()).state.floor).toMatchObject({ speakerId: 'a', listenerId: 'b', phase: 'speaking' });
    expect(T.giveFloor(T.initialState('c'), 'a', [counselor, alex], at()).state.floor!.listenerId).toBe('c');
    expect(refusal(() => T.giveFloor(T.initialState('c'), 'c', members, at()))).toBe('floor.speaker-must-be-partner');
    expect(refusal(() => T.giveFloor(T.initialState('c'), 'stranger', members, at()))).toBe('floor.speaker-must-be-partner');
  });

  it('a turn moves speaking → mirroring → confirming → confirmed, clarify goes back, and only then may the floor pass', () => {
    const members = [counselor, alex, blake];
    let state = T.giveFloor(T.initialState('c'), 'a', members, at()).state;
    expect(refusal(() => T.giveFloor(state, 'b', members, at()))).toBe('floor.mirror-unconfirmed');
    state = T.doneSpeaking(state, alex).state;
    expect(refusal(() => T.doneSpeaking(state, alex))).toBe('floor.wrong-phase');
    state = T.submitMirror(state, blake, 'first try', at()).state;
    expect(refusal(() => T.giveFloor(state, 'b', members, at()))).toBe('floor.mirror-unconfirmed');
    const clarified = T.clarifyMirror(state, alex, 'not quite');
    expect(clarified.state.floor).toMatchObject({ phase: 'mirroring', mirror: null, clarification: 'not quite' });
    expect(clarified.writes).toEqual([expect.objectContaining({ kind: 'mirror-answered', status: 'clarified', clarification: 'not quite' })]);
    state = T.submitMirror(clarified.state, blake, 'second try', at()).state;
    state = T.confirmMirror(state, alex).state;
    const passed = T.giveFloor(state, 'b', members, at());
    expect(passed.writes.map((w) => w.kind)).toEqual(['turn-ended', 'turn-started']);
    expect(passed.state.floor).toMatchObject({ speakerId: 'b', listenerId: 'a' });
  });
});
