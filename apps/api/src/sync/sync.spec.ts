import WebSocket from 'ws';
import * as Y from 'yjs';
import { ReceiptStatus, SyncCloseCode, SyncMessageType } from '@kinship/domain/wire';
import { createDocument } from '../../test/support/couple';
import { rawConnect, receipt, stockClient, stored, synced, until } from '../../test/support/sync-client';
import { syncTestBed } from '../../test/support/sync-test-bed';
import { awarenessFrame, updateFrame } from './protocol';
import { encodeAwarenessUpdate } from './awareness-registry';
import { ContentCipher } from '../encryption/content-cipher';

describe('live sync over the y-websocket protocol', () => {
  const bed = syncTestBed({ SYNC_MAX_FRAME_BYTES: '65536' });

  it('two partners editing at once converge, and someone joining later receives everything', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
    const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
    const blake = bed.open(doc.id, bed.couple.partnerB.cookie);
    await Promise.all([synced(alex), synced(blake)]);
    for (let i = 0; i < 20; i++) {
      alex.text.insert(alex.text.length, `a${i} `);
      blake.text.insert(0, `b${i} `);
    }
    await until(() => alex.text.toString() === blake.text.toString() && alex.text.toString().includes('a19') && alex.text.toString().includes('b19'), 5000, 'convergence');
    const counselor = bed.open(doc.id, bed.couple.counselor.cookie);
    await synced(counselor);
    await until(() => counselor.text.toString() === alex.text.toString(), 5000, 'late joiner state');
    for (let i = 0; i < 20; i++) expect(counselor.text.toString()).toContain(`a${i} `);
    for (let i = 0; i < 20; i++) expect(counselor.text.toString()).toContain(`b${i} `);
  });

  it('stores every update in PostgreSQL before the save receipt answers', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
    await synced(alex);
    for (let i = 0; i < 5; i++) alex.text.insert(0, 'x');
    await stored(alex);
    expect(await bed.rowsOf(doc.id)).toBe(5);
    const rows = await bed.app.dataSource.query('SELECT data, account_id FROM document_update WHERE document_id = $1', [doc.id]);
    const check = new Y.Doc();
    for (const piece of await bed.app.app.get(ContentCipher).openDocument(doc.id, rows.map((r: { data: Buffer }) => r.data))) Y.applyUpdate(check, piece);
    expect(check.getText('t').toString()).toBe('xxxxx');
    expect(new Set(rows.map((r: { account_id: string }) => r.account_id)).size).toBe(1);
  });

  it('marks a document as edited when its content changes', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    await bed.app.dataSource.query(`UPDATE document SET updated_at = now() - interval '2 days' WHERE id = $1`, [doc.id]);
    const before = (await bed.couple.partnerB.get<{ updatedAt: string }>(`/api/documents/${doc.id}`)).body.updatedAt;
    const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
    await synced(alex);
    alex.text.insert(0, 'an edit');
    await stored(alex);
    const after = (await bed.couple.partnerB.get<{ updatedAt: string }>(`/api/documents/${doc.id}`)).body.updatedAt;
    expect(new Date(after).getTime() - new Date(before).getTime()).toBeGreaterThan(86_400_000);
  });

  it('does not send an update back to the client that sent it', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    const source = new Y.Doc();
    source.getText('t').insert(0, 'hello');
    const update = Y.encodeStateAsUpdate(source);
    let sent = false;
    const outcome = rawConnect(bed.app.wsUrl, doc.id, bed.couple.partnerA.cookie, (ws) => {
      ws.send(updateFrame(update));
      sent = true;
      setTimeout(() => ws.close(), 300);
    });
    const { frames } = await outcome;
    expect(sent).toBe(true);
    const updateFrames = frames.filter((f) => f[0] === SyncMessageType.sync && f[1] === 2);
    expect(updateFrames).toHaveLength(0);
  });

  describe('refuses before any document byte is sent', () => {
    const secret = 'SECRET-PRIVATE-NOTE-TEXT';
    let privateId: string;

    beforeAll(async () => {
      privateId = (await createDocument(bed.couple.counselor, bed.couple.workspace.id, 'counselor-notes', 'private')).id;
      const counselor = stockClient(bed.app.wsUrl, privateId, bed.couple.counselor.cookie);
      await synced(counselor);
      counselor.text.insert(0, secret);
      await stored(counselor);
      counselor.destroy();
    });

    const expectRefused = (outcome: Awaited<ReturnType<typeof rawConnect>>, code: number) => {
      expect(outcome.closeCode).toBe(code);
      // The only frame is the permission-denied notice; nothing of the document or its presence.
      expect(outcome.frames).toHaveLength(1);
      expect(outcome.frames[0][0]).toBe(SyncMessageType.auth);
      expect(Buffer.concat(outcome.frames).toString('latin1')).not.toContain(secret);
    };

    it('a partner on the counselor’s private notes', async () => {
      expectRefused(await rawConnect(bed.app.wsUrl, privateId, bed.couple.partnerA.cookie), SyncCloseCode.forbidden);
      expectRefused(await rawConnect(bed.app.wsUrl, privateId, bed.couple.partnerB.cookie), SyncCloseCode.forbidden);
    });

    it('a stranger on any document, and nobody without a session', async () => {
      const shared = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
      expectRefused(await rawConnect(bed.app.wsUrl, shared.id, bed.couple.stranger.cookie), SyncCloseCode.notFound);
      expectRefused(await rawConnect(bed.app.wsUrl, privateId, bed.couple.stranger.cookie), SyncCloseCode.notFound);
      expectRefused(await rawConnect(bed.app.wsUrl, shared.id, null), SyncCloseCode.unauthenticated);
      expectRefused(await rawConnect(bed.app.wsUrl, shared.id, 'kinship_session=forged'), SyncCloseCode.unauthenticated);
    });

    it('an unknown document', async () => {
      expectRefused(await rawConnect(bed.app.wsUrl, '00000000-0000-4000-8000-000000000000', bed.couple.partnerA.cookie), SyncCloseCode.notFound);
      expectRefused(await rawConnect(bed.app.wsUrl, 'nope', bed.couple.partnerA.cookie), SyncCloseCode.notFound);
      expectRefused(await rawConnect(bed.app.wsUrl, '%E0%A4%A', bed.couple.partnerA.cookie), SyncCloseCode.notFound);
    });

    it('a cross-site page riding on the cookie', async () => {
      const shared = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
      const outcome = await new Promise<{ code: number }>((resolve) => {
        const ws = new WebSocket(`${bed.app.wsUrl}/sync/${shared.id}`, { headers: { cookie: bed.couple.partnerA.cookie!, origin: 'https://evil.example' } });
        ws.on('close', (code) => resolve({ code }));
        ws.on('error', () => undefined);
      });
      expect(outcome.code).toBe(SyncCloseCode.forbidden);
    });

    it('and the stock client stops retrying after a final refusal', async () => {
      const partner = bed.open(privateId, bed.couple.partnerA.cookie);
      const closes: number[] = [];
      partner.provider.on('connection-close', (event) => event && closes.push(event.code));
      await until(() => closes.length > 0, 5000, 'refusal');
      await new Promise((r) => setTimeout(r, 1500));
      expect(closes).toEqual([SyncCloseCode.forbidden]);
      expect(partner.text.toString()).toBe('');
    });
  });

  describe('presence', () => {
    /** Alex and Blake in one document, Blake already seeing Alex's presence. */
    async function alexPresentForBlake() {
      const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
      const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
      const blake = bed.open(doc.id, bed.couple.partnerB.cookie);
      await Promise.all([synced(alex), synced(blake)]);
      alex.provider.awareness.setLocalStateField('user', { name: 'Alex' });
      await until(() => blake.provider.awareness.getStates().get(alex.doc.clientID)?.user?.name === 'Alex', 3000, 'presence');
      return { doc, alex, blake };
    }

    it('removes a client’s presence for the others as soon as its connection closes', async () => {
      const { alex, blake } = await alexPresentForBlake();
      const started = Date.now();
      alex.provider.ws!.close();
      alex.provider.shouldConnect = false;
      await until(() => !blake.provider.awareness.getStates().has(alex.doc.clientID), 3000, 'presence removed');
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('does not let one connection speak for another’s presence', async () => {
      const { doc, alex, blake } = await alexPresentForBlake();
      // Blake's connection sends a state for Alex's client id with a higher clock.
      const forged = encodeAwarenessUpdate([{ clientId: alex.doc.clientID, clock: 999, state: JSON.stringify({ user: { name: 'Not Alex' } }) }]);
      blake.provider.ws!.send(awarenessFrame(forged));
      const observer = bed.open(doc.id, bed.couple.counselor.cookie);
      await synced(observer);
      await until(() => observer.provider.awareness.getStates().has(alex.doc.clientID), 3000, 'observer sees presence');
      await new Promise((r) => setTimeout(r, 200));
      expect(observer.provider.awareness.getStates().get(alex.doc.clientID)?.user?.name).toBe('Alex');
    });
  });

  describe('bad frames', () => {
    it('a malformed frame closes only the sender’s connection; the document is intact', async () => {
      const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
      const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
      await synced(alex);
      alex.text.insert(0, 'kept safe');
      await stored(alex);
      const garbage = [Buffer.from([0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.from([0, 9, 1, 1]), Buffer.from([77]), Buffer.from([0, 2, 200])];
      for (const frame of garbage) {
        const outcome = await rawConnect(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie, (ws) => ws.send(frame));
        expect(outcome.closeCode).toBe(SyncCloseCode.malformed);
      }
      const text = await rawConnect(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie, (ws) => ws.send('hello'));
      expect(text.closeCode).toBe(SyncCloseCode.malformed);
      expect(alex.provider.wsconnected).toBe(true);
      alex.text.insert(alex.text.length, ', still editing');
      await stored(alex);
      const late = bed.open(doc.id, bed.couple.counselor.cookie);
      await synced(late);
      await until(() => late.text.toString() === 'kept safe, still editing', 3000, 'intact document');
    });

    it('an oversized frame closes only the sender’s connection', async () => {
      const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
      const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
      await synced(alex);
      alex.text.insert(0, 'small');
      const big = new Y.Doc();
      big.getText('t').insert(0, 'x'.repeat(100_000));
      const outcome = await rawConnect(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie, (ws) => ws.send(updateFrame(Y.encodeStateAsUpdate(big))));
      expect(outcome.closeCode).toBe(SyncCloseCode.tooLarge);
      await stored(alex);
      expect(alex.provider.wsconnected).toBe(true);
      const late = bed.open(doc.id, bed.couple.counselor.cookie);
      await synced(late);
      await until(() => late.text.toString() === 'small', 3000, 'intact document');
    });
  });

  it('refuses edits to an archived document on the next frame, while the connection stays open', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
    const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
    const blake = bed.open(doc.id, bed.couple.partnerB.cookie);
    await Promise.all([synced(alex), synced(blake)]);
    alex.text.insert(0, 'final text');
    await stored(alex);
    await until(() => blake.text.toString() === 'final text', 3000, 'first edit');
    expect((await bed.couple.counselor.patch(`/api/documents/${doc.id}`, { archived: true })).status).toBe(200);
    alex.text.insert(0, 'late edit ');
    // The receipt tells the truth: these edits were not saved.
    expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    await new Promise((r) => setTimeout(r, 200));
    expect(blake.text.toString()).toBe('final text');
    expect(await bed.rowsOf(doc.id)).toBe(1);
    expect(alex.provider.wsconnected).toBe(true);
  });

  it('unloads a document from memory once its last client has left', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    const before = bed.app.sync.server.stats().rooms;
    const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
    await synced(alex);
    alex.text.insert(0, 'bye');
    await stored(alex);
    expect(bed.app.sync.server.stats().rooms).toBe(before + 1);
    alex.destroy();
    await until(() => bed.app.sync.server.stats().rooms === before, 3000, 'unload');
  });
});
