import { ReceiptStatus } from '@kinship/domain/wire';
import { AgreementView, ProposalView } from '@kinship/domain/agreements';
import { ApiProcess } from './support/api-process';
import { FIELD, item, retitle, writeItems } from './support/agreement-client';
import { HttpClient } from './support/http-client';
import { freePort, OwnRedis } from './support/own-redis';
import { Couple, createDocument, setUpCouple } from './support/couple';
import { LiveClient, liveClient, act } from './support/live-client';
import { stockClient, StockClient, stored, synced, until } from './support/sync-client';
import { TEST_DATABASE_URL } from './support/test-app';

/**
 * With Redis away, API processes keep serving what they can: a document no one had open opens,
 * edits are stored, and once Redis is back the processes catch up from PostgreSQL and relay again.
 * The Redis is the spec's own (a free port), so it can be stopped; never the machine's.
 */

const apiProcess = (redisUrl: string) =>
  new ApiProcess({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: redisUrl, WEB_DIST: '/nonexistent', SYNC_UNLOAD_DELAY_MS: '0' });

const wsOf = (api: ApiProcess) => api.url.replace(/^http/, 'ws');

describe('API processes with Redis away', () => {
  let redis: OwnRedis;
  let one: ApiProcess;
  let two: ApiProcess | null = null;
  let couple: Couple;
  const clients: StockClient[] = [];
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    one = apiProcess(redis.url);
    await one.start();
    couple = await setUpCouple(one.url);
  }, 60_000);

  afterAll(async () => {
    clients.splice(0).forEach((c) => c.destroy());
    sockets.splice(0).forEach((s) => s.close());
    redis?.thaw();
    await Promise.all([one?.stop(), two?.stop()]);
    await redis?.kill();
  });

  function open(api: ApiProcess, documentId: string, cookie: string | null): StockClient {
    const client = stockClient(wsOf(api), documentId, cookie);
    clients.push(client);
    return client;
  }

  it('open documents no one had open and store edits; when Redis returns the processes converge and relay again', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    await redis.kill();
    // One process was up before Redis went, the other starts while it is away.
    two = apiProcess(redis.url);
    await two.start();

    const alex = open(one, doc.id, couple.partnerA.cookie);
    const blake = open(two, doc.id, couple.partnerB.cookie);
    await Promise.all([synced(alex), synced(blake)]);
    alex.text.insert(0, 'written while Redis was away. ');
    blake.text.insert(0, 'also away. ');
    await Promise.all([stored(alex), stored(blake)]);
    // Nothing carries them across yet.
    await new Promise((r) => setTimeout(r, 300));
    expect(blake.text.toString()).not.toContain('written while Redis was away');

    await redis.start();
    // Each process catches up from PostgreSQL once it has its channel again.
    const same = () => alex.text.toString() === blake.text.toString();
    await until(() => same() && blake.text.toString().includes('written while Redis was away') && alex.text.toString().includes('also away'), 15_000, 'both edits on both processes');
    // And the channel is live again: a new edit crosses at once (no catch-up needed).
    alex.text.insert(0, 'back. ');
    await until(() => blake.text.toString().startsWith('back. '), 3000, 'a new edit relayed through Redis');
    await stored(alex);
  }, 50_000);

  it('a frozen Redis (connected, answering nothing) holds nothing up: a document opens and stores edits, presence is sent', async () => {
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const counselor = await liveClient(one.url, couple.counselor.cookie);
    sockets.push(counselor);
    redis.freeze();
    try {
      const alex = open(one, doc.id, couple.partnerA.cookie);
      await synced(alex);
      alex.text.insert(0, 'while Redis was frozen');
      await stored(alex);
      // Presence asks Redis how many processes listen before it gathers their sockets: bounded, then this process's own.
      const watching = counselor.received.length;
      await act(counselor, 'session:watch', { workspaceId: couple.workspace.id });
      await counselor.next('session:presence', () => true, 8000, watching);
    } finally {
      redis.thaw();
    }
  }, 30_000);

  it('a read on a process whose room has not had an edit relayed serves what is stored: the proposal, both acceptances and the version agree', async () => {
    two ??= apiProcess(redis.url);
    if (!two.url) await two.start();
    const agreement = await createDocument(couple.partnerA, couple.workspace.id, 'agreement', 'Weekends');
    const items = [item('Saturdays', 'Saturday mornings are ours.')];
    await writeItems(wsOf(one), agreement.id, couple.partnerA, items);
    const proposal = (await couple.partnerA.post<ProposalView>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    const path = `/api/agreements/${agreement.id}/proposals/${proposal.id}`;
    // Blake has the proposal open on the second process: its room there is loaded, fed by relays.
    const blake = open(two!, proposal.id, couple.partnerB.cookie);
    await synced(blake);
    const onTwo = (who: HttpClient) => Object.assign(new HttpClient(two!.url), { cookie: who.cookie });
    redis.freeze();
    try {
      // Alex's edit is stored through the first process; no relay reaches the second.
      expect(await retitle(wsOf(one), proposal.id, couple.partnerA, items[0]!.id, 'Saturdays (until noon)')).toBe(ReceiptStatus.stored);
      await new Promise((r) => setTimeout(r, 200));
      expect(blake.doc.getXmlFragment(FIELD).toString()).not.toContain('until noon');
      const read = (await onTwo(couple.partnerA).get<ProposalView>(path)).body;
      expect(read.items.map((i) => i.title)).toEqual(['Saturdays (until noon)']);
      await onTwo(couple.partnerA).post(`${path}/accept`, {});
      const accepted = (await onTwo(couple.partnerB).post<ProposalView>(`${path}/accept`, {})).body;
      expect(accepted.state).toBe('in-force');
      expect(accepted.items.map((i) => i.title)).toEqual(['Saturdays (until noon)']);
      const version = (await onTwo(couple.partnerB).get<AgreementView>(`/api/agreements/${agreement.id}`)).body.inForce!;
      expect(version.items).toEqual(accepted.items);
    } finally {
      redis.thaw();
    }
  }, 40_000);
});
