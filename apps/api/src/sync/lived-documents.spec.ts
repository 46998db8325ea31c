import * as decoding from 'lib0/decoding';
import { Client } from 'pg';
import * as Y from 'yjs';
import { ReceiptStatus, SyncMessageType } from '@kinship/domain/wire';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { rawConnect, receipt, stockClient, StockClient, stored, synced, until } from '../../test/support/sync-client';
import { startTestApp, TEST_DATABASE_URL, TestApp } from '../../test/support/test-app';

/**
 * Documents that have lived: hundreds of page loads (each a new Yjs client id), devices that come
 * back with their copy, limits changed between restarts. What the server already holds is never
 * judged by a connection's limits, and nobody is served an edit the store does not hold.
 */
describe('documents that have lived', () => {
  let app: TestApp;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  const closeCodeOf = (client: StockClient) =>
    new Promise<number>((resolve) => client.provider.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)));

  /** One page load: a new client id that types, deletes some of it, is stored, and leaves. */
  async function visit(documentId: string, person = c.partnerA, words = 'a visit'): Promise<void> {
    const page = stockClient(app.wsUrl, documentId, person.cookie);
    await synced(page);
    page.text.insert(page.text.length, `${words}. (typo)`);
    page.text.delete(page.text.length - 6, 6);
    await stored(page);
    page.destroy();
  }

  it('a device that comes back after more than 64 editing sessions deleted something is served, and its edits are kept', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Between sessions');
    // Blake's phone: open at the start, keeps every edit it sees, then goes offline for a while.
    const phone = stockClient(app.wsUrl, doc.id, c.partnerB.cookie);
    try {
    await synced(phone);
    for (let i = 0; i < 70; i++) await visit(doc.id, i % 2 === 0 ? c.partnerA : c.partnerB, `visit ${i}`);
    await until(() => phone.text.toString().includes('visit 69'), 5000, 'the phone holding every visit');
    phone.provider.disconnect();
    phone.text.insert(0, 'Written offline. ');
    const closed = closeCodeOf(phone);
    // Back: its reply to sync step 1 carries the whole delete set, 70 clients' worth.
    phone.provider.connect();
    await synced(phone);
    await stored(phone);
    const reader = stockClient(app.wsUrl, doc.id, c.counselor.cookie);
    await synced(reader);
    expect(reader.text.toString().startsWith('Written offline. ')).toBe(true);
    expect(reader.text.toString()).toContain('visit 69');
    const outcome = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 300))]);
    expect(outcome).toBe(-1);
    reader.destroy();
    } finally {
      phone.destroy();
    }
  });

  it('stored writing is never set aside by a limit lowered since: the document opens whole after a restart', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Long paste');
    const writer = stockClient(app.wsUrl, doc.id, c.partnerA.cookie);
    await synced(writer);
    // A paste of many separate items, within today's limits.
    writer.doc.transact(() => {
      for (let i = 0; i < 200; i++) writer.text.insert(0, `${i} `, i % 2 ? { bold: true } : {});
    });
    await stored(writer);
    const expected = writer.text.toString();
    writer.destroy();
    await until(() => app.sync.server.stats().rooms === 0, 5000, 'the room to unload');
    await app.sync.store.settle();
    // Make the document load from its log, as after a crash before compaction.
    await app.dataSource.query(`DELETE FROM document_snapshot WHERE document_id = $1`, [doc.id]);
    await app.dataSource.query(`UPDATE document_update SET in_snapshot = false WHERE document_id = $1`, [doc.id]);

    const strict = await startTestApp('postgres', { SYNC_MAX_UPDATE_ITEMS: '5', SYNC_MAX_UPDATE_CLIENTS: '1' });
    try {
      const reader = stockClient(strict.wsUrl, doc.id, c.partnerB.cookie);
      await synced(reader);
      expect(reader.text.toString()).toBe(expected);
      reader.destroy();
      const quarantined = await strict.dataSource.query(`SELECT reason FROM document_quarantine WHERE document_id = $1`, [doc.id]);
      expect(quarantined).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('nobody is served an edit before it is stored: not a new reader, not the document’s state', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Served only once stored');
    const alex = stockClient(app.wsUrl, doc.id, c.partnerA.cookie);
    await synced(alex);
    alex.text.insert(0, 'stored first. ');
    await stored(alex);

    // Storing is held up: the next edit is applied nowhere until its row commits.
    const blocker = new Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE document_update IN EXCLUSIVE MODE');
      alex.text.insert(alex.text.length, 'not yet stored');
      await new Promise((r) => setTimeout(r, 150));
      const blake = stockClient(app.wsUrl, doc.id, c.partnerB.cookie);
      await synced(blake);
      expect(blake.text.toString()).toBe('stored first. ');
      const state = await app.sync.storedState(doc.id);
      const seen = new Y.Doc();
      Y.applyUpdate(seen, state);
      expect(seen.getText('t').toString()).toBe('stored first. ');
      await blocker.query('COMMIT');
      // Once stored, it reaches the reader.
      await stored(alex);
      await until(() => blake.text.toString() === 'stored first. not yet stored', 5000, 'the edit after it was stored');
      blake.destroy();
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      alex.destroy();
    }
  });

  it('a page closed right after its first keystroke keeps it (the frame waits on its client id’s claim, not on the socket)', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Closed at once');
    for (let i = 0; i < 5; i++) {
      const page = stockClient(app.wsUrl, doc.id, c.partnerA.cookie);
      await synced(page);
      page.text.insert(0, `line ${i}. `);
      page.destroy();
    }
    await until(() => app.sync.server.stats().rooms === 0, 5000, 'the room to unload');
    const reader = stockClient(app.wsUrl, doc.id, c.partnerB.cookie);
    await synced(reader);
    for (let i = 0; i < 5; i++) expect(reader.text.toString()).toContain(`line ${i}. `);
    reader.destroy();
  });

  it('a client id claimed in the database by another account is refused, whatever the room remembered', async () => {
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Claimed');
    const alex = stockClient(app.wsUrl, doc.id, c.partnerA.cookie);
    await synced(alex);
    // Another process claimed this client id for the counselor a moment ago (the room here never heard of it).
    const counselorId = (await c.counselor.get<{ id: string }>('/api/me')).body.id;
    await app.dataSource.query(`INSERT INTO document_client (document_id, client_id, account_id) VALUES ($1, $2, $3)`, [
      doc.id,
      alex.doc.clientID,
      counselorId,
    ]);
    const closed = closeCodeOf(alex);
    alex.text.insert(0, 'written as someone else?');
    expect(await closed).toBe(4413);
    const rows = await app.dataSource.query(`SELECT count(*)::int AS n FROM document_update WHERE document_id = $1`, [doc.id]);
    expect(rows[0].n).toBe(0);
    alex.destroy();
    // Nothing of it is served either.
    const reader = await rawConnect(app.wsUrl, doc.id, c.partnerB.cookie, (ws) => setTimeout(() => ws.close(), 300));
    expect(Buffer.concat(reader.frames).includes(Buffer.from('someone else'))).toBe(false);
  });

  describe('storage quotas', () => {
    let small: TestApp;
    beforeAll(async () => (small = await startTestApp('postgres', { SYNC_DOCUMENT_QUOTA_BYTES: '300000', SYNC_WORKSPACE_QUOTA_BYTES: '700000' })));
    afterAll(() => small.close());

    /** The words of every permission-denied frame a stock client receives from now on. */
    function deniedReasons(client: StockClient): string[] {
      const reasons: string[] = [];
      client.provider.messageHandlers[SyncMessageType.auth] = (_encoder, decoder) => {
        decoding.readVarUint(decoder);
        reasons.push(decoding.readVarString(decoder));
      };
      return reasons;
    }
    const storedBytes = async (documentId: string) =>
      (await small.dataSource.query(`SELECT coalesce(sum(pg_column_size(data)), 0)::int AS n FROM document_update WHERE document_id = $1`, [documentId]))[0].n as number;

    it('a paste-and-delete flood stops at the document’s quota with words that say so; the rest of the workspace writes on', async () => {
      const couple = await setUpCouple(small.url);
      const flooded = await createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Flooded');
      const paster = stockClient(small.wsUrl, flooded.id, couple.partnerA.cookie);
      const reasons = deniedReasons(paster);
      await synced(paster);
      const paste = 'I am sorry. '.repeat(4000); // 48 KB a paste
      let refusedAt = -1;
      for (let i = 0; i < 20 && refusedAt < 0; i++) {
        paster.text.insert(0, paste);
        if ((await receipt(paster)) === ReceiptStatus.refused) refusedAt = i;
        else {
          paster.text.delete(0, paste.length);
          await stored(paster);
        }
      }
      expect(refusedAt).toBeGreaterThan(0);
      expect(reasons.join(' ')).toContain('This document has reached its storage limit');
      expect(await storedBytes(flooded.id)).toBeLessThanOrEqual(300_000);
      paster.destroy();

      // Another document of the workspace takes edits as before.
      const other = await createDocument(couple.partnerB, couple.workspace.id, 'notes', 'Other');
      const writer = stockClient(small.wsUrl, other.id, couple.partnerB.cookie);
      await synced(writer);
      writer.text.insert(0, 'Still writing here.');
      await stored(writer);
      writer.destroy();

      // The quota holds across a reload of the document: its stored bytes are counted again.
      await until(() => small.sync.server.stats().rooms === 0, 5000, 'the rooms to unload');
      const back = stockClient(small.wsUrl, flooded.id, couple.partnerA.cookie);
      await synced(back);
      back.text.insert(0, paste);
      expect(await receipt(back)).toBe(ReceiptStatus.refused);
      back.destroy();
    });

    it('a workspace stops at its own quota, every document of it, with words that say so', async () => {
      const couple = await setUpCouple(small.url);
      const paste = 'We will talk on Sundays. '.repeat(2000); // 50 KB
      const reasons: string[] = [];
      let refused = false;
      for (let d = 0; d < 6 && !refused; d++) {
        const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes', `Part ${d}`);
        const writer = stockClient(small.wsUrl, doc.id, couple.partnerA.cookie);
        const heard = deniedReasons(writer);
        await synced(writer);
        for (let i = 0; i < 5 && !refused; i++) {
          writer.text.insert(0, paste);
          refused = (await receipt(writer)) === ReceiptStatus.refused;
        }
        reasons.push(...heard);
        writer.destroy();
      }
      expect(refused).toBe(true);
      expect(reasons.join(' ')).toContain('This workspace has reached its storage limit');
      const [{ n }] = await small.dataSource.query(
        `SELECT coalesce(sum(pg_column_size(u.data)), 0)::int AS n FROM document_update u JOIN document d ON d.id = u.document_id WHERE d.workspace_id = $1`,
        [couple.workspace.id],
      );
      expect(n).toBeLessThanOrEqual(700_000);
    });
  });

  it('one workspace’s paste flood does not hold up another workspace’s receipts', async () => {
    const flooding = await setUpCouple(app.url);
    const flooded = await createDocument(flooding.partnerA, flooding.workspace.id, 'notes', 'Flood');
    const paster = stockClient(app.wsUrl, flooded.id, flooding.partnerA.cookie);
    const typist = stockClient(app.wsUrl, (await createDocument(c.partnerB, c.workspace.id, 'notes', 'Calm')).id, c.partnerB.cookie);
    await Promise.all([synced(paster), synced(typist)]);
    paster.text.insert(0, '.');
    typist.text.insert(0, '.');
    await Promise.all([stored(paster), stored(typist)]);
    const paste = 'x'.repeat(900_000);
    let flooding_ = true;
    const flood = (async () => {
      // Pasted and deleted as fast as the socket takes it, without waiting for receipts.
      for (let i = 0; i < 40 && flooding_; i++) {
        paster.text.insert(0, paste);
        paster.text.delete(0, paste.length);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const waits: number[] = [];
    for (let k = 0; k < 15; k++) {
      typist.text.insert(typist.text.length, 'k');
      const sent = Date.now();
      await stored(typist, 30_000);
      waits.push(Date.now() - sent);
      await new Promise((r) => setTimeout(r, 60));
    }
    flooding_ = false;
    await flood;
    await stored(paster, 60_000).catch(() => undefined);
    paster.destroy();
    typist.destroy();
    waits.sort((a, b) => a - b);
    // A keystroke waits for at most a batch or two of someone else's bytes, not for their whole flood.
    expect(waits[waits.length - 2]!).toBeLessThan(2000);
  });
});
