import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { strFromU8, unzipSync } from 'fflate';
import { JOINT_WORK_PAUSED_WORDS } from '@kinship/domain/rules';
import type { ProposalView } from '@kinship/domain/agreements';
import type { CounselorJointWorkView, DocumentView, JointWorkMessage, JointWorkView, SafetyAlertMessage, SafetyAnswered, SafetyOverview, SafetyView } from '@kinship/domain/wire';
import { DEFAULT_SAFETY_QUESTIONS, DEFAULT_SAFETY_RESOURCES, ReceiptStatus, SyncMessageType } from '@kinship/domain/wire';
import { createDocument, setUpCouple, type Couple } from '../../test/support/couple';
import type { HttpClient } from '../../test/support/http-client';
import { act, liveClient, type LiveClient } from '../../test/support/live-client';
import { cookieWebSocket, openRawSocket, type OpenRawSocket, receipt, stockClient, stored, synced, until } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { updateFrame } from '../sync/protocol';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A's answers: "safe-now" 2 is in the default risk range 0–3. */
const RISK_ANSWERS = { 'safe-now': 2, afraid: 0, hurt: 0, contact: 0 };
const CALM_ANSWERS = { 'safe-now': 8, afraid: 0, hurt: 0, contact: 0 };

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

/** The reasons a raw socket was told its edits were refused (`[2][0][reason]` frames). */
function denials(socket: OpenRawSocket): string[] {
  return socket.frames.flatMap((frame) => {
    const d = decoding.createDecoder(new Uint8Array(frame));
    if (decoding.readVarUint(d) !== SyncMessageType.auth || decoding.readVarUint(d) !== 0) return [];
    return [decoding.readVarString(d)];
  });
}

function sneakyUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('the safety channel', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('postgres');
  });
  afterAll(() => app?.close());

  const me = async (client: HttpClient) => (await client.get<{ id: string }>('/api/me')).body.id;

  async function couple(): Promise<Couple & { agreement: DocumentView; notes: DocumentView }> {
    const c = await setUpCouple(app.url);
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'How we talk');
    const notes = await createDocument(c.partnerB, c.workspace.id, 'notes', 'Shared notes');
    return { ...c, agreement, notes };
  }

  /** Every GET partner B can make, refused ones included (the refusal must not change either). */
  function everythingBCanRequest(c: Couple & { agreement: DocumentView; notes: DocumentView }, sessionId: string): string[] {
    const w = c.workspace.id;
    return [
      '/api/me', '/api/me/activity', '/api/me/sessions', '/api/me/totp', '/api/me/recovery-codes', '/api/me/notice-mail', '/api/me/audit', '/api/me/export.zip',
      '/api/workspaces', `/api/workspaces/${w}`, `/api/workspaces/${w}/documents`, `/api/workspaces/${w}/documents?archived=true`, `/api/workspaces/${w}/document-activity`,
      `/api/documents/${c.agreement.id}`, `/api/documents/${c.agreement.id}/activity`, `/api/documents/${c.agreement.id}/history`, `/api/documents/${c.agreement.id}/authorship`,
      `/api/documents/${c.notes.id}`, `/api/documents/${c.notes.id}/activity`, `/api/documents/${c.notes.id}/history`,
      `/api/agreements/${c.agreement.id}`, `/api/agreements/${c.agreement.id}/versions`,
      '/api/notifications', `/api/workspaces/${w}/live-sessions`, `/api/live-sessions/${sessionId}`, `/api/live-sessions/${sessionId}/observations`,
      `/api/workspaces/${w}/check-in`, `/api/workspaces/${w}/check-in/answers`, `/api/workspaces/${w}/commitments`,
      `/api/workspaces/${w}/safety`, `/api/workspaces/${w}/safety/overview`, `/api/workspaces/${w}/joint-work`,
      `/api/workspaces/${w}/audit`, `/api/workspaces/${w}/audit.csv`, `/api/workspaces/${w}/invites`, `/api/workspaces/${w}/recovery-links`, `/api/workspaces/${w}/export.zip`,
      '/api/config',
    ];
  }

  /** B's own records export is audited and stamped with when it was made: those are the only things taken out. */
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
      const derived = ['date', ...(path === '/api/me/audit' || path.endsWith('.zip') ? ['content-length', 'etag'] : [])];
      const headers = [...res.headers].filter(([name]) => !derived.includes(name)).map(([n, v]) => `${n}: ${v}`).join('\n');
      out[path] = `${res.status}\n${headers}\n\n${normalised(path, body)}`;
    }
    return out;
  }

  it('partner B’s whole view (every REST response, every /live and /sync frame) is the same before and after partner A gives a risk answer and writes to the counselor', async () => {
    const c = await couple();
    const w = c.workspace.id;
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
    // B has used the safety channel too before: B's own view holds B's things, never A's.
    expect((await c.partnerB.post(`/api/workspaces/${w}/safety/answers`, { answers: CALM_ANSWERS })).status).toBe(200);
    await sleep(800);

    const paths = everythingBCanRequest(c, session!.id);
    await snapshot(c.partnerB, paths); // B's first reads of each document are audited (once in five minutes): done here
    const before = await snapshot(c.partnerB, paths);
    expect(await snapshot(c.partnerB, paths)).toEqual(before); // B's own reading changes nothing it reads
    for (const path of ['/api/me', `/api/workspaces/${w}/safety`, `/api/workspaces/${w}/joint-work`, '/api/notifications', '/api/me/audit', `/api/live-sessions/${session!.id}`]) expect(before[path]).toMatch(/^200\n/);
    expect(before[`/api/workspaces/${w}/safety/overview`]).toMatch(/^403\n/);
    expect(live.partnerB.received.map((r) => r.event)).toEqual(expect.arrayContaining(['session:state', 'session:presence']));
    expect(sync.frames.length).toBeGreaterThan(0);

    const liveFrom = live.partnerB.raw.length;
    const eventsFrom = live.partnerB.received.length;
    const syncFrom = sync.frames.length;
    const counselorFrom = live.counselor.received.length;

    // A gives a risk answer, a calm one, writes to the counselor twice, and reads their own view.
    const answered = await c.partnerA.post<SafetyAnswered>(`/api/workspaces/${w}/safety/answers`, { answers: RISK_ANSWERS });
    expect(answered.status).toBe(200);
    expect(answered.body.resources).toBe(DEFAULT_SAFETY_RESOURCES);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/answers`, { answers: CALM_ANSWERS })).status).toBe(200);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/messages`, { body: 'Can we talk alone this week?' })).status).toBe(200);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/messages`, { body: 'Please do not mention this.' })).status).toBe(200);
    const aView = (await c.partnerA.get<SafetyView>(`/api/workspaces/${w}/safety`)).body;
    expect(aView.myAnswers).toHaveLength(2);
    expect(aView.myThread.map((m) => m.body)).toEqual(['Can we talk alone this week?', 'Please do not mention this.']);
    // The counselor heard it at once, on their own socket: the door is open and delivering.
    await live.counselor.next<SafetyAlertMessage>('safety:alert', (m) => m.alert.kind === 'risk-answer', 3000, counselorFrom);
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

  it('a risk answer alerts the counselor at once on their own socket, and waits for a counselor who was away; the partner is shown the resources; answers are sealed', async () => {
    const c = await couple();
    const w = c.workspace.id;
    const [aId, bId] = [await me(c.partnerA), await me(c.partnerB)];
    const counselorLive = await liveClient(app.url, c.counselor.cookie, { origin: app.url });
    const bLive = await liveClient(app.url, c.partnerB.cookie, { origin: app.url });
    await act(bLive, 'session:watch', { workspaceId: w });

    // A calm answer: no alert, no resources.
    const calm = await c.partnerA.post<SafetyAnswered>(`/api/workspaces/${w}/safety/answers`, { answers: CALM_ANSWERS });
    expect(calm.body.resources).toBeNull();
    await sleep(300);
    expect(counselorLive.received.filter((r) => r.event === 'safety:alert')).toEqual([]);

    // A risk answer on a choice (the default marks "Often" afraid): the counselor's socket hears it at once.
    const from = counselorLive.received.length;
    const risk = await c.partnerA.post<SafetyAnswered>(`/api/workspaces/${w}/safety/answers`, { answers: { afraid: 2 } });
    expect(risk.status).toBe(200);
    expect(risk.body.resources).toBe(DEFAULT_SAFETY_RESOURCES);
    const alert = await counselorLive.next<SafetyAlertMessage>('safety:alert', () => true, 3000, from);
    expect(alert).toEqual({ workspaceId: w, alert: { id: expect.any(String), kind: 'risk-answer', partner: { accountId: aId, name: 'Alex' }, answerId: risk.body.answer.id, at: expect.any(String), seenAt: null } });
    expect(bLive.received.filter((r) => r.event === 'safety:alert')).toEqual([]);
    counselorLive.close();

    // Away: the counselor has no socket. A risk answer and a message wait for them.
    const away = await c.partnerA.post<SafetyAnswered>(`/api/workspaces/${w}/safety/answers`, { answers: { 'safe-now': 0 } });
    await c.partnerA.post(`/api/workspaces/${w}/safety/messages`, { body: 'I am scared to talk at home.' });
    const overview = (await c.counselor.get<SafetyOverview>(`/api/workspaces/${w}/safety/overview`)).body;
    expect(overview.alerts.map((a) => [a.kind, a.answerId, a.seenAt])).toEqual([
      ['message', null, null],
      ['risk-answer', away.body.answer.id, null],
      ['risk-answer', risk.body.answer.id, null],
    ]);
    const alex = overview.partners.find((p) => p.accountId === aId)!;
    expect(alex.answers.map((a) => [a.answers, a.riskQuestionIds])).toEqual([
      [{ 'safe-now': 0 }, ['safe-now']],
      [{ afraid: 2 }, ['afraid']],
      [CALM_ANSWERS, []],
    ]);
    expect(alex.thread.map((m) => [m.from, m.body])).toEqual([['partner', 'I am scared to talk at home.']]);
    expect(overview.partners.find((p) => p.accountId === bId)).toEqual({ accountId: bId, name: 'Blake', answers: [], thread: [] });
    // Seen: they stop waiting.
    const seen = await c.counselor.post<SafetyOverview['alerts']>(`/api/workspaces/${w}/safety/alerts/seen`, { alertIds: overview.alerts.map((a) => a.id) });
    expect(seen.body.every((a) => a.seenAt !== null)).toBe(true);

    // The counselor replies: A reads it in A's thread; B's view holds nothing of A's.
    expect((await c.counselor.post(`/api/workspaces/${w}/safety/threads/${aId}/messages`, { body: 'I will call you on Tuesday.' })).status).toBe(200);
    expect((await c.partnerA.get<SafetyView>(`/api/workspaces/${w}/safety`)).body.myThread.map((m) => [m.from, m.body])).toEqual([
      ['partner', 'I am scared to talk at home.'],
      ['counselor', 'I will call you on Tuesday.'],
    ]);
    const bView = (await c.partnerB.get<SafetyView>(`/api/workspaces/${w}/safety`)).body;
    expect(bView).toEqual({ questions: DEFAULT_SAFETY_QUESTIONS, resources: DEFAULT_SAFETY_RESOURCES, myAnswers: [], myThread: [] });
    // A partner reads their own values, not the counselor's risk marks on them.
    expect(JSON.stringify((await c.partnerA.get<SafetyView>(`/api/workspaces/${w}/safety`)).body.myAnswers)).not.toContain('riskQuestionIds');

    // Sealed at rest.
    const answers: { answers: string }[] = await app.dataSource.query(`SELECT answers FROM safety_answer WHERE workspace_id = $1`, [w]);
    const messages: { body: string }[] = await app.dataSource.query(`SELECT body FROM safety_message WHERE workspace_id = $1`, [w]);
    for (const sealed of [...answers.map((r) => r.answers), ...messages.map((r) => r.body)]) expect(sealed).toMatch(/^ksealed1:/);
    // No audit entry, no notification: nothing the chain or a list could count.
    expect(await app.dataSource.query(`SELECT kind FROM audit_entry WHERE workspace_id = $1 AND kind LIKE '%safety%'`, [w])).toEqual([]);
    expect(await app.dataSource.query(`SELECT 1 FROM notification n JOIN membership m ON m.account_id = n.recipient_id WHERE m.workspace_id = $1`, [w])).toEqual([]);

    // Records downloads: each partner's holds their own answers and thread only; the counselor's workspace export holds everything.
    const safetyJson = async (client: HttpClient, path: string) => {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie: client.cookie!, origin: app.url } });
      expect(res.status).toBe(200);
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      const name = Object.keys(files).find((n) => n.endsWith('safety.json'))!;
      return JSON.parse(strFromU8(files[name]!));
    };
    const aRecords = await safetyJson(c.partnerA, '/api/me/export.zip');
    expect(aRecords.myAnswers).toHaveLength(3);
    expect(aRecords.myThread.map((m: { body: string }) => m.body)).toEqual(['I am scared to talk at home.', 'I will call you on Tuesday.']);
    const bRecords = await safetyJson(c.partnerB, '/api/me/export.zip');
    expect(bRecords).toEqual({ questions: DEFAULT_SAFETY_QUESTIONS, resources: DEFAULT_SAFETY_RESOURCES, myAnswers: [], myThread: [] });
    expect(JSON.stringify(bRecords)).not.toContain(aId);
    const whole = await safetyJson(c.counselor, `/api/workspaces/${w}/export.zip`);
    expect(whole.partners.find((p: { accountId: string }) => p.accountId === aId).answers).toHaveLength(3);
    bLive.close();
  });

  it('the counselor alone sets questions, marks and resources, reads everything and pauses; partners answer and write; strangers find nothing; answers must fit', async () => {
    const c = await couple();
    const w = c.workspace.id;
    const aId = await me(c.partnerA);
    const settings = {
      questions: [{ id: 'sleep', kind: 'scale', prompt: 'How well are you sleeping?', low: 'Badly', high: 'Well', risk: { from: 0, to: 1 } }],
      resources: 'Call the practice: 555 0100.\nOr 911.',
    };
    for (const partner of [c.partnerA, c.partnerB]) {
      expect((await partner.request('PUT', `/api/workspaces/${w}/safety`, settings)).status).toBe(403);
      expect((await partner.get(`/api/workspaces/${w}/safety/overview`)).status).toBe(403);
      expect((await partner.request('PUT', `/api/workspaces/${w}/joint-work`, { paused: true })).status).toBe(403);
      expect((await partner.post(`/api/workspaces/${w}/safety/threads/${aId}/messages`, { body: 'hi' })).status).toBe(403);
    }
    expect((await c.counselor.post(`/api/workspaces/${w}/safety/answers`, { answers: CALM_ANSWERS })).status).toBe(403);
    expect((await c.counselor.post(`/api/workspaces/${w}/safety/messages`, { body: 'hi' })).status).toBe(403);
    for (const path of ['safety', 'safety/overview', 'joint-work']) expect((await c.stranger.get(`/api/workspaces/${w}/${path}`)).status).toBe(404);
    expect((await c.stranger.post(`/api/workspaces/${w}/safety/answers`, { answers: CALM_ANSWERS })).status).toBe(404);
    expect((await c.stranger.post(`/api/workspaces/${w}/safety/messages`, { body: 'hi' })).status).toBe(404);
    // The counselor replies only in a partner's thread.
    expect((await c.counselor.post(`/api/workspaces/${w}/safety/threads/${await me(c.stranger)}/messages`, { body: 'hi' })).status).toBe(404);

    // Hostile bodies.
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/answers`, { answers: { nope: 3 } })).status).toBe(400);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/answers`, { answers: { afraid: 3 } })).status).toBe(400);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/answers`, { answers: { 'safe-now': 11 } })).status).toBe(400);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/answers`, { answers: {} })).status).toBe(400);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/answers`, { answers: { 'safe-now': 2 }, extra: 1 })).status).toBe(400);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/messages`, { body: '   ' })).status).toBe(400);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/messages`, { body: 'x'.repeat(4001) })).status).toBe(400);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/messages`, { body: 'a\u0000b' })).status).toBe(400);
    const badMark = { ...settings, questions: [{ id: 'x', kind: 'choice', prompt: 'P', options: ['a', 'b'], riskOptions: [5] }] };
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/safety`, badMark)).status).toBe(400);
    const badRange = { ...settings, questions: [{ ...settings.questions[0], risk: { from: 6, to: 2 } }] };
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/safety`, badRange)).status).toBe(400);

    // The counselor's own questions and marks decide: 1 is a risk on their scale, 2 is not.
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/safety`, settings)).status).toBe(200);
    expect((await c.partnerB.get<SafetyView>(`/api/workspaces/${w}/safety`)).body.resources).toBe(settings.resources);
    expect((await c.partnerA.post<SafetyAnswered>(`/api/workspaces/${w}/safety/answers`, { answers: { sleep: 2 } })).body.resources).toBeNull();
    expect((await c.partnerA.post<SafetyAnswered>(`/api/workspaces/${w}/safety/answers`, { answers: { sleep: 1 } })).body.resources).toBe(settings.resources);
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/answers`, { answers: { 'safe-now': 1 } })).status).toBe(400);
  });

  it('pausing joint work: both partners get the same words (no reason, no name); shared documents refuse writes over /sync, proposals and sessions are refused; the counselor’s notes stay theirs; resuming restores it all', async () => {
    const c = await couple();
    const w = c.workspace.id;
    // Before the pause: a proposal is open on the draft agreement, and a live session is live.
    const proposal = await c.partnerA.post<ProposalView>(`/api/agreements/${c.agreement.id}/proposals`, { title: 'First version' });
    expect(proposal.status).toBe(201);
    const live = {
      counselor: await liveClient(app.url, c.counselor.cookie, { origin: app.url }),
      partnerA: await liveClient(app.url, c.partnerA.cookie, { origin: app.url }),
      partnerB: await liveClient(app.url, c.partnerB.cookie, { origin: app.url }),
    };
    for (const l of Object.values(live)) await act(l, 'session:watch', { workspaceId: w });
    const alex = stockClient(app.wsUrl, c.notes.id, c.partnerA.cookie);
    await synced(alex);
    const blake = await openRawSocket(app.wsUrl, c.notes.id, c.partnerB.cookie);
    const counselorNotes = await createDocument(c.counselor, w, 'counselor-notes', 'Private');
    const other = await createDocument(c.partnerA, w, 'notes', 'Other notes');
    const counselorOnNotes = stockClient(app.wsUrl, counselorNotes.id, c.counselor.cookie);
    await synced(counselorOnNotes);

    const froms = { a: live.partnerA.received.length, b: live.partnerB.received.length };
    const paused = await c.counselor.request<CounselorJointWorkView>('PUT', `/api/workspaces/${w}/joint-work`, { paused: true, note: 'A said they are afraid' });
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({ paused: true, words: JOINT_WORK_PAUSED_WORDS, since: expect.any(String), note: 'A said they are afraid' });

    // The same words to both, live and on request; nothing names who or why.
    const [aFrame, bFrame] = await Promise.all([
      live.partnerA.next<JointWorkMessage>('joint-work:state', () => true, 3000, froms.a),
      live.partnerB.next<JointWorkMessage>('joint-work:state', () => true, 3000, froms.b),
    ]);
    expect(aFrame).toEqual({ workspaceId: w, jointWork: { paused: true, words: JOINT_WORK_PAUSED_WORDS } });
    expect(bFrame).toEqual(aFrame);
    const aGet = await c.partnerA.get<JointWorkView>(`/api/workspaces/${w}/joint-work`);
    const bGet = await c.partnerB.get<JointWorkView>(`/api/workspaces/${w}/joint-work`);
    expect(aGet.body).toEqual({ paused: true, words: JOINT_WORK_PAUSED_WORDS });
    expect(JSON.stringify(bGet.body)).toBe(JSON.stringify(aGet.body));
    expect(JSON.stringify(bGet.body)).not.toContain('afraid');
    const stored_: { note: string }[] = await app.dataSource.query(`SELECT note FROM joint_work_pause WHERE workspace_id = $1`, [w]);
    expect(stored_[0]!.note).toMatch(/^ksealed1:/);

    // Shared documents: both partners' writes are refused over /sync, with the same words; reads still work.
    const rows = async (documentId: string) => (await app.dataSource.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [documentId]))[0].n as number;
    await app.sync.store.drain();
    const rowsBefore = await rows(c.notes.id);
    blake.ws.send(updateFrame(sneakyUpdate('SNEAKY')));
    await until(() => denials(blake).includes(JOINT_WORK_PAUSED_WORDS), 3000, 'B told the neutral words');
    alex.text.insert(0, 'alex while paused');
    expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    await app.sync.store.drain();
    expect(await rows(c.notes.id)).toBe(rowsBefore);
    expect((await c.partnerB.get(`/api/documents/${c.notes.id}`)).status).toBe(200);
    // A new connection is refused the same way (the pause is read before admission).
    const late = await openRawSocket(app.wsUrl, other.id, c.partnerB.cookie);
    late.ws.send(updateFrame(sneakyUpdate('LATE')));
    await until(() => denials(late).includes(JOINT_WORK_PAUSED_WORDS), 3000, 'a new connection refused');
    // The counselor's private notes are not joint work.
    counselorOnNotes.text.insert(0, 'still my notes');
    await stored(counselorOnNotes);

    // Sessions: none starts, none is joined.
    await expect(act(live.counselor, 'session:start', { workspaceId: w })).rejects.toMatchObject({ liveError: { rule: 'joint-work-paused', message: JOINT_WORK_PAUSED_WORDS } });
    // Proposals: none opened, none accepted; the words are the same.
    const refusedPropose = await c.partnerB.post<{ message: string }>(`/api/agreements/${c.agreement.id}/proposals`, { title: 'Another' });
    expect(refusedPropose.status).toBe(409);
    expect(refusedPropose.body.message).toBe(JOINT_WORK_PAUSED_WORDS);
    const refusedAccept = await c.partnerB.post<{ message: string }>(`/api/agreements/${c.agreement.id}/proposals/${proposal.body.id}/accept`, {});
    expect(refusedAccept.status).toBe(409);
    expect(refusedAccept.body.message).toBe(JOINT_WORK_PAUSED_WORDS);
    // The safety channel itself is never paused.
    expect((await c.partnerA.post(`/api/workspaces/${w}/safety/messages`, { body: 'still here' })).status).toBe(200);

    // Resumed: everything comes back.
    const resumeFrom = live.partnerB.received.length;
    expect((await c.counselor.request('PUT', `/api/workspaces/${w}/joint-work`, { paused: false })).body).toEqual({ paused: false, words: null, since: null, note: null });
    expect(await live.partnerB.next<JointWorkMessage>('joint-work:state', () => true, 3000, resumeFrom)).toEqual({ workspaceId: w, jointWork: { paused: false, words: null } });
    expect((await c.partnerB.post(`/api/agreements/${c.agreement.id}/proposals/${proposal.body.id}/accept`, {})).status).toBe(200);
    await act(live.counselor, 'session:start', { workspaceId: w });
    const session = await live.partnerB.stateWhere(w, (s) => s !== null);
    await act(live.partnerB, 'session:join', { sessionId: session!.id });
    const alexAgain = stockClient(app.wsUrl, c.notes.id, c.partnerA.cookie);
    await synced(alexAgain);
    alexAgain.text.insert(0, 'alex after resume ');
    await stored(alexAgain);

    // Paused while a session is live: nobody may join it.
    await c.counselor.request('PUT', `/api/workspaces/${w}/joint-work`, { paused: true });
    await expect(act(live.partnerA, 'session:join', { sessionId: session!.id })).rejects.toMatchObject({ liveError: { rule: 'joint-work-paused' } });

    for (const client of [alex, alexAgain, counselorOnNotes]) client.destroy();
    for (const socket of [blake, late]) socket.ws.close();
    for (const l of Object.values(live)) l.close();
  });

  it('a pause another API process made (only in the database, no word here) holds this process’s write gate within its sweep, and so does its resume', async () => {
    const c = await couple();
    const w = c.workspace.id;
    const alex = stockClient(app.wsUrl, c.notes.id, c.partnerA.cookie);
    await synced(alex);
    alex.text.insert(0, 'before ');
    await stored(alex);
    // What another process writes, without telling this one.
    await app.dataSource.query(`INSERT INTO joint_work_pause (workspace_id) VALUES ($1)`, [w]);
    await sleep(1200); // two sweeps
    alex.text.insert(0, 'while paused elsewhere ');
    expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    await app.dataSource.query(`DELETE FROM joint_work_pause WHERE workspace_id = $1`, [w]);
    await sleep(1200);
    const again = stockClient(app.wsUrl, c.notes.id, c.partnerA.cookie);
    await synced(again);
    again.text.insert(0, 'after ');
    await stored(again);
    for (const client of [alex, again]) client.destroy();
  });
});
