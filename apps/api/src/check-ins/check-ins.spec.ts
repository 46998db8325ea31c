import type { CheckInAnswersTable, CheckInView, DocumentView, MyCheckInAnswers, SetCheckInBody } from '@kinship/domain/wire';
import { checkInPeriod, DEFAULT_CHECK_IN_QUESTIONS } from '@kinship/domain/wire';
import { strFromU8, unzipSync } from 'fflate';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createDocument, setUpCouple, type Couple } from '../../test/support/couple';
import type { HttpClient } from '../../test/support/http-client';
import { act, liveClient, type LiveClient } from '../../test/support/live-client';
import { cookieWebSocket, until } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CHECK_IN: SetCheckInBody = {
  weekday: 1,
  questions: [...DEFAULT_CHECK_IN_QUESTIONS, { id: 'practice-measure', kind: 'choice', prompt: 'A measure our practice holds a licence for', options: ['Never', 'Sometimes', 'Often', 'Always'] }],
};
const A_ANSWERS = { safe: 3, close: 7, heard: 5, week: 0, 'practice-measure': 2 };

/** A sync connection on a document as the stock client opens it, keeping every frame it receives. */
function recordingSyncClient(wsUrl: string, documentId: string, cookie: string | null) {
  const frames: string[] = [];
  const Base = cookieWebSocket(cookie);
  class Recording extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data: Buffer) => frames.push(Buffer.from(data).toString('base64')));
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/sync`, documentId, doc, { WebSocketPolyfill: Recording as unknown as typeof globalThis.WebSocket, disableBc: true });
  return { frames, provider, destroy: () => (provider.destroy(), doc.destroy()) };
}

describe('check-ins that leave no trace', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('postgres');
  });
  afterAll(() => app?.close());

  async function couple(): Promise<Couple & { agreement: DocumentView; notes: DocumentView }> {
    const c = await setUpCouple(app.url);
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'How we talk');
    const notes = await createDocument(c.partnerB, c.workspace.id, 'notes', 'Shared notes');
    expect((await c.counselor.request('PUT', `/api/workspaces/${c.workspace.id}/check-in`, CHECK_IN)).status).toBe(200);
    return { ...c, agreement, notes };
  }

  /**
   * Every GET partner B can make, as raw bytes: status, body and headers. Normalised: only the
   * `date` header (wall time, whatever A does). Routes refused to B are in it too: the refusal must
   * not change either.
   */
  function everythingBCanRequest(c: Couple & { agreement: DocumentView; notes: DocumentView }, sessionId: string): string[] {
    const w = c.workspace.id;
    return [
      '/api/me', '/api/me/activity', '/api/me/sessions', '/api/me/totp', '/api/me/recovery-codes', '/api/me/notice-mail', '/api/me/audit', '/api/me/export.zip',
      '/api/workspaces', `/api/workspaces/${w}`, `/api/workspaces/${w}/documents`, `/api/workspaces/${w}/documents?archived=true`, `/api/workspaces/${w}/document-activity`,
      `/api/documents/${c.agreement.id}`, `/api/documents/${c.agreement.id}/activity`, `/api/documents/${c.agreement.id}/history`, `/api/documents/${c.agreement.id}/authorship`,
      `/api/documents/${c.notes.id}`, `/api/documents/${c.notes.id}/activity`, `/api/documents/${c.notes.id}/history`,
      `/api/agreements/${c.agreement.id}`, `/api/agreements/${c.agreement.id}/versions`,
      '/api/notifications', `/api/workspaces/${w}/live-sessions`, `/api/live-sessions/${sessionId}`, `/api/live-sessions/${sessionId}/observations`,
      `/api/workspaces/${w}/check-in`, `/api/workspaces/${w}/check-in/answers`, `/api/workspaces/${w}/progress`, `/api/workspaces/${w}/progress?weeks=52`,
      `/api/workspaces/${w}/reveals`,
      `/api/workspaces/${w}/audit`, `/api/workspaces/${w}/audit.csv`, `/api/workspaces/${w}/invites`, `/api/workspaces/${w}/recovery-links`, `/api/workspaces/${w}/export.zip`,
      '/api/config',
    ];
  }

  /**
   * B's own records export is itself audited ('records-exported', B's deed, once per download) and
   * stamped with the moment it was made: those entries and stamps change with each of B's reads,
   * whatever A does, and are the only things taken out. Everything else is compared as sent.
   */
  const withoutOwnExports = (entries: { kind: string }[]) => entries.filter((e) => e.kind !== 'records-exported');
  function normalised(path: string, body: Buffer): string {
    if (path === '/api/me/audit') {
      const page = JSON.parse(body.toString('utf8'));
      return JSON.stringify({ ...page, entries: withoutOwnExports(page.entries) });
    }
    if (path.endsWith('.zip') && body.length > 0 && body[0] === 0x50) {
      const files = Object.entries(unzipSync(new Uint8Array(body))).map(([name, data]) => {
        let text = strFromU8(data);
        if (name === 'README.md') text = text.replace(/Exported \S+\./, 'Exported (when).');
        if (name === 'account.json') text = JSON.stringify({ ...JSON.parse(text), exportedAt: '(when)' });
        if (name === 'audit.json') text = JSON.stringify(withoutOwnExports(JSON.parse(text)));
        return `--- ${name}\n${text}`;
      });
      return files.sort().join('\n');
    }
    return body.toString('utf8');
  }

  async function snapshot(b: HttpClient, paths: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const path of paths) {
      const res = await fetch(`${b.baseUrl}${path}`, { headers: { cookie: b.cookie!, origin: b.baseUrl } });
      const body = Buffer.from(await res.arrayBuffer());
      // The date (wall time); a body's length and etag follow from the body, compared below.
      const derived = ['date', ...(path === '/api/me/audit' || path.endsWith('.zip') ? ['content-length', 'etag'] : [])];
      const headers = [...res.headers].filter(([name]) => !derived.includes(name)).map(([n, v]) => `${n}: ${v}`).join('\n');
      out[path] = `${res.status}\n${headers}\n\n${normalised(path, body)}`;
    }
    return out;
  }

  it('partner B’s whole view (every REST response, every /live and /sync frame) is the same before and after partner A answers', async () => {
    const c = await couple();
    const w = c.workspace.id;
    // Every door open as a browser holds it: B and A on /live watching the workspace, a live session, B on a document's sync.
    const live: Record<'counselor' | 'partnerA' | 'partnerB', LiveClient> = {
      counselor: await liveClient(app.url, c.counselor.cookie, { origin: app.url }),
      partnerA: await liveClient(app.url, c.partnerA.cookie, { origin: app.url }),
      partnerB: await liveClient(app.url, c.partnerB.cookie, { origin: app.url }),
    };
    for (const l of Object.values(live)) await act(l, 'session:watch', { workspaceId: w });
    await act(live.counselor, 'session:start', { workspaceId: w });
    const session = await live.partnerB.stateWhere(w, (s) => s !== null);
    await act(live.partnerA, 'session:join', { sessionId: session!.id });
    await act(live.partnerB, 'session:join', { sessionId: session!.id });
    await act(live.partnerA, 'presence:update', { workspaceId: w, documentId: null, activity: 'active' });
    await act(live.partnerB, 'presence:update', { workspaceId: w, documentId: c.notes.id, activity: 'active' });
    const sync = recordingSyncClient(app.wsUrl, c.notes.id, c.partnerB.cookie);
    await until(() => sync.provider.synced, 5000, 'B synced');
    await sleep(800); // everything that follows joining has arrived

    const paths = everythingBCanRequest(c, session!.id);
    await snapshot(c.partnerB, paths); // B's first reads of each document are audited (once in five minutes): done here
    const before = await snapshot(c.partnerB, paths);
    const again = await snapshot(c.partnerB, paths);
    expect(again).toEqual(before); // B's own reading changes nothing it reads: any difference below is A's
    // The doors are really open and recording: B was answered on every REST path it may use, heard the session and presence on /live, and synced.
    for (const path of ['/api/me', `/api/workspaces/${w}/documents`, '/api/notifications', '/api/me/audit', `/api/workspaces/${w}/check-in`, `/api/live-sessions/${session!.id}`]) expect(before[path]).toMatch(/^200\n/);
    expect(before[`/api/workspaces/${w}/check-in/answers`]).toMatch(/^403\n/);
    expect(before[`/api/workspaces/${w}/progress`]).toMatch(/^200\n/);
    expect(live.partnerB.received.map((r) => r.event)).toEqual(expect.arrayContaining(['session:state', 'session:presence']));
    expect(sync.frames.length).toBeGreaterThan(0);

    const liveFrom = live.partnerB.raw.length;
    const eventsFrom = live.partnerB.received.length;
    const syncFrom = sync.frames.length;

    // A answers, rewrites an answer, and reads their own view and progress.
    expect((await c.partnerA.request<MyCheckInAnswers>('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: A_ANSWERS })).status).toBe(200);
    expect((await c.partnerA.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { ...A_ANSWERS, safe: 4 } })).status).toBe(200);
    const aView = (await c.partnerA.get<CheckInView>(`/api/workspaces/${w}/check-in`)).body;
    expect(aView.mine).toEqual({ answers: { ...A_ANSWERS, safe: 4 }, sharedQuestionIds: [] });
    expect((await c.partnerA.get<{ people: { answers: Record<string, (number | null)[]> }[] }>(`/api/workspaces/${w}/progress`)).body.people[0]!.answers.safe!.at(-1)).toBe(4);
    await sleep(1500);

    // Engine.io pings ('2') come on a timer whatever A does; nothing else may have come.
    expect(live.partnerB.raw.slice(liveFrom).filter((f) => f !== '2')).toEqual([]);
    expect(live.partnerB.received.slice(eventsFrom)).toEqual([]);
    expect(sync.frames.slice(syncFrom)).toEqual([]);
    const after = await snapshot(c.partnerB, paths);
    for (const path of paths) expect({ path, response: after[path] }).toEqual({ path, response: before[path] });

    sync.destroy();
    for (const l of Object.values(live)) l.close();
  });

  it('B’s check-in view says B’s own state only; the counselor reads A’s answers (sealed at rest); a shared answer reaches B, and only it', async () => {
    const c = await couple();
    const w = c.workspace.id;
    const bView = (await c.partnerB.get<CheckInView>(`/api/workspaces/${w}/check-in`)).body;
    expect(bView).toEqual({ checkIn: CHECK_IN, period: checkInPeriod(1, new Date()), mine: null, sharedWithMe: [] });

    await c.partnerA.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: A_ANSWERS });
    const stored: { answers: string }[] = await app.dataSource.query(`SELECT answers FROM check_in_answer WHERE workspace_id = $1`, [w]);
    expect(stored[0]!.answers).toMatch(/^ksealed1:/);

    const table = (await c.counselor.get<CheckInAnswersTable>(`/api/workspaces/${w}/check-in/answers`)).body;
    const me = async (client: HttpClient) => (await client.get<{ id: string }>('/api/me')).body.id;
    const [aId, bId] = [await me(c.partnerA), await me(c.partnerB)];
    expect(table.weeks).toEqual([{ periodStarts: checkInPeriod(1, new Date()).starts, answers: { [aId]: A_ANSWERS, [bId]: null } }]);
    expect(table.partners.map((p) => p.name).sort()).toEqual(['Alex', 'Blake']);

    // B's answers are B's: A reads none of them.
    await c.partnerB.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { safe: 9 } });
    expect((await c.partnerA.get<CheckInView>(`/api/workspaces/${w}/check-in`)).body.sharedWithMe).toEqual([]);

    // A shares one chosen answer: B sees that answer and nothing else of A's.
    const shared = await c.partnerA.post<MyCheckInAnswers>(`/api/workspaces/${w}/check-in/mine/shares`, { questionId: 'close' });
    expect(shared.status).toBe(200);
    expect(shared.body.sharedQuestionIds).toEqual(['close']);
    const bNow = (await c.partnerB.get<CheckInView>(`/api/workspaces/${w}/check-in`)).body;
    expect(bNow.sharedWithMe).toEqual([
      { periodStarts: checkInPeriod(1, new Date()).starts, by: { accountId: aId, name: 'Alex' }, question: DEFAULT_CHECK_IN_QUESTIONS[1], value: 7 },
    ]);
    expect(JSON.stringify(bNow)).not.toContain('"safe":3');
    expect(bNow.mine).toEqual({ answers: { safe: 9 }, sharedQuestionIds: [] });
    // Taken back: gone from B's view.
    expect((await c.partnerA.delete(`/api/workspaces/${w}/check-in/mine/shares/close`)).status).toBe(200);
    expect((await c.partnerB.get<CheckInView>(`/api/workspaces/${w}/check-in`)).body.sharedWithMe).toEqual([]);

    // Records downloads: each partner's holds their own answers only; the counselor's workspace export holds both.
    const checkInsJson = async (client: HttpClient, path: string) => {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie: client.cookie!, origin: app.url } });
      expect(res.status).toBe(200);
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      const name = Object.keys(files).find((n) => n.endsWith('check-ins.json'))!;
      return JSON.parse(strFromU8(files[name]!));
    };
    const week = checkInPeriod(1, new Date()).starts;
    expect((await checkInsJson(c.partnerA, '/api/me/export.zip')).myAnswers).toEqual([{ periodStarts: week, answers: A_ANSWERS, sharedQuestionIds: [] }]);
    const bRecords = await checkInsJson(c.partnerB, '/api/me/export.zip');
    expect(bRecords).toMatchObject({ myAnswers: [{ periodStarts: week, answers: { safe: 9 }, sharedQuestionIds: [] }], sharedWithMe: [] });
    expect(JSON.stringify(bRecords)).not.toContain(aId);
    expect((await checkInsJson(c.counselor, `/api/workspaces/${w}/export.zip`)).weeks).toEqual([{ periodStarts: week, answers: { [aId]: A_ANSWERS, [bId]: { safe: 9 } } }]);
  });

  it('the counselor alone sets the questions and the schedule and reads every answer; a partner is refused (403), a stranger finds nothing (404)', async () => {
    const c = await couple();
    const w = c.workspace.id;
    for (const partner of [c.partnerA, c.partnerB]) {
      expect((await partner.request('PUT', `/api/workspaces/${w}/check-in`, CHECK_IN)).status).toBe(403);
      expect((await partner.get(`/api/workspaces/${w}/check-in/answers`)).status).toBe(403);
    }
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { safe: 5 } })).status).toBe(403);
    expect((await c.stranger.get(`/api/workspaces/${w}/check-in`)).status).toBe(404);
    expect((await c.stranger.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { safe: 5 } })).status).toBe(404);
    // Answers must fit the questions.
    expect((await c.partnerA.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { week: 3 } })).status).toBe(400);
    expect((await c.partnerA.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { nope: 3 } })).status).toBe(400);
    expect((await c.partnerA.request('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: { safe: 11 } })).status).toBe(400);
    // The counselor changes the schedule: one schedule, the same week for both partners.
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/check-in`, { ...CHECK_IN, weekday: 4 })).status).toBe(200);
    const [a, b] = await Promise.all([c.partnerA, c.partnerB].map(async (p) => (await p.get<CheckInView>(`/api/workspaces/${w}/check-in`)).body.period));
    expect(a).toEqual(checkInPeriod(4, new Date()));
    expect(b).toEqual(a);
  });
});

describe('check-ins on the embedded PGlite', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  });
  afterAll(() => app?.close());

  it('answers are sealed and read back by their partner and the counselor; the other partner’s view does not change', async () => {
    const c = await setUpCouple(app.url);
    const w = c.workspace.id;
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/check-in`, CHECK_IN)).status).toBe(200);
    const bBefore = await c.partnerB.get<CheckInView>(`/api/workspaces/${w}/check-in`);
    expect((await c.partnerA.request<MyCheckInAnswers>('PUT', `/api/workspaces/${w}/check-in/mine`, { answers: A_ANSWERS })).body).toEqual({ answers: A_ANSWERS, sharedQuestionIds: [] });
    expect((await c.partnerB.get<CheckInView>(`/api/workspaces/${w}/check-in`)).body).toEqual(bBefore.body);
    const table = (await c.counselor.get<CheckInAnswersTable>(`/api/workspaces/${w}/check-in/answers`)).body;
    expect(Object.values(table.weeks[0]!.answers)).toContainEqual(A_ANSWERS);
    const stored: { answers: string }[] = await app.dataSource.query(`SELECT answers FROM check_in_answer WHERE workspace_id = $1`, [w]);
    expect(stored[0]!.answers).toMatch(/^ksealed1:/);
  });
});
