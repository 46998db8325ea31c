import { createDocument, setUpCouple } from '../../test/support/couple';
import { stockClient, stored, synced, until } from '../../test/support/sync-client';
import { startTestApp, TestApp } from '../../test/support/test-app';

/**
 * An overloaded process stops reading from its sync sockets while storing is behind, instead of
 * queueing without end in memory; nothing is lost, and reading starts again once it has caught up.
 */
describe('backpressure when storing falls behind', () => {
  let app: TestApp;
  // A backlog of a few updates is "behind" here, so an ordinary burst of typing crosses it.
  beforeAll(async () => (app = await startTestApp('postgres', { SYNC_MAX_BACKLOG: '5' })));
  afterAll(() => app.close());

  it('pauses reading during a burst, then takes every update: all stored, all relayed, the sockets still open', async () => {
    const couple = await setUpCouple(app.url);
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
    const alex = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
    const blake = stockClient(app.wsUrl, doc.id, couple.partnerB.cookie);
    await Promise.all([synced(alex), synced(blake)]);
    // The first edit of a page load claims its client id in the database (the connection's frames wait for that).
    alex.text.insert(0, '>');
    await stored(alex);
    const before = app.sync.server.stats().pauses;

    // 400 updates sent at once, one a keystroke.
    for (let i = 0; i < 400; i++) alex.text.insert(alex.text.length, i % 10 === 9 ? '\n' : 'x');
    await stored(alex, 30_000);
    await until(() => blake.text.toString() === alex.text.toString(), 30_000, 'every update relayed');

    expect(app.sync.server.stats().pauses).toBeGreaterThan(before);
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM document_update WHERE document_id = $1`, [doc.id]);
    expect(n).toBeGreaterThanOrEqual(400);
    // Reading has started again: the next edit goes through as usual.
    blake.text.insert(0, 'Blake: ');
    await stored(blake);
    await until(() => alex.text.toString().startsWith('Blake: '), 5000, 'the edit after the burst');
    expect(app.sync.server.stats().connections).toBe(2);
    alex.destroy();
    blake.destroy();
  });
});
