import { randomUUID } from 'node:crypto';
import type { DocumentView, RevealPromptView, RevealsView } from '@kinship/domain/wire';
import { ReceiptStatus } from '@kinship/domain/wire';
import { strFromU8, unzipSync } from 'fflate';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createDocument, setUpCouple, type Couple } from '../../test/support/couple';
import type { HttpClient } from '../../test/support/http-client';
import { act, liveClient, type LiveClient } from '../../test/support/live-client';
import { cookieWebSocket, rawConnect, receipt, stockClient, stored, synced, until } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PROMPT = 'What I need from you when we disagree';

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
  return { frames, provider, doc, destroy: () => (provider.destroy(), doc.destroy()) };
}

type Opened = Couple & { notes: DocumentView; prompt: RevealPromptView; aDraft: string; bDraft: string };

describe('drafts revealed together', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('postgres');
  });
  afterAll(() => app?.close());

  const promptOf = async (client: HttpClient, w: string, id: string) => (await client.get<RevealsView>(`/api/workspaces/${w}/reveals`)).body.prompts.find((p) => p.id === id)!;

  async function opened(): Promise<Opened> {
    const c = await setUpCouple(app.url);
    const w = c.workspace.id;
    const notes = await createDocument(c.partnerB, w, 'notes', 'Shared notes');
    const res = await c.counselor.post<RevealsView>(`/api/workspaces/${w}/reveals`, { text: PROMPT });
    expect(res.status).toBe(201);
    const prompt = res.body.prompts[0]!;
    const aDraft = (await promptOf(c.partnerA, w, prompt.id)).mine!.documentId;
    const bDraft = (await promptOf(c.partnerB, w, prompt.id)).mine!.documentId;
    return { ...c, notes, prompt, aDraft, bDraft };
  }

  /** A writes into their own draft over /sync, as the web editor would, and waits until it is stored. */
  async function aWrites(c: Opened, words: string) {
    const a = stockClient(app.wsUrl, c.aDraft, c.partnerA.cookie);
    await synced(a);
    a.text.insert(a.text.length, words);
    await stored(a);
    return a;
  }

  /** Every GET partner B can make that could show anything of drafts: as raw bytes (status, headers but the date, body). */
  function everythingBCanRequest(c: Opened, sessionId: string): string[] {
    const w = c.workspace.id;
    const documentRoutes = (id: string) => [`/api/documents/${id}`, `/api/documents/${id}/activity`, `/api/documents/${id}/history`, `/api/documents/${id}/authorship`, `/api/agreements/${id}`];
    return [
      '/api/me', '/api/me/activity', '/api/me/audit', '/api/me/export.zip',
      '/api/workspaces', `/api/workspaces/${w}`, `/api/workspaces/${w}/documents`, `/api/workspaces/${w}/documents?archived=true`, `/api/workspaces/${w}/document-activity`,
      ...documentRoutes(c.notes.id), ...documentRoutes(c.bDraft), ...documentRoutes(c.aDraft),
      '/api/notifications', `/api/workspaces/${w}/live-sessions`, `/api/live-sessions/${sessionId}`,
      `/api/workspaces/${w}/reveals`, `/api/workspaces/${w}/check-in`, `/api/workspaces/${w}/commitments`,
      `/api/workspaces/${w}/audit`, `/api/workspaces/${w}/export.zip`,
    ];
  }

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

  it('partner B’s whole view (every REST response, every /live and /sync frame) is the same before and after partner A writes their draft and marks it done', async () => {
    const c = await opened();
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
    // A's tab says it is in A's draft: presence never names it (shown as no document).
    await act(live.partnerA, 'presence:update', { workspaceId: w, documentId: c.aDraft, activity: 'active' });
    await act(live.partnerB, 'presence:update', { workspaceId: w, documentId: c.bDraft, activity: 'active' });
    // B on a shared document's sync, and on B's own draft.
    const onNotes = recordingSyncClient(app.wsUrl, c.notes.id, c.partnerB.cookie);
    const onOwnDraft = recordingSyncClient(app.wsUrl, c.bDraft, c.partnerB.cookie);
    await until(() => onNotes.provider.synced && onOwnDraft.provider.synced, 5000, 'B synced');
    onOwnDraft.doc.getText('t').insert(0, 'B’s own words');
    await sleep(800);
    const presence = live.partnerB.presence(w)!.people.find((p) => p.name === 'Alex')!;
    expect(presence.documentId).toBeNull();

    // B knocking at A's draft over /sync: refused exactly as a document that was never made.
    const knock = async () => {
      const [onA, onNothing] = [await rawConnect(app.wsUrl, c.aDraft, c.partnerB.cookie), await rawConnect(app.wsUrl, randomUUID(), c.partnerB.cookie)];
      expect({ code: onA.closeCode, reason: onA.closeReason, frames: onA.frames }).toEqual({ code: onNothing.closeCode, reason: onNothing.closeReason, frames: onNothing.frames });
      // And on /live: saying one is in A's draft is refused as saying one is in a document that was never made.
      const [inA, inNothing] = [
        await live.partnerB.refused('presence:update', { workspaceId: w, documentId: c.aDraft, activity: 'active' }),
        await live.partnerB.refused('presence:update', { workspaceId: w, documentId: randomUUID(), activity: 'active' }),
      ];
      expect(inA).toEqual(inNothing);
      await act(live.partnerB, 'presence:update', { workspaceId: w, documentId: c.bDraft, activity: 'active' });
      return `${onA.closeCode} ${onA.closeReason} ${onA.frames.length} ${inA.rule}`;
    };

    const paths = everythingBCanRequest(c, session!.id);
    await snapshot(c.partnerB, paths);
    const before = await snapshot(c.partnerB, paths);
    expect(await snapshot(c.partnerB, paths)).toEqual(before);
    const knockedBefore = await knock();
    await sleep(800); // B's own presence, said again by the knock, has been sent out
    for (const path of ['/api/me', `/api/workspaces/${w}/documents`, `/api/workspaces/${w}/reveals`, `/api/documents/${c.bDraft}`, `/api/live-sessions/${session!.id}`]) expect(before[path]).toMatch(/^200\n/);
    // A's draft answers B as a document that does not exist: the same status and words as any unknown id.
    const nothing = await c.partnerB.get(`/api/documents/${randomUUID()}`);
    expect(before[`/api/documents/${c.aDraft}`]).toMatch(/^404\n/);
    expect(before[`/api/documents/${c.aDraft}`]!.split('\n\n')[1]).toBe(JSON.stringify(nothing.body));
    expect(live.partnerB.received.map((r) => r.event)).toEqual(expect.arrayContaining(['session:state', 'session:presence']));
    expect(onNotes.frames.length).toBeGreaterThan(0);

    const liveFrom = live.partnerB.raw.length;
    const eventsFrom = live.partnerB.received.length;
    const [notesFrom, ownFrom] = [onNotes.frames.length, onOwnDraft.frames.length];
    const counselorFrom = live.counselor.received.length;
    // The audit trail's numbers are one sequence that B's own entries show: A leaves no entry in it.
    await sleep(1000);
    const auditHead = async () => (await app.dataSource.query(`SELECT max(id)::text AS head FROM audit_entry`))[0].head as string;
    const headBefore = await auditHead();

    // A writes, marks done, takes it back, writes more, marks done again, and reads their own view.
    const a = await aWrites(c, 'When we disagree, I need you to stay in the room.');
    expect((await c.partnerA.request<RevealPromptView>('PUT', `/api/workspaces/${w}/reveals/${c.prompt.id}/mine`, { done: true })).status).toBe(200);
    expect((await c.partnerA.request<RevealPromptView>('PUT', `/api/workspaces/${w}/reveals/${c.prompt.id}/mine`, { done: false })).status).toBe(200);
    a.text.insert(a.text.length, ' And to hear me out.');
    await stored(a);
    const done = await c.partnerA.request<RevealPromptView>('PUT', `/api/workspaces/${w}/reveals/${c.prompt.id}/mine`, { done: true });
    expect(done.body).toMatchObject({ mine: { documentId: c.aDraft, done: true }, statuses: null, revealed: null });
    await c.partnerA.get(`/api/documents/${c.aDraft}/history`);
    await sleep(1500);

    expect(await auditHead()).toBe(headBefore);
    expect(await app.dataSource.query(`SELECT id FROM audit_entry WHERE document_id = $1`, [c.aDraft])).toEqual([]);

    // The counselor heard of it (the door is open and delivering); B heard nothing.
    expect(live.counselor.received.slice(counselorFrom).map((r) => r.event)).toContain('reveal:changed');
    expect(live.partnerB.raw.slice(liveFrom).filter((f) => f !== '2')).toEqual([]);
    expect(live.partnerB.received.slice(eventsFrom)).toEqual([]);
    expect(onNotes.frames.slice(notesFrom)).toEqual([]);
    expect(onOwnDraft.frames.slice(ownFrom)).toEqual([]);
    const after = await snapshot(c.partnerB, paths);
    for (const path of paths) expect({ path, response: after[path] }).toEqual({ path, response: before[path] });
    expect(await knock()).toBe(knockedBefore);

    a.destroy();
    onNotes.destroy();
    onOwnDraft.destroy();
    for (const l of Object.values(live)) l.close();
  });

  it('the reveal happens only when both are done and the counselor reveals; then both drafts reach both partners at once, read-only', async () => {
    const c = await opened();
    const w = c.workspace.id;
    const url = `/api/workspaces/${w}/reveals/${c.prompt.id}`;
    const [liveA, liveB] = [await liveClient(app.url, c.partnerA.cookie, { origin: app.url }), await liveClient(app.url, c.partnerB.cookie, { origin: app.url })];

    // Before: nobody but A reads A's draft, the counselor neither; over REST and /sync like a missing document.
    for (const other of [c.partnerB, c.counselor, c.stranger]) {
      expect((await other.get(`/api/documents/${c.aDraft}`)).status).toBe(404);
      expect((await other.get(`/api/documents/${c.aDraft}/history`)).status).toBe(404);
      const refused = await rawConnect(app.wsUrl, c.aDraft, other.cookie);
      const missing = await rawConnect(app.wsUrl, randomUUID(), other.cookie);
      expect([refused.closeCode, refused.closeReason]).toEqual([missing.closeCode, missing.closeReason]);
      expect(refused.closeCode).toBe(4404);
    }
    // Nobody renames or archives a draft by hand; B cannot even find A's.
    expect((await c.partnerA.patch(`/api/documents/${c.aDraft}`, { archived: true })).status).toBe(403);
    expect((await c.partnerB.patch(`/api/documents/${c.aDraft}`, { title: 'Mine now' })).status).toBe(404);
    expect((await c.counselor.patch(`/api/documents/${c.aDraft}`, { title: 'Renamed' })).status).toBe(404);

    // A draft with no words is not done.
    expect((await c.partnerA.request('PUT', `${url}/mine`, { done: true })).status).toBe(400);
    expect((await c.partnerA.request('PUT', `${url}/mine`, { done: 'yes' })).status).toBe(400);
    expect((await c.counselor.request('PUT', `${url}/mine`, { done: true })).status).toBe(403);
    const a = await aWrites(c, 'I need you to tell me when you need a pause.');
    expect((await c.partnerA.request('PUT', `${url}/mine`, { done: true })).status).toBe(200);

    // Only A is done: the counselor sees who is done, and cannot reveal yet; B's view says nothing of A.
    expect((await promptOf(c.counselor, w, c.prompt.id)).statuses).toEqual([
      { accountId: expect.any(String), name: 'Alex', done: true },
      { accountId: expect.any(String), name: 'Blake', done: false },
    ]);
    const bView = await promptOf(c.partnerB, w, c.prompt.id);
    expect(bView).toEqual({ ...c.prompt, mine: { documentId: c.bDraft, done: false }, statuses: null });
    const early = await c.counselor.post(`${url}/reveal`);
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toContain('Both partners need to mark their drafts done');

    const b = stockClient(app.wsUrl, c.bDraft, c.partnerB.cookie);
    await synced(b);
    b.text.insert(0, 'I need you to finish your sentence before I answer.');
    await stored(b);
    expect((await c.partnerB.request('PUT', `${url}/mine`, { done: true })).status).toBe(200);
    // B takes it back: refused again; done again.
    expect((await c.partnerB.request('PUT', `${url}/mine`, { done: false })).status).toBe(200);
    expect((await c.counselor.post(`${url}/reveal`)).status).toBe(409);
    expect((await c.partnerB.request('PUT', `${url}/mine`, { done: true })).status).toBe(200);

    // Only the counselor reveals.
    expect((await c.partnerA.post(`${url}/reveal`)).status).toBe(403);
    expect((await c.stranger.post(`${url}/reveal`)).status).toBe(404);
    const [fromA, fromB] = [liveA.received.length, liveB.received.length];
    const revealed = await c.counselor.post<RevealsView>(`${url}/reveal`);
    expect(revealed.status).toBe(200);

    // Both partners' sockets hear it.
    const [heardA, heardB] = await Promise.all([
      liveA.next('reveal:revealed', undefined, 3000, fromA),
      liveB.next('reveal:revealed', undefined, 3000, fromB),
    ]);
    expect(heardA).toEqual({ workspaceId: w, promptId: c.prompt.id });
    expect(heardB).toEqual(heardA);

    // Both drafts, side by side, to both partners and the counselor.
    const expected = [
      { accountId: expect.any(String), name: 'Alex', documentId: c.aDraft, paragraphs: ['I need you to tell me when you need a pause.'] },
      { accountId: expect.any(String), name: 'Blake', documentId: c.bDraft, paragraphs: ['I need you to finish your sentence before I answer.'] },
    ];
    for (const person of [c.partnerA, c.partnerB, c.counselor]) {
      const view = await promptOf(person, w, c.prompt.id);
      expect(view.state).toBe('revealed');
      expect(view.revealed).toEqual(expected);
      expect((await person.get(`/api/documents/${c.aDraft}`)).status).toBe(200);
      expect((await person.get(`/api/documents/${c.bDraft}`)).status).toBe(200);
    }

    // Read-only from the next frame: A's open connection's edit is refused, and nobody's is stored.
    a.text.insert(a.text.length, ' (changed after the reveal)');
    expect(await receipt(a)).toBe(ReceiptStatus.refused);
    const bOnA = stockClient(app.wsUrl, c.aDraft, c.partnerB.cookie);
    await synced(bOnA);
    expect(bOnA.text.toString()).toBe('I need you to tell me when you need a pause.');
    bOnA.text.insert(0, 'B was here: ');
    expect(await receipt(bOnA)).toBe(ReceiptStatus.refused);
    expect((await promptOf(c.partnerB, w, c.prompt.id)).revealed).toEqual(expected);

    // Revealed drafts are records like other documents: in each partner's download.
    const download = async (client: HttpClient) => {
      const res = await fetch(`${app.url}/api/me/export.zip`, { headers: { cookie: client.cookie!, origin: app.url } });
      return Object.values(unzipSync(new Uint8Array(await res.arrayBuffer()))).map((data) => strFromU8(data)).join('\n');
    };
    for (const person of [c.partnerA, c.partnerB]) {
      const files = await download(person);
      expect(files).toContain('I need you to tell me when you need a pause.');
      expect(files).toContain('I need you to finish your sentence before I answer.');
    }

    // Nothing changes once revealed.
    expect((await c.partnerA.request('PUT', `${url}/mine`, { done: false })).status).toBe(409);
    expect((await c.counselor.post(`${url}/withdraw`)).status).toBe(409);
    expect((await c.counselor.post(`${url}/reveal`)).status).toBe(409);

    a.destroy();
    b.destroy();
    bOnA.destroy();
    liveA.close();
    liveB.close();
  });

  it('the counselor opens prompts (validated) and withdraws one: its drafts stay their author’s alone, and no longer take edits', async () => {
    const c = await opened();
    const w = c.workspace.id;
    for (const bad of [{ text: '' }, { text: '   ' }, { text: 'x'.repeat(501) }, { text: 'a\u0000b' }, { text: 'ok', extra: 1 }, {}]) {
      expect((await c.counselor.post(`/api/workspaces/${w}/reveals`, bad)).status).toBe(400);
    }
    expect((await c.partnerA.post(`/api/workspaces/${w}/reveals`, { text: 'A prompt of my own' })).status).toBe(403);
    expect((await c.stranger.get(`/api/workspaces/${w}/reveals`)).status).toBe(404);
    const second = (await c.counselor.post<RevealsView>(`/api/workspaces/${w}/reveals`, { text: 'What I am proud of us for' })).body;
    expect(second.prompts.map((p) => p.text)).toEqual(['What I am proud of us for', PROMPT]);

    const a = await aWrites(c, 'Kept, though withdrawn.');
    expect((await c.partnerB.post(`/api/workspaces/${w}/reveals/${c.prompt.id}/withdraw`)).status).toBe(403);
    expect((await c.counselor.post(`/api/workspaces/${w}/reveals/${randomUUID()}/withdraw`)).status).toBe(404);
    expect((await c.counselor.post(`/api/workspaces/${w}/reveals/${c.prompt.id}/withdraw`)).status).toBe(200);
    const aView = await promptOf(c.partnerA, w, c.prompt.id);
    expect(aView).toMatchObject({ state: 'withdrawn', mine: { documentId: c.aDraft, done: false }, revealed: null });
    expect((await c.partnerA.get(`/api/documents/${c.aDraft}`)).status).toBe(200);
    expect((await c.partnerB.get(`/api/documents/${c.aDraft}`)).status).toBe(404);
    expect((await c.counselor.get(`/api/documents/${c.aDraft}`)).status).toBe(404);
    a.text.insert(0, 'Later: ');
    expect(await receipt(a)).toBe(ReceiptStatus.refused);
    expect((await c.partnerA.request('PUT', `/api/workspaces/${w}/reveals/${c.prompt.id}/mine`, { done: true })).status).toBe(409);
    expect((await c.counselor.post(`/api/workspaces/${w}/reveals/${c.prompt.id}/reveal`)).status).toBe(409);

    // The prompt's text is sealed at rest.
    const rows: { text: string }[] = await app.dataSource.query(`SELECT text FROM reveal_prompt WHERE workspace_id = $1`, [w]);
    for (const row of rows) expect(row.text).toMatch(/^ksealed1:/);
    a.destroy();
  });
});

describe('drafts revealed together on the embedded PGlite', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  });
  afterAll(() => app?.close());

  it('each partner writes their own draft; B cannot find A’s; the reveal waits for both and then opens both to both', async () => {
    const c = await setUpCouple(app.url);
    const w = c.workspace.id;
    const opened = await c.counselor.post<RevealsView>(`/api/workspaces/${w}/reveals`, { text: PROMPT });
    expect(opened.status).toBe(201);
    const promptId = opened.body.prompts[0]!.id;
    const mine = async (client: HttpClient) => (await client.get<RevealsView>(`/api/workspaces/${w}/reveals`)).body.prompts[0]!.mine!.documentId;
    const [aDraft, bDraft] = [await mine(c.partnerA), await mine(c.partnerB)];
    expect((await c.partnerB.get(`/api/documents/${aDraft}`)).status).toBe(404);
    for (const [client, id, words] of [[c.partnerA, aDraft, 'Alex’s words'], [c.partnerB, bDraft, 'Blake’s words']] as const) {
      const s = stockClient(app.wsUrl, id, client.cookie);
      await synced(s);
      s.text.insert(0, words);
      await stored(s);
      s.destroy();
      if (client === c.partnerA) expect((await c.counselor.post(`/api/workspaces/${w}/reveals/${promptId}/reveal`)).status).toBe(409);
      expect((await client.request('PUT', `/api/workspaces/${w}/reveals/${promptId}/mine`, { done: true })).status).toBe(200);
    }
    const revealed = await c.counselor.post<RevealsView>(`/api/workspaces/${w}/reveals/${promptId}/reveal`);
    expect(revealed.status).toBe(200);
    expect(revealed.body.prompts[0]!.revealed!.map((d) => d.paragraphs)).toEqual([['Alex’s words'], ['Blake’s words']]);
    expect((await c.partnerB.get(`/api/documents/${aDraft}`)).status).toBe(200);
  });
});
