import type { SessionRecordView } from '@kinship/domain/wire';
import { liveTestBed } from '../../test/support/live-test-bed';
import { act } from '../../test/support/live-client';

/** The speaker–listener exercise: the floor passes only after a confirmed mirror, and the record keeps it all. */
describe('the floor', () => {
  const bed = liveTestBed();

  it('passes only after the speaker confirms the mirror; clarifying loops back to mirroring; turns and mirrors are in the record', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const { counselor, partnerA: alex, partnerB: blake } = c.live;
    const sessionId = session.id;
    const floorOf = () => c.live.counselor.state(c.workspace.id)!.floor;

    await act(counselor, 'floor:give', { sessionId, speakerId: c.ids.partnerA });
    const given = await blake.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'speaking');
    expect(given!.floor).toMatchObject({ speakerId: c.ids.partnerA, listenerId: c.ids.partnerB, mirror: null, clarification: null });
    // Nobody else may move the turn along, and the floor cannot pass yet.
    expect((await blake.refused('floor:done-speaking', { sessionId })).rule).toBe('floor.not-speaker');
    expect((await blake.refused('mirror:submit', { sessionId, text: 'too early' })).rule).toBe('floor.wrong-phase');
    expect((await counselor.refused('floor:give', { sessionId, speakerId: c.ids.partnerB })).rule).toBe('floor.mirror-unconfirmed');

    await act(alex, 'floor:done-speaking', { sessionId });
    await counselor.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'mirroring');
    expect((await alex.refused('mirror:submit', { sessionId, text: 'I mirror myself' })).rule).toBe('floor.not-listener');
    expect((await counselor.refused('mirror:submit', { sessionId, text: 'I am not the listener' })).rule).toBe('floor.not-listener');

    await act(blake, 'mirror:submit', { sessionId, text: 'You felt unheard last week' });
    const confirming = await alex.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'confirming');
    expect(confirming!.floor!.mirror!.text).toBe('You felt unheard last week');
    expect((await blake.refused('mirror:confirm', { sessionId })).rule).toBe('floor.not-speaker');
    expect((await counselor.refused('floor:give', { sessionId, speakerId: c.ids.partnerB })).rule).toBe('floor.mirror-unconfirmed');

    await act(alex, 'mirror:clarify', { sessionId, text: 'Unheard, and alone with it' });
    const again = await blake.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'mirroring');
    expect(again!.floor).toMatchObject({ mirror: null, clarification: 'Unheard, and alone with it' });
    expect((await alex.refused('mirror:confirm', { sessionId })).rule).toBe('floor.wrong-phase');

    await act(blake, 'mirror:submit', { sessionId, text: 'You felt unheard, and alone with it' });
    await alex.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'confirming');
    await act(alex, 'mirror:confirm', { sessionId });
    await counselor.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'confirmed');
    const firstTurn = floorOf()!.turnId;

    // Now the floor passes: Blake speaks, Alex listens.
    await act(counselor, 'floor:give', { sessionId, speakerId: c.ids.partnerB });
    const second = await alex.stateWhere(c.workspace.id, (s) => s?.floor?.speakerId === c.ids.partnerB);
    expect(second!.floor).toMatchObject({ listenerId: c.ids.partnerA, phase: 'speaking' });
    // The counselor may say the speaker is done for them; release always works, whatever the phase.
    await act(counselor, 'floor:done-speaking', { sessionId });
    await counselor.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'mirroring');
    await act(counselor, 'floor:release', { sessionId });
    await blake.stateWhere(c.workspace.id, (s) => !!s && s.floor === null);
    expect((await counselor.refused('floor:release', { sessionId })).rule).toBe('floor.none');

    const record = await c.counselor.get<SessionRecordView>(`/api/live-sessions/${sessionId}`);
    expect(record.status).toBe(200);
    expect(record.body.turns).toHaveLength(2);
    const [first, last] = record.body.turns;
    expect(first).toMatchObject({ turnId: firstTurn, speakerId: c.ids.partnerA, listenerId: c.ids.partnerB, endedAt: expect.any(String) });
    expect(first!.mirrors.map((m) => [m.text, m.status, m.clarification])).toEqual([
      ['You felt unheard last week', 'clarified', 'Unheard, and alone with it'],
      ['You felt unheard, and alone with it', 'confirmed', null],
    ]);
    expect(first!.mirrors.every((m) => m.answeredAt !== null)).toBe(true);
    expect(last).toMatchObject({ speakerId: c.ids.partnerB, listenerId: c.ids.partnerA, endedAt: expect.any(String), mirrors: [] });
    expect(Date.parse(first!.endedAt!)).toBeLessThanOrEqual(Date.parse(last!.startedAt));
    // Acting in the session joined both partners.
    expect(record.body.participants.map((p) => p.accountId).sort()).toEqual([c.ids.counselor, c.ids.partnerA, c.ids.partnerB].sort());
  });

  it('with a single partner the counselor listens and mirrors', async () => {
    const c = await bed.couple();
    await bed.app.dataSource.query('DELETE FROM membership WHERE workspace_id = $1 AND account_id = $2', [c.workspace.id, c.ids.partnerB]);
    const session = await c.start();
    const sessionId = session.id;
    await act(c.live.counselor, 'floor:give', { sessionId, speakerId: c.ids.partnerA });
    const given = await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s?.floor);
    expect(given!.floor!.listenerId).toBe(c.ids.counselor);
    await act(c.live.partnerA, 'floor:done-speaking', { sessionId });
    await act(c.live.counselor, 'mirror:submit', { sessionId, text: 'What I hear is that you need a pause before answering' });
    await act(c.live.partnerA, 'mirror:confirm', { sessionId });
    expect((await c.live.partnerA.stateWhere(c.workspace.id, (s) => s?.floor?.phase === 'confirmed'))!.floor!.mirror!.text).toMatch(/need a pause/);
  });

  it('ending the session ends the turn held', async () => {
    const c = await bed.couple();
    const session = await c.start();
    await act(c.live.counselor, 'floor:give', { sessionId: session.id, speakerId: c.ids.partnerB });
    await act(c.live.counselor, 'session:end', { sessionId: session.id });
    const record = await c.counselor.get<SessionRecordView>(`/api/live-sessions/${session.id}`);
    expect(record.body.endedAt).not.toBeNull();
    expect(record.body.turns[0]!.endedAt).toBe(record.body.endedAt);
  });
});

/** The same session on the embedded PGlite that `npm start` uses by default. */
describe('a live session on PGlite', () => {
  const bed = liveTestBed({}, 'pglite');

  it('starts, locks, passes the floor after a confirmed mirror, and keeps the record', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const sessionId = session.id;
    await act(c.live.counselor, 'document:lock', { sessionId, documentId: session.dialogueDocumentId, locked: true });
    await act(c.live.counselor, 'floor:give', { sessionId, speakerId: c.ids.partnerA });
    await act(c.live.partnerA, 'floor:done-speaking', { sessionId });
    await act(c.live.partnerB, 'mirror:submit', { sessionId, text: 'I heard you' });
    await act(c.live.partnerA, 'mirror:confirm', { sessionId });
    await act(c.live.counselor, 'floor:give', { sessionId, speakerId: c.ids.partnerB });
    const state = await c.live.partnerA.stateWhere(c.workspace.id, (s) => s?.floor?.speakerId === c.ids.partnerB);
    expect(state!.lockedDocumentIds).toEqual([session.dialogueDocumentId]);
    await act(c.live.counselor, 'session:end', { sessionId });
    const record = await c.partnerB.get<SessionRecordView>(`/api/live-sessions/${sessionId}`);
    expect(record.body.turns.map((t) => [t.speakerId, t.mirrors.map((m) => m.status)])).toEqual([
      [c.ids.partnerA, ['confirmed']],
      [c.ids.partnerB, []],
    ]);
  });
});
