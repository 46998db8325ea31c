import { ReceiptStatus, WorkspaceSummary } from '@kinship/domain/wire';
import { liveTestBed } from '../../test/support/live-test-bed';
import { act, LiveClient, liveClient } from '../../test/support/live-client';
import { createDocument, setUpCouple } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { receipt, stockClient, StockClient, stored, synced, until } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { LiveSessionCache } from './live-session-cache';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A session's state as another API process would have written it: this document locked. */
const lockedState = (counselorId: string, documentId: string) =>
  JSON.stringify({
    lockedDocumentIds: [documentId],
    pause: null,
    floor: null,
    timer: { durationMs: null, runningSince: null, elapsedMs: 0 },
    timeOuts: [],
    participantIds: [counselorId],
  });

/** What a process holds of each workspace's live session stays bounded, and forgetting never loosens the write gate. */
describe('the live-session cache', () => {
  const bed = liveTestBed();
  const cache = () => bed.app.app.get(LiveSessionCache);

  it('forgets every workspace where no session is live once no socket here watches it; keeps those watched and those live', async () => {
    const watched = await bed.couple();
    const live = await bed.couple();
    const ended = await bed.couple();
    await live.start();
    const endedSession = await ended.start();
    await act(ended.live.counselor, 'session:end', { sessionId: endedSession.id });
    await ended.live.partnerA.stateWhere(ended.workspace.id, (s) => s === null);
    // One person watches ten workspaces of their own in turn, then leaves.
    const busy = new HttpClient(bed.app.url);
    await busy.register('Busy counselor');
    const many: string[] = [];
    for (let i = 0; i < 10; i++) many.push((await busy.post<WorkspaceSummary>('/api/workspaces', { name: `Practice ${i}` })).body.id);
    const socket = await bed.connect(busy.cookie);
    for (const workspaceId of many) await act(socket, 'session:watch', { workspaceId });
    for (const workspaceId of many) expect(cache().holds(workspaceId)).toBe(true);

    for (const client of [socket, ...Object.values(live.live), ...Object.values(ended.live)]) client.close();
    await until(() => [ended.workspace.id, ...many].every((id) => !cache().holds(id)), 6000, 'the idle workspaces forgotten');
    expect(cache().holds(watched.workspace.id)).toBe(true);
    expect(cache().holds(live.workspace.id)).toBe(true);
    // Forgotten, a workspace still reads as having no live session, and a live one as live.
    expect(cache().peek(ended.workspace.id)?.session).toBeNull();
    expect(cache().peek(live.workspace.id)?.session).not.toBeNull();
    // Watching it again reads it again.
    const again = await bed.connect(ended.counselor.cookie);
    await act(again, 'session:watch', { workspaceId: ended.workspace.id });
    expect(cache().holds(ended.workspace.id)).toBe(true);
  });

  it('an editor open in a forgotten workspace still writes, and is held by a session another process starts there (whose word never comes) within the sweep', async () => {
    const c = await bed.couple();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    const alex = bed.open(doc.id, c.partnerA.cookie);
    await synced(alex);
    alex.text.insert(0, 'before ');
    await stored(alex);
    Object.values(c.live).forEach((client) => client.close());
    await until(() => !cache().holds(c.workspace.id), 6000, 'the workspace forgotten');
    alex.text.insert(0, 'forgotten ');
    await stored(alex);

    // What another API process would write, without telling this one.
    const [session]: { id: string }[] = await bed.app.dataSource.query(
      `INSERT INTO live_session (workspace_id, started_by, dialogue_document_id, state) VALUES ($1, $2, $3, $4) RETURNING id`,
      [c.workspace.id, c.ids.counselor, doc.id, lockedState(c.ids.counselor, doc.id)],
    );
    try {
      await until(() => !!cache().peek(c.workspace.id)?.session, 4000, 'the session read by the catch-up');
      alex.text.insert(0, 'while locked ');
      expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    } finally {
      await bed.app.dataSource.query(`UPDATE live_session SET ended_at = now() WHERE id = $1`, [session!.id]);
    }
  });
});

describe('the live-session cache across two API instances on one Redis', () => {
  let one: TestApp;
  let two: TestApp;
  const sockets: LiveClient[] = [];
  const clients: StockClient[] = [];
  beforeAll(async () => {
    one = await startTestApp('postgres', { REDIS_URL });
    two = await startTestApp('postgres', { REDIS_URL });
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
    clients.splice(0).forEach((c) => c.destroy());
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('a workspace the second instance forgot is read again on the word of a session started through the first: its write gate holds at once', async () => {
    const c = await setUpCouple(one.url);
    const workspaceId = c.workspace.id;
    const doc = await createDocument(c.partnerA, workspaceId, 'notes');
    const alex = stockClient(two.wsUrl, doc.id, c.partnerA.cookie);
    clients.push(alex);
    await synced(alex);
    const cacheOnTwo = two.app.get(LiveSessionCache);
    await until(() => !cacheOnTwo.holds(workspaceId), 6000, 'the second instance forgot the workspace');

    const counselor = await liveClient(one.url, c.counselor.cookie);
    sockets.push(counselor);
    await act(counselor, 'session:watch', { workspaceId });
    await act(counselor, 'session:start', { workspaceId });
    const session = (await counselor.stateWhere(workspaceId, (s) => s !== null))!;
    await act(counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: true });
    // Told through Redis at once (the sweep's catch-up is only for a lost message).
    await until(() => !!cacheOnTwo.peek(workspaceId)?.session?.lockedDocumentIds.includes(doc.id), 600, 'the second instance heard of the lock');
    alex.text.insert(0, 'while locked ');
    expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    await act(counselor, 'session:end', { sessionId: session.id });
  });
});
