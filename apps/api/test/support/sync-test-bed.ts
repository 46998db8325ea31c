import type { Couple } from './couple';
import { setUpCouple } from './couple';
import { stockClient, StockClient } from './sync-client';
import { Driver, startTestApp, TestApp } from './test-app';

export interface SyncTestBed {
  /** The API under test (set once `beforeAll` has run). */
  readonly app: TestApp;
  /** A counselor, two partners and a stranger in one workspace. */
  readonly couple: Couple;
  /** A stock y-websocket client on a document, destroyed after each test. */
  open(documentId: string, cookie: string | null): StockClient;
  /** Rows stored for a document, once every append in flight has settled. */
  rowsOf(documentId: string): Promise<number>;
}

/**
 * The set-up the sync specs share: one API on a free port, one couple, stock clients that are
 * closed after every test. Call it at the top of a `describe`.
 */
export function syncTestBed(env: Record<string, string> = {}, driver: Driver = 'postgres'): SyncTestBed {
  let app: TestApp | undefined;
  let couple: Couple | undefined;
  const clients: StockClient[] = [];
  beforeAll(async () => {
    app = await startTestApp(driver, env);
    couple = await setUpCouple(app.url);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));
  afterAll(() => app?.close());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the sync test bed is used before beforeAll ran');
    return value;
  };
  return {
    get app() {
      return ready(app);
    },
    get couple() {
      return ready(couple);
    },
    open(documentId, cookie) {
      const client = stockClient(ready(app).wsUrl, documentId, cookie);
      clients.push(client);
      return client;
    },
    async rowsOf(documentId) {
      const running = ready(app);
      await running.sync.store.drain();
      const [row] = await running.dataSource.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [documentId]);
      return Number(row.n);
    },
  };
}
