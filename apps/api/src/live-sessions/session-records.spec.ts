import type { LiveSessionSummaryView, SessionObservationsView, SessionRecordView } from '@kinship/domain/wire';
import { liveTestBed } from '../../test/support/live-test-bed';
import { act } from '../../test/support/live-client';
import { createDocument } from '../../test/support/couple';
import { stored, synced } from '../../test/support/sync-client';
import type { HttpClient } from '../../test/support/http-client';

const OBSERVATION = 'PRIVATE-OBSERVATION: Blake minimises when Alex cries';

/** An HTTP client that keeps every response body it receives, to search them afterwards. */
function recording(client: HttpClient): { bodies: string[] } {
  const bodies: string[] = [];
  const request = client.request.bind(client);
  client.request = (async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const response = await request(method, path, body, headers);
    bodies.push(JSON.stringify(response.body ?? null));
    return response;
  }) as HttpClient['request'];
  // The shorthand methods were bound to the original request; route them through the recording one.
  client.get = ((path: string) => client.request('GET', path)) as HttpClient['get'];
  client.post = ((path: string, body?: unknown) => client.request('POST', path, body)) as HttpClient['post'];
  return { bodies };
}

describe('the session record', () => {
  const bed = liveTestBed();

  it('keeps start, end, participants, turns and mirrors, time-outs, documents changed and a summary; partners see their own sessions without the private observations, by REST or socket', async () => {
    const c = await bed.couple();
    const blakeSeen = recording(c.partnerB);
    const alexSeen = recording(c.partnerA);
    const { counselor, partnerA: alex, partnerB: blake } = c.live;

    // Session 1: only Alex joins. Session 2: both partners.
    const first = await c.start();
    await act(alex, 'session:join', { sessionId: first.id });
    await act(counselor, 'session:end', { sessionId: first.id });
    await counselor.stateWhere(c.workspace.id, (s) => s === null);
    const second = await c.start();
    await act(alex, 'session:join', { sessionId: second.id });
    await act(blake, 'session:join', { sessionId: second.id });
    await act(counselor, 'floor:give', { sessionId: second.id, speakerId: c.ids.partnerB });
    await act(blake, 'floor:done-speaking', { sessionId: second.id });
    await act(alex, 'mirror:submit', { sessionId: second.id, text: 'You want us to slow down' });
    await act(blake, 'mirror:confirm', { sessionId: second.id });
    await act(alex, 'time-out:request', { sessionId: second.id });
    await act(blake, 'time-out:request', { sessionId: second.id });
    const withRequests = await counselor.stateWhere(c.workspace.id, (s) => s?.timeOuts.length === 2);
    const alexRequest = withRequests!.timeOuts.find((t) => t.accountId === c.ids.partnerA)!;
    await act(counselor, 'time-out:grant', { sessionId: second.id, requestId: alexRequest.id, breakMinutes: null });
    // Documents changed: a shared one by Blake, and the counselor's private note.
    const shared = await createDocument(c.partnerB, c.workspace.id, 'notes', 'Slowing down');
    const privateNote = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', 'PRIVATE-NOTE-TITLE');
    await act(counselor, 'session:pause', { sessionId: second.id, paused: false });
    const blakeWrites = bed.open(shared.id, c.partnerB.cookie);
    const counselorWrites = bed.open(privateNote.id, c.counselor.cookie);
    await Promise.all([synced(blakeWrites), synced(counselorWrites)]);
    blakeWrites.text.insert(0, 'We pause before answering');
    counselorWrites.text.insert(0, 'Watch the minimising');
    await Promise.all([stored(blakeWrites), stored(counselorWrites)]);

    // The counselor's private observations, written while both partners' sockets are open.
    const saved = await c.counselor.request<SessionObservationsView>('PUT', `/api/live-sessions/${second.id}/observations`, { text: OBSERVATION });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ sessionId: second.id, text: OBSERVATION, updatedAt: expect.any(String) });
    expect((await c.counselor.get<SessionObservationsView>(`/api/live-sessions/${second.id}/observations`)).body.text).toBe(OBSERVATION);
    const summary = await c.counselor.request<SessionRecordView>('PUT', `/api/live-sessions/${second.id}/summary`, { summary: 'We practised slowing down.' });
    expect(summary.status).toBe(200);
    expect(summary.body.summary).toBe('We practised slowing down.');
    await act(counselor, 'session:end', { sessionId: second.id });

    // The counselor's record.
    const full = (await c.counselor.get<SessionRecordView>(`/api/live-sessions/${second.id}`)).body;
    expect(full).toMatchObject({ id: second.id, workspaceId: c.workspace.id, startedBy: c.ids.counselor, endedAt: expect.any(String), summary: 'We practised slowing down.' });
    expect(full.participants.map((p) => [p.accountId, p.role, p.name])).toEqual([
      [c.ids.counselor, 'counselor', 'Dr Rivera'],
      [c.ids.partnerA, 'partner', 'Alex'],
      [c.ids.partnerB, 'partner', 'Blake'],
    ]);
    expect(full.turns).toHaveLength(1);
    expect(full.turns[0]).toMatchObject({ speakerId: c.ids.partnerB, listenerId: c.ids.partnerA, endedAt: full.endedAt });
    expect(full.turns[0]!.mirrors).toEqual([expect.objectContaining({ text: 'You want us to slow down', status: 'confirmed' })]);
    expect(full.timeOuts.map((t) => [t.accountId, t.status])).toEqual([
      [c.ids.partnerA, 'granted'],
      [c.ids.partnerB, 'open'],
    ]);
    const byId = (a: { documentId: string }, b: { documentId: string }) => a.documentId.localeCompare(b.documentId);
    expect([...full.documentsChanged].sort(byId)).toEqual(
      [
        { documentId: shared.id, title: 'Slowing down', kind: 'notes', editorIds: [c.ids.partnerB] },
        { documentId: privateNote.id, title: 'PRIVATE-NOTE-TITLE', kind: 'counselor-notes', editorIds: [c.ids.counselor] },
      ].sort(byId),
    );
    expect(JSON.stringify(full)).not.toContain(OBSERVATION);

    // Lists: the counselor sees both sessions; Blake only the one he joined.
    expect((await c.counselor.get<LiveSessionSummaryView[]>(`/api/workspaces/${c.workspace.id}/live-sessions`)).body.map((s) => s.id)).toEqual([second.id, first.id]);
    expect((await c.partnerB.get<LiveSessionSummaryView[]>(`/api/workspaces/${c.workspace.id}/live-sessions`)).body.map((s) => s.id)).toEqual([second.id]);
    expect((await c.partnerA.get<LiveSessionSummaryView[]>(`/api/workspaces/${c.workspace.id}/live-sessions`)).body.map((s) => s.id)).toEqual([second.id, first.id]);
    expect((await c.partnerB.get(`/api/live-sessions/${first.id}`)).status).toBe(403);
    expect((await c.stranger.get(`/api/live-sessions/${second.id}`)).status).toBe(404);
    expect((await c.stranger.get(`/api/workspaces/${c.workspace.id}/live-sessions`)).status).toBe(404);
    expect((await c.partnerA.get('/api/live-sessions/not-a-uuid')).status).toBe(404);

    // A partner's record: their own time-outs only, no private document, the summary.
    const blakes = (await c.partnerB.get<SessionRecordView>(`/api/live-sessions/${second.id}`)).body;
    expect(blakes.timeOuts.map((t) => t.accountId)).toEqual([c.ids.partnerB]);
    expect(blakes.documentsChanged.map((d) => d.documentId)).toEqual([shared.id]);
    expect(blakes.summary).toBe('We practised slowing down.');
    expect(blakes.turns[0]!.mirrors[0]!.text).toBe('You want us to slow down');

    // Partners may neither read nor write the observations, nor the summary.
    for (const partner of [c.partnerA, c.partnerB]) {
      expect((await partner.get(`/api/live-sessions/${second.id}/observations`)).status).toBe(403);
      expect((await partner.request('PUT', `/api/live-sessions/${second.id}/observations`, { text: 'mine now' })).status).toBe(403);
      expect((await partner.request('PUT', `/api/live-sessions/${second.id}/summary`, { summary: 'mine now' })).status).toBe(403);
    }
    expect((await c.stranger.get(`/api/live-sessions/${second.id}/observations`)).status).toBe(404);
    expect((await c.counselor.get<SessionObservationsView>(`/api/live-sessions/${second.id}/observations`)).body.text).toBe(OBSERVATION);

    // Nothing a partner received, by REST or over either socket, holds the observations (nor the private note's title).
    for (const seen of [blakeSeen, alexSeen]) {
      const everything = seen.bodies.join('\n');
      expect(seen.bodies.length).toBeGreaterThanOrEqual(5);
      expect(everything).not.toContain('PRIVATE-OBSERVATION');
      expect(everything).not.toContain('PRIVATE-NOTE-TITLE');
    }
    for (const socket of [alex, blake]) {
      const frames = socket.raw.join('\n');
      expect(socket.raw.length).toBeGreaterThan(5);
      expect(frames).not.toContain('PRIVATE-OBSERVATION');
      expect(frames).not.toContain('PRIVATE-NOTE-TITLE');
      expect(frames).not.toContain(privateNote.id);
    }
    // The other partner's request never reached Blake, on any path.
    expect(blakeSeen.bodies.join('\n') + blake.raw.join('\n')).not.toContain(alexRequest.id);
  });

  it('validates what the counselor writes', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const put = (path: string, body: unknown) => c.counselor.request('PUT', `/api/live-sessions/${session.id}/${path}`, body);
    expect((await put('summary', { summary: 'bad\u0000byte' })).status).toBe(400);
    expect((await put('summary', { summary: 's'.repeat(10_001) })).status).toBe(400);
    expect((await put('summary', { summary: 'fine', extra: true })).status).toBe(400);
    expect((await put('observations', { text: 'o'.repeat(20_001) })).status).toBe(400);
    expect((await put('observations', { text: '' })).status).toBe(200);
    expect((await c.counselor.request('PUT', `/api/live-sessions/${session.id}/summary`, { summary: 'cross-site' }, { origin: 'https://evil.example' })).status).toBe(403);
  });
});
