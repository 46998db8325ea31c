import type { LiveSessionView } from '@kinship/domain/rules';
import { Couple, setUpCouple } from './couple';
import { act, LiveClient, liveClient } from './live-client';
import { stockClient, StockClient } from './sync-client';
import { Driver, startTestApp, TestApp } from './test-app';

/** A couple whose three people each have a live socket watching their workspace. */
export interface LiveCouple extends Couple {
  ids: { counselor: string; partnerA: string; partnerB: string; stranger: string };
  live: { counselor: LiveClient; partnerA: LiveClient; partnerB: LiveClient };
  /** The counselor starts a live session; resolves once every watcher has it. */
  start(): Promise<LiveSessionView>;
}

export interface LiveTestBed {
  readonly app: TestApp;
  /** A new couple (its own workspace, so its own live session), everyone watching. */
  couple(): Promise<LiveCouple>;
  /** A live socket closed after the test. */
  connect(cookie: string | null, headers?: Record<string, string>): Promise<LiveClient>;
  /** A stock y-websocket client closed after the test. */
  open(documentId: string, cookie: string | null): StockClient;
}

/** One API on a free port for a describe block; sockets and clients closed after each test. */
export function liveTestBed(env: Record<string, string> = {}, driver: Driver = 'postgres'): LiveTestBed {
  let app: TestApp | undefined;
  let couples = 0;
  const sockets: LiveClient[] = [];
  const clients: StockClient[] = [];
  beforeAll(async () => {
    // Many couples register from this one address: each gets an address of its own through a trusted (loopback) proxy.
    app = await startTestApp(driver, { TRUST_PROXY: 'loopback', ...env });
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
    clients.splice(0).forEach((c) => c.destroy());
  });
  afterAll(() => app?.close());
  const ready = () => {
    if (!app) throw new Error('the live test bed is used before beforeAll ran');
    return app;
  };
  const bed: LiveTestBed = {
    get app() {
      return ready();
    },
    async connect(cookie, headers) {
      const client = await liveClient(ready().url, cookie, headers);
      sockets.push(client);
      return client;
    },
    open(documentId, cookie) {
      const client = stockClient(ready().wsUrl, documentId, cookie);
      clients.push(client);
      return client;
    },
    async couple() {
      const couple = await setUpCouple(ready().url, { 'x-forwarded-for': `10.${(++couples >> 8) & 255}.${couples & 255}.1` });
      const idOf = async (who: keyof LiveCouple['ids']) => (await couple[who].get<{ id: string }>('/api/me')).body.id;
      const ids = { counselor: await idOf('counselor'), partnerA: await idOf('partnerA'), partnerB: await idOf('partnerB'), stranger: await idOf('stranger') };
      const live = {
        counselor: await bed.connect(couple.counselor.cookie),
        partnerA: await bed.connect(couple.partnerA.cookie),
        partnerB: await bed.connect(couple.partnerB.cookie),
      };
      const workspaceId = couple.workspace.id;
      await Promise.all(Object.values(live).map((c) => act(c, 'session:watch', { workspaceId })));
      return {
        ...couple,
        ids,
        live,
        async start() {
          await act(live.counselor, 'session:start', { workspaceId });
          const session = await live.counselor.stateWhere(workspaceId, (s) => s !== null);
          await Promise.all([live.partnerA, live.partnerB].map((c) => c.stateWhere(workspaceId, (s) => s?.id === session!.id)));
          return session!;
        },
      };
    },
  };
  return bed;
}
