import * as decoding from 'lib0/decoding';
import { DEFAULT_BREAK_MINUTES, LiveSessionView } from '@kinship/domain/rules';
import { LiveStateMessage, ReceiptStatus } from '@kinship/domain/wire';
import { LiveCouple, liveTestBed } from '../../test/support/live-test-bed';
import { act } from '../../test/support/live-client';
import { createDocument } from '../../test/support/couple';
import { receipt, synced } from '../../test/support/sync-client';

describe('time-outs', () => {
  const bed = liveTestBed();

  it("a partner's time-out reaches the counselor at once and is never shown to the other partner; grant pauses with a 20-minute break", async () => {
    const c = await bed.couple();
    const session = await c.start();
    const started = Date.now();
    await act(c.live.partnerA, 'time-out:request', { sessionId: session.id });
    const counselorView = await c.live.counselor.stateWhere(c.workspace.id, (s) => !!s?.timeOuts.some((t) => t.status === 'open'));
    expect(Date.now() - started).toBeLessThan(1000);
    const request = counselorView!.timeOuts[0]!;
    expect(request).toMatchObject({ accountId: c.ids.partnerA, status: 'open', answer: null });
    const mine = await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s?.timeOuts.length);
    expect(mine!.timeOuts.map((t) => t.id)).toEqual([request.id]);
    // Partner B is told of the session changing (Alex joined by asking) but never of the request.
    await c.live.partnerB.stateWhere(c.workspace.id, (s) => !!s?.participantIds.includes(c.ids.partnerA));

    await act(c.live.counselor, 'time-out:grant', { sessionId: session.id, requestId: request.id });
    const paused = await c.live.partnerB.stateWhere(c.workspace.id, (s) => !!s?.pause);
    // The other partner is shown the counselor's pause: never that someone asked.
    expect(paused!.pause!.reason).toBe('counselor');
    const breakMs = Date.parse(paused!.pause!.breakEndsAt!) - Date.parse(paused!.pause!.since);
    expect(breakMs).toBe(DEFAULT_BREAK_MINUTES * 60_000);
    const granted = await c.live.partnerA.stateWhere(c.workspace.id, (s) => s?.timeOuts[0]?.status === 'granted');
    expect(granted!.pause!.reason).toBe('time-out');

    // Even while paused, asking is never refused; the counselor answers this one in words.
    await act(c.live.partnerB, 'time-out:request', { sessionId: session.id });
    const second = await c.live.counselor.stateWhere(c.workspace.id, (s) => !!s?.timeOuts.some((t) => t.accountId === c.ids.partnerB));
    const blakes = second!.timeOuts.find((t) => t.accountId === c.ids.partnerB)!;
    await act(c.live.counselor, 'time-out:answer', { sessionId: session.id, requestId: blakes.id, message: 'Two more minutes, then we stop' });
    const answered = await c.live.partnerB.stateWhere(c.workspace.id, (s) => s?.timeOuts[0]?.status === 'answered');
    expect(answered!.timeOuts).toEqual([expect.objectContaining({ id: blakes.id, answer: 'Two more minutes, then we stop' })]);
    expect((await c.live.counselor.refused('time-out:grant', { sessionId: session.id, requestId: blakes.id })).rule).toBe('time-out.unknown');

    // What each partner's socket ever received: never the other's request.
    await new Promise((r) => setTimeout(r, 100));
    const statesOf = (client: typeof c.live.partnerA) => client.received.filter((r) => r.event === 'session:state').map((r) => (r.args[0] as LiveStateMessage).session);
    for (const s of statesOf(c.live.partnerB)) expect(s?.timeOuts.every((t) => t.accountId === c.ids.partnerB) ?? true).toBe(true);
    for (const s of statesOf(c.live.partnerA)) expect(s?.timeOuts.every((t) => t.accountId === c.ids.partnerA) ?? true).toBe(true);
    expect(c.live.partnerB.raw.join('\n')).not.toContain(request.id);
    expect(c.live.partnerA.raw.join('\n')).not.toContain(blakes.id);
    expect(c.live.partnerA.raw.join('\n')).not.toContain('Two more minutes');
  });

  it("the other partner is shown a granted time-out exactly as the counselor's own pause, and nothing at all when it is asked for", async () => {
    const granted = await bed.couple();
    const plain = await bed.couple();
    /** Both partners joined, Blake hearing of it: what Blake receives from here on is compared. */
    const ready = async (c: LiveCouple) => {
      const session = await c.start();
      await act(c.live.partnerA, 'session:join', { sessionId: session.id });
      await act(c.live.partnerB, 'session:join', { sessionId: session.id });
      await c.live.partnerB.stateWhere(c.workspace.id, (s) => s?.participantIds.length === 3);
      await new Promise((r) => setTimeout(r, 150));
      return { session, from: c.live.partnerB.received.length };
    };
    const [g, p] = [await ready(granted), await ready(plain)];

    await act(granted.live.partnerA, 'time-out:request', { sessionId: g.session.id });
    const asked = await granted.live.counselor.stateWhere(granted.workspace.id, (s) => !!s?.timeOuts.length);
    await new Promise((r) => setTimeout(r, 150));
    expect(granted.live.partnerB.received.slice(g.from)).toEqual([]);
    await act(granted.live.counselor, 'time-out:grant', { sessionId: g.session.id, requestId: asked!.timeOuts[0]!.id });
    await act(plain.live.counselor, 'session:pause', { sessionId: p.session.id, paused: true, breakMinutes: DEFAULT_BREAK_MINUTES });
    for (const c of [granted, plain]) await c.live.partnerB.stateWhere(c.workspace.id, (s) => !!s?.pause);
    await new Promise((r) => setTimeout(r, 150));
    // Alex, who asked, sees their own time-out.
    expect(granted.live.partnerA.state(granted.workspace.id)!.pause!.reason).toBe('time-out');

    /** What Blake received since, with this couple's ids and the times put in words. */
    const seenByBlake = (c: LiveCouple, from: number, session: LiveSessionView) => {
      const names: Record<string, string> = {
        [c.workspace.id]: 'workspace',
        [session.id]: 'session',
        [session.dialogueDocumentId]: 'dialogue',
        [c.ids.counselor]: 'counselor',
        [c.ids.partnerA]: 'alex',
        [c.ids.partnerB]: 'blake',
      };
      return JSON.parse(
        JSON.stringify(c.live.partnerB.received.slice(from))
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => names[id] ?? 'another id')
          .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'a time'),
      );
    };
    const blakeGranted = seenByBlake(granted, g.from, g.session);
    expect(blakeGranted).toEqual(seenByBlake(plain, p.from, p.session));
    expect(blakeGranted.map((r: { event: string }) => r.event)).toEqual(['session:state']);
    const breakOf = (c: LiveCouple) => {
      const pause = c.live.partnerB.state(c.workspace.id)!.pause!;
      return Date.parse(pause.breakEndsAt!) - Date.parse(pause.since);
    };
    expect(breakOf(granted)).toBe(breakOf(plain));
    expect(granted.live.partnerB.raw.join('\n')).not.toContain('time-out');
    // The write gate tells Blake the same words.
    const doc = await createDocument(granted.counselor, granted.workspace.id, 'notes');
    const blakeOnDoc = bed.open(doc.id, granted.partnerB.cookie);
    await synced(blakeOnDoc);
    const refusedWith = new Promise<string>((resolve) => {
      // `[2][0][reason]`: the stock client's "permission denied", read here for its words.
      blakeOnDoc.provider.messageHandlers[2] = (_encoder, decoder) => {
        decoding.readVarUint(decoder);
        resolve(decoding.readVarString(decoder));
      };
    });
    blakeOnDoc.text.insert(0, 'during the pause');
    expect(await receipt(blakeOnDoc)).toBe(ReceiptStatus.refused);
    expect(await refusedWith).toBe('Paused by your counselor');
  });

  it('a time-out needs a live session: none live is answered no-live-session', async () => {
    const c = await bed.couple();
    const session = await c.start();
    await act(c.live.counselor, 'session:end', { sessionId: session.id });
    expect((await c.live.partnerA.refused('time-out:request', { sessionId: session.id })).rule).toBe('no-live-session');
  });
});
