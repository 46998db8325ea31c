import { LivePresenceMessage, ReceiptStatus } from '@kinship/domain/wire';
import { createDocument, setUpCouple } from './support/couple';
import { act, LiveClient, liveClient } from './support/live-client';
import { receipt, stockClient, StockClient, stored, synced, until } from './support/sync-client';
import { startTestApp, TestApp } from './support/test-app';
import { LiveSessionCache } from '../src/live-sessions/live-session-cache';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two API processes on one PostgreSQL and one Redis (socket.io's Redis adapter): a change made
 * through one is seen by watchers on the other and enforced by the other's write gate.
 */
describe('live sessions across two API instances on one Redis', () => {
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

  async function watching(app: TestApp, cookie: string | null, workspaceId: string): Promise<LiveClient> {
    const client = await liveClient(app.url, cookie);
    sockets.push(client);
    await act(client, 'session:watch', { workspaceId });
    return client;
  }

  it('a lock made through one instance is seen by a watcher on the other and enforced by its write gate; presence and time-outs cross too', async () => {
    const c = await setUpCouple(one.url);
    const workspaceId = c.workspace.id;
    const alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    const blakeId = (await c.partnerB.get<{ id: string }>('/api/me')).body.id;
    const doc = await createDocument(c.partnerA, workspaceId, 'notes');

    const counselor = await watching(one, c.counselor.cookie, workspaceId);
    const alex = await watching(two, c.partnerA.cookie, workspaceId);
    // Alex's editor is on the second instance, and edits there before the lock.
    const alexOnDoc = stockClient(two.wsUrl, doc.id, c.partnerA.cookie);
    clients.push(alexOnDoc);
    await synced(alexOnDoc);
    alexOnDoc.text.insert(0, 'before the lock ');
    await stored(alexOnDoc);

    await act(counselor, 'session:start', { workspaceId });
    const session = (await alex.stateWhere(workspaceId, (s) => s !== null))!;
    await act(counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: true });
    await alex.stateWhere(workspaceId, (s) => !!s?.lockedDocumentIds.includes(doc.id));
    // The second instance's write gate has heard of it (its cache, read again on the other's word).
    const cacheOnTwo = two.app.get(LiveSessionCache);
    // Told through Redis at once (the 2 s catch-up is only for a lost message).
    await until(() => !!cacheOnTwo.peek(workspaceId)?.session?.lockedDocumentIds.includes(doc.id), 600, 'the second instance heard of the lock');
    const [{ n: rowsBefore }] = await two.dataSource.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [doc.id]);
    alexOnDoc.text.insert(0, 'while locked ');
    expect(await receipt(alexOnDoc)).toBe(ReceiptStatus.refused);
    await two.sync.store.drain();
    const [{ n: rowsAfter }] = await two.dataSource.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [doc.id]);
    expect(rowsAfter).toBe(rowsBefore);

    // Presence is drawn from the sockets of both instances, and drops truthfully.
    const presence = await counselor.next<LivePresenceMessage>('session:presence', (m) => !!m.people.find((p) => p.accountId === alexId)?.connected);
    expect(presence.people.find((p) => p.accountId === blakeId)?.connected).toBe(false);
    const blake = await watching(two, c.partnerB.cookie, workspaceId);
    await counselor.next<LivePresenceMessage>('session:presence', (m) => !!m.people.find((p) => p.accountId === blakeId)?.connected);

    // A time-out asked on the second instance reaches the counselor on the first, and not the other partner.
    await act(blake, 'time-out:request', { sessionId: session.id });
    const asked = await counselor.stateWhere(workspaceId, (s) => !!s?.timeOuts.length);
    expect(asked!.timeOuts[0]!.accountId).toBe(blakeId);
    await blake.stateWhere(workspaceId, (s) => !!s?.timeOuts.length);
    expect(alex.raw.join('\n')).not.toContain(asked!.timeOuts[0]!.id);

    // A logout through the first instance closes the socket on the second at once.
    const closed = new Promise<string>((resolve) => blake.socket.on('disconnect', (reason) => resolve(reason)));
    const started = Date.now();
    await c.partnerB.post('/api/auth/logout');
    expect(await closed).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(1000);
    await counselor.next<LivePresenceMessage>('session:presence', (m) => m.people.find((p) => p.accountId === blakeId)?.connected === false);

    // Unlocked through the first instance: the second lets a fresh editor write again.
    await act(counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: false });
    await until(() => cacheOnTwo.peek(workspaceId)?.session?.lockedDocumentIds.length === 0, 600, 'the second instance heard of the unlock');
    const alexAgain = stockClient(two.wsUrl, doc.id, c.partnerA.cookie);
    clients.push(alexAgain);
    await synced(alexAgain);
    alexAgain.text.insert(0, 'after the unlock ');
    await stored(alexAgain);
    await act(counselor, 'session:end', { sessionId: session.id });
    await alex.stateWhere(workspaceId, (s) => s === null);
  });

  it('with Redis away, an instance still runs live sessions for its own sockets', async () => {
    const alone = await startTestApp('postgres', { REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const c = await setUpCouple(alone.url);
      const workspaceId = c.workspace.id;
      const counselor = await watching(alone, c.counselor.cookie, workspaceId);
      const alex = await watching(alone, c.partnerA.cookie, workspaceId);
      await act(counselor, 'session:start', { workspaceId });
      const session = (await alex.stateWhere(workspaceId, (s) => s !== null))!;
      await act(alex, 'time-out:request', { sessionId: session.id });
      await counselor.stateWhere(workspaceId, (s) => !!s?.timeOuts.length);
      await counselor.next<LivePresenceMessage>('session:presence', (m) => m.people.filter((p) => p.connected).length === 2, 5000);
      expect((await c.counselor.get<{ status: string }>('/api/health')).body.status).toBe('degraded');
    } finally {
      sockets.splice(0).forEach((s) => s.close());
      await alone.close();
    }
  });
});
