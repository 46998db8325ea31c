import { ReceiptStatus } from '@kinship/domain/wire';
import { ApiProcess } from './support/api-process';
import { createDocument, setUpCouple } from './support/couple';
import { act, LiveClient, liveClient } from './support/live-client';
import { receipt, stockClient, synced } from './support/sync-client';
import { TEST_DATABASE_URL } from './support/test-app';
import { HttpClient } from './support/http-client';

/** The live session lives in PostgreSQL: an API killed mid-session comes back with it whole. */
describe('a live session across an API restart', () => {
  const api = new ApiProcess({ PORT: '0', WEB_DIST: '/nonexistent', DATABASE_URL: TEST_DATABASE_URL });
  const sockets: LiveClient[] = [];
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await api.kill();
  });

  async function watching(url: string, cookie: string | null, workspaceId: string): Promise<LiveClient> {
    const client = await liveClient(url, cookie);
    sockets.push(client);
    await act(client, 'session:watch', { workspaceId });
    return client;
  }

  it('after SIGKILL and a start, the session and all its state are there, and the write gate holds as before', async () => {
    let url = await api.start();
    const c = await setUpCouple(url);
    const workspaceId = c.workspace.id;
    const doc = await createDocument(c.partnerA, workspaceId, 'notes');
    const ids = {
      alex: (await c.partnerA.get<{ id: string }>('/api/me')).body.id,
      blake: (await c.partnerB.get<{ id: string }>('/api/me')).body.id,
    };
    let counselor = await watching(url, c.counselor.cookie, workspaceId);
    let alex = await watching(url, c.partnerA.cookie, workspaceId);
    await act(counselor, 'session:start', { workspaceId });
    const session = (await counselor.stateWhere(workspaceId, (s) => s !== null))!;
    const sessionId = session.id;
    await act(counselor, 'document:lock', { sessionId, documentId: doc.id, locked: true });
    await act(counselor, 'timer:control', { sessionId, action: 'start', minutes: 45 });
    await act(counselor, 'floor:give', { sessionId, speakerId: ids.alex });
    await act(alex, 'floor:done-speaking', { sessionId });
    const blake = await watching(url, c.partnerB.cookie, workspaceId);
    await act(blake, 'mirror:submit', { sessionId, text: 'You need more time to answer' });
    await act(blake, 'time-out:request', { sessionId });
    await act(counselor, 'session:pause', { sessionId, paused: true, breakMinutes: 10 });
    const before = (await counselor.stateWhere(workspaceId, (s) => !!s?.pause && s.timeOuts.length === 1))!;

    await api.kill();
    sockets.splice(0).forEach((s) => s.close());
    url = await api.start();

    counselor = await watching(url, c.counselor.cookie, workspaceId);
    alex = await watching(url, c.partnerA.cookie, workspaceId);
    const after = await counselor.stateWhere(workspaceId, (s) => s !== null);
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      lockedDocumentIds: [doc.id],
      pause: expect.objectContaining({ reason: 'counselor', breakEndsAt: expect.any(String) }),
      floor: expect.objectContaining({ speakerId: ids.alex, listenerId: ids.blake, phase: 'confirming', mirror: expect.objectContaining({ text: 'You need more time to answer' }) }),
      timer: expect.objectContaining({ durationMs: 45 * 60_000, runningSince: expect.any(String) }),
      timeOuts: [expect.objectContaining({ accountId: ids.blake, status: 'open' })],
    });
    // Alex still sees none of Blake's requests.
    expect((await alex.stateWhere(workspaceId, (s) => s !== null))!.timeOuts).toEqual([]);

    // The restarted process's write gate reads the session from the database before the first frame.
    const wsUrl = url.replace(/^http/, 'ws');
    const alexOnDoc = stockClient(wsUrl, doc.id, c.partnerA.cookie);
    try {
      await synced(alexOnDoc);
      alexOnDoc.text.insert(0, 'after the restart');
      expect(await receipt(alexOnDoc)).toBe(ReceiptStatus.refused);
    } finally {
      alexOnDoc.destroy();
    }

    // The exercise carries on where it was.
    await act(alex, 'mirror:confirm', { sessionId });
    await counselor.stateWhere(workspaceId, (s) => s?.floor?.phase === 'confirmed');
    await act(counselor, 'session:end', { sessionId });
    // The port changed with the restart: the same cookie, at the new address.
    const counselorHttp = Object.assign(new HttpClient(url), { cookie: c.counselor.cookie });
    const record = await counselorHttp.get<{ turns: { mirrors: { status: string }[] }[]; timeOuts: unknown[] }>(`/api/live-sessions/${sessionId}`);
    expect(record.body.turns[0]!.mirrors.map((m) => m.status)).toEqual(['confirmed']);
    expect(record.body.timeOuts).toHaveLength(1);

    // A graceful stop (SIGTERM) with live sockets open finishes without an error logged.
    await api.stop();
    expect(api.output).not.toMatch(/ERROR/);
  }, 90_000);
});
