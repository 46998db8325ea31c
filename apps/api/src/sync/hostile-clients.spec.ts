import * as Y from 'yjs';
import { ReceiptStatus, SyncCloseCode, SyncMessageType, SyncStep } from '@kinship/domain/wire';
import { createDocument, setUpCouple } from '../../test/support/couple';
import { subdocuments, truncatedDeleteSet, YJS_THROWS_ON_THIS } from '../../test/support/hostile-updates';
import { openRawSocket, receipt, stockClient, StockClient, stored, synced, until } from '../../test/support/sync-client';
import { startTestApp } from '../../test/support/test-app';
import { syncTestBed } from '../../test/support/sync-test-bed';
import { awarenessFrame, syncStep1Frame, updateFrame } from './protocol';
import { encodeAwarenessUpdate } from './awareness-registry';
import { ContentCipher } from '../encryption/content-cipher';

/**
 * What a hostile member can send over the sync socket, and what the server does with it: the
 * process keeps serving, the document in memory never holds what the store does not, and
 * presence says only what the session says.
 */
describe('a hostile client on the sync socket', () => {
  const bed = syncTestBed({ SYNC_MAX_UPDATE_ITEMS: '500', SYNC_MAX_UPDATE_CLIENTS: '8', SYNC_MAX_AWARENESS_BYTES: '2048' });
  const newDocument = () => createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
  /** What a newcomer receives: the room's document as it is in memory. */
  async function seenByNewcomer(documentId: string): Promise<string> {
    const late = bed.open(documentId, bed.couple.counselor.cookie);
    await synced(late);
    return late.text.toString();
  }

  describe('updates are read whole before they touch the document (2, 3)', () => {
    it('an update whose delete set is cut short changes nothing, is not stored, and closes its sender', async () => {
      const doc = await newDocument();
      const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
      await synced(alex);
      alex.text.insert(0, 'honest. ');
      await stored(alex);
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      blake.ws.send(updateFrame(truncatedDeleteSet('HIDDEN')));
      expect((await blake.closed).code).toBe(SyncCloseCode.malformed);
      expect(await seenByNewcomer(doc.id)).toBe('honest. ');
      expect(alex.text.toString()).toBe('honest. ');
      expect(await bed.rowsOf(doc.id)).toBe(1);
    });

    it('sub-documents are refused before they cost memory, and never stored', async () => {
      const doc = await newDocument();
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      blake.ws.send(updateFrame(subdocuments(400)));
      const closed = await blake.closed;
      expect(closed.code).toBe(SyncCloseCode.updateRefused);
      expect(closed.reason).toMatch(/sub-documents/);
      expect(await bed.rowsOf(doc.id)).toBe(0);
    });

    it('an update with more items or more client ids than configured is refused whole', async () => {
      const doc = await newDocument();
      const items = new Y.Doc();
      const list = items.getArray<number>('a');
      for (let i = 0; i < 501; i++) list.insert(0, [i]);
      const tooManyItems = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      tooManyItems.ws.send(updateFrame(Y.encodeStateAsUpdate(items)));
      expect((await tooManyItems.closed).code).toBe(SyncCloseCode.updateRefused);

      const crowd = Array.from({ length: 9 }, (_, i) => {
        const d = new Y.Doc();
        d.getText('t').insert(0, `c${i}`);
        return Y.encodeStateAsUpdate(d);
      });
      const tooManyClients = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      tooManyClients.ws.send(updateFrame(Y.mergeUpdates(crowd)));
      expect((await tooManyClients.closed).code).toBe(SyncCloseCode.updateRefused);
      expect(await bed.rowsOf(doc.id)).toBe(0);
      expect(await seenByNewcomer(doc.id)).toBe('');
    });

    it('one connection cannot bring more new client ids into a document than the limit, however it splits them', async () => {
      const doc = await newDocument();
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      for (let i = 0; i < 9; i++) {
        const d = new Y.Doc();
        d.getText('t').insert(0, `c${i} `);
        blake.ws.send(updateFrame(Y.encodeStateAsUpdate(d)));
      }
      expect((await blake.closed).code).toBe(SyncCloseCode.updateRefused);
      expect(await bed.rowsOf(doc.id)).toBe(8);
    });

    it('an update that makes Yjs throw half-way drops the room; everyone reconnects to the document as stored', async () => {
      const doc = await newDocument();
      const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
      await synced(alex);
      alex.text.insert(0, 'before the attack');
      await stored(alex);
      const closes: number[] = [];
      alex.provider.on('connection-close', (event) => event && closes.push(event.code));
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      blake.ws.send(updateFrame(Uint8Array.from(Buffer.from(YJS_THROWS_ON_THIS, 'hex'))));
      expect((await blake.closed).code).toBe(SyncCloseCode.malformed);
      await until(() => closes.includes(SyncCloseCode.unavailable), 3000, 'the room dropped');
      await until(() => alex.provider.synced && alex.provider.wsconnected, 5000, 'reconnect');
      expect(await seenByNewcomer(doc.id)).toBe('before the attack');
      expect(await bed.rowsOf(doc.id)).toBe(1);
    });

    it('an update that builds on edits the server never saw is not kept in memory; its sender syncs again', async () => {
      const doc = await newDocument();
      const hidden = new Y.Doc();
      hidden.getText('t').insert(0, 'never sent ');
      const base = Y.encodeStateVector(hidden);
      hidden.getText('t').insert(hidden.getText('t').length, 'then this');
      const dependent = Y.encodeStateAsUpdate(hidden, base);
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      blake.ws.send(updateFrame(dependent));
      expect((await blake.closed).code).toBe(SyncCloseCode.outOfStep);
      expect(await bed.rowsOf(doc.id)).toBe(0);
    });
  });

  describe('stored data that breaks the rules cannot take the process down (3)', () => {
    it('a stored update of sub-documents, or one Yjs throws on, is quarantined when the document loads', async () => {
      const doc = await newDocument();
      const good = new Y.Doc();
      good.getText('t').insert(0, 'still here');
      for (const data of [subdocuments(400), Y.encodeStateAsUpdate(good), Buffer.from(YJS_THROWS_ON_THIS, 'hex')]) {
        await bed.app.dataSource.query('INSERT INTO document_update (document_id, data) VALUES ($1, $2)', [doc.id, await bed.app.app.get(ContentCipher).sealDocument(doc.id, data)]);
      }
      expect(await seenByNewcomer(doc.id)).toBe('still here');
      const quarantined = await bed.app.dataSource.query('SELECT reason FROM document_quarantine WHERE document_id = $1 ORDER BY id', [doc.id]);
      expect(quarantined.map((q: { reason: string }) => q.reason)).toEqual([expect.stringMatching(/sub-documents/), expect.any(String)]);
      expect(await bed.rowsOf(doc.id)).toBe(1);
    });
  });

  describe('a reader is not a writer who failed (13)', () => {
    it('a reader of an archived document who typed nothing gets "stored", even with deletions in the document', async () => {
      const doc = await newDocument();
      const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
      await synced(alex);
      alex.text.insert(0, 'keep this, not that');
      alex.text.delete(10, 9);
      await stored(alex);
      expect((await bed.couple.counselor.patch(`/api/documents/${doc.id}`, { archived: true })).status).toBe(200);
      const blake = bed.open(doc.id, bed.couple.partnerB.cookie);
      await synced(blake);
      await until(() => blake.text.toString() === 'keep this,', 3000, 'the archived text');
      expect(await receipt(blake)).toBe(ReceiptStatus.stored);
      // Once the reader does type, that edit is refused and the receipt says so.
      blake.text.insert(0, 'sneaky ');
      expect(await receipt(blake)).toBe(ReceiptStatus.refused);
      expect(await bed.rowsOf(doc.id)).toBeGreaterThanOrEqual(1);
      expect(await seenByNewcomer(doc.id)).toBe('keep this,');
    });
  });

  describe('presence answers to the session (4, 5)', () => {
    async function watchPresence(documentId: string) {
      const observer = bed.open(documentId, bed.couple.counselor.cookie);
      await synced(observer);
      return observer;
    }
    const state = (clientId: number, clock: number, value: unknown) =>
      awarenessFrame(encodeAwarenessUpdate([{ clientId, clock, state: typeof value === 'string' ? value : JSON.stringify(value) }]));

    it('a partner cannot appear as the counselor: identity fields come from the session', async () => {
      const doc = await newDocument();
      const observer = await watchPresence(doc.id);
      const counselorAccount = (await bed.couple.counselor.get<{ id: string }>('/api/me')).body.id;
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      blake.ws.send(state(4242, 1, { user: { name: 'Dr Rivera', role: 'counselor', accountId: counselorAccount, color: '#000000' }, cursor: null }));
      await until(() => observer.provider.awareness.getStates().has(4242), 3000, 'presence');
      const blakeAccount = (await bed.couple.partnerB.get<{ id: string }>('/api/me')).body.id;
      expect(observer.provider.awareness.getStates().get(4242)?.user).toEqual({ accountId: blakeAccount, name: 'Blake', role: 'partner', color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
      expect(observer.provider.awareness.getStates().get(4242)?.user.color).not.toBe('#000000');
    });

    it('a state that is not a JSON object is never relayed, and closes its sender', async () => {
      const doc = await newDocument();
      for (const bad of ['"a string"', '[1,2]', '42', 'not json', 'true']) {
        const observer = await watchPresence(doc.id);
        const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
        blake.ws.send(state(5000, 1, bad));
        expect((await blake.closed).code).toBe(SyncCloseCode.malformed);
        await new Promise((r) => setTimeout(r, 50));
        expect(observer.provider.awareness.getStates().has(5000)).toBe(false);
      }
    });

    it('a presence state over the size limit is refused', async () => {
      const doc = await newDocument();
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      blake.ws.send(state(5001, 1, { user: {}, padding: 'x'.repeat(3000) }));
      expect((await blake.closed).code).toBe(SyncCloseCode.updateRefused);
    });

    it('one connection speaks for one client id; a reconnect of the same account takes its own id over', async () => {
      const doc = await newDocument();
      const observer = await watchPresence(doc.id);
      const first = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      first.ws.send(state(6001, 1, { typing: false }));
      first.ws.send(state(6002, 1, { typing: false }));
      await until(() => observer.provider.awareness.getStates().has(6001), 3000, 'first id');
      await new Promise((r) => setTimeout(r, 100));
      expect(observer.provider.awareness.getStates().has(6002)).toBe(false);
      // Blake's new connection (same account) takes 6001 over; Alex's connection cannot.
      const alex = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerA.cookie);
      alex.ws.send(state(6001, 5, { typing: 'alex' }));
      const again = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      again.ws.send(state(6001, 2, { typing: true }));
      await until(() => observer.provider.awareness.getStates().get(6001)?.typing === true, 3000, 'takeover');
      // The old connection no longer speaks for it: its close does not remove the new owner's state.
      first.ws.close();
      await first.closed;
      await new Promise((r) => setTimeout(r, 100));
      expect(observer.provider.awareness.getStates().get(6001)?.typing).toBe(true);
    });

    it('requests for the whole state (presence queries, sync step 1) are rate-limited', async () => {
      const doc = await newDocument();
      const blake = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
      const before = blake.frames.length;
      for (let i = 0; i < 500; i++) {
        blake.ws.send(Uint8Array.of(SyncMessageType.queryAwareness));
        blake.ws.send(syncStep1Frame(Y.encodeStateVector(new Y.Doc())));
      }
      await new Promise((r) => setTimeout(r, 300));
      const answers = (type: number, step?: number) =>
        blake.frames.slice(before).filter((f) => f[0] === type && (step === undefined || f[1] === step)).length;
      expect(answers(SyncMessageType.awareness)).toBeGreaterThan(0);
      expect(answers(SyncMessageType.awareness)).toBeLessThanOrEqual(11);
      expect(answers(SyncMessageType.sync, SyncStep.step2)).toBeGreaterThan(0);
      expect(answers(SyncMessageType.sync, SyncStep.step2)).toBeLessThanOrEqual(11);
      expect(blake.ws.readyState).toBe(blake.ws.OPEN);
    });
  });
});

describe('a client that stops reading (4)', () => {
  it('is cut off once its unsent output passes the limit, and the server’s memory stays bounded', async () => {
    const app = await startTestApp('postgres', { SYNC_MAX_BUFFERED_BYTES: String(1024 * 1024) });
    const clients: StockClient[] = [];
    try {
      const couple = await setUpCouple(app.url);
      const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
      const sleeper = await openRawSocket(app.wsUrl, doc.id, couple.partnerB.cookie);
      // It never reads again: the kernel's buffers fill, then the server's.
      (sleeper.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const alex = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
      clients.push(alex);
      await synced(alex);
      const rssBefore = process.memoryUsage().rss;
      let cutOff = false;
      void sleeper.closed.then(() => (cutOff = true));
      (sleeper.ws as unknown as { _socket: { on(e: string, f: () => void): void } })._socket.on('close', () => (cutOff = true));
      const chunk = 'x'.repeat(32 * 1024);
      for (let i = 0; i < 1000 && !cutOff && app.sync.server.stats().connections > 1; i++) {
        alex.text.insert(alex.text.length, chunk);
        if (i % 20 === 19) await stored(alex, 20_000);
      }
      await until(() => app.sync.server.stats().connections === 1, 10_000, 'the sleeper cut off');
      expect(alex.provider.wsconnected).toBe(true);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024);
    } finally {
      clients.forEach((c) => c.destroy());
      await app.close();
    }
  }, 120_000);
});
