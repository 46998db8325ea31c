import * as Y from 'yjs';
import { DataSource } from 'typeorm';
import { ReceiptStatus, SyncCloseCode } from '@kinship/domain/wire';
import { createDocument, setUpCouple } from '../../test/support/couple';
import { openRawSocket, receipt, stockClient, synced, until } from '../../test/support/sync-client';
import { startTestApp, TEST_DATABASE_URL } from '../../test/support/test-app';
import { Client } from 'pg';
import { syncTestBed } from '../../test/support/sync-test-bed';
import { ContentCipher } from '../encryption/content-cipher';
import { PostgresDocStore } from './adapters/postgres-doc-store';
import { HttpClient } from '../../test/support/http-client';
import { hashSecretToken } from '../common/secret-token';
import { DocumentsService } from '../documents/documents.service';

/** Sockets answer to their session, and rooms and the store hold up when things happen at once. */
describe('sockets that answer to their session (6)', () => {
  const bed = syncTestBed();

  /** A partner with a fresh session of their own (logging it out leaves the couple's sessions alone). */
  async function freshSessionOf(partner: 'partnerA' | 'partnerB') {
    const me = await bed.couple[partner].get<{ email: string }>('/api/me');
    const client = new HttpClient(bed.app.url);
    const login = await client.post('/api/auth/login', { email: me.body.email, password: 'a long enough password' });
    expect(login.status).toBe(200);
    return client;
  }

  async function connectedSocket(cookie: string | null) {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    const socket = await openRawSocket(bed.app.wsUrl, doc.id, cookie);
    return { doc, socket };
  }

  it('closes every socket of a session within a second of logout, and takes nothing after it', async () => {
    const alex = await freshSessionOf('partnerA');
    const { doc, socket } = await connectedSocket(alex.cookie);
    const client = bed.open(doc.id, alex.cookie);
    await synced(client);
    const started = Date.now();
    expect((await alex.post('/api/auth/logout')).status).toBe(204);
    const closed = await socket.closed;
    expect(closed.code).toBe(SyncCloseCode.unauthenticated);
    await until(() => !client.provider.wsconnected, 2000, 'the stock client closed too');
    expect(Date.now() - started).toBeLessThan(1000);
    client.text.insert(0, 'after logout');
    await new Promise((r) => setTimeout(r, 300));
    expect(await bed.app.dataSource.query('SELECT 1 FROM document_update WHERE document_id = $1', [doc.id])).toHaveLength(0);
  });

  it('closes the sockets of a session that expired or went idle', async () => {
    const alex = await freshSessionOf('partnerA');
    const blake = await freshSessionOf('partnerB');
    const expired = await connectedSocket(alex.cookie);
    const idle = await connectedSocket(blake.cookie);
    const token = (cookie: string | null) => cookie!.split('=')[1]!;
    await bed.app.dataSource.query(`UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashSecretToken(token(alex.cookie))]);
    await bed.app.dataSource.query(`UPDATE auth_session SET last_seen_at = now() - interval '30 days' WHERE token_hash = $1`, [hashSecretToken(token(blake.cookie))]);
    const started = Date.now();
    expect((await expired.socket.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect((await idle.socket.closed).code).toBe(SyncCloseCode.unauthenticated);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('closes a socket when its account leaves the workspace', async () => {
    const extra = await setUpCouple(bed.app.url);
    const doc = await createDocument(extra.partnerA, extra.workspace.id, 'notes');
    const socket = await openRawSocket(bed.app.wsUrl, doc.id, extra.partnerB.cookie);
    const blake = (await extra.partnerB.get<{ id: string }>('/api/me')).body.id;
    await bed.app.dataSource.query('DELETE FROM membership WHERE workspace_id = $1 AND account_id = $2', [extra.workspace.id, blake]);
    const closed = await socket.closed;
    expect(closed.code).toBe(SyncCloseCode.forbidden);
  });

  it('leaves the sockets of other sessions open', async () => {
    const alex = await freshSessionOf('partnerA');
    const { socket } = await connectedSocket(bed.couple.partnerA.cookie);
    await alex.post('/api/auth/logout');
    await new Promise((r) => setTimeout(r, 1200));
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.ws.close();
  });
});

describe('rooms and the store when things happen at once', () => {
  const bed = syncTestBed();

  it('loads a document in one consistent read, even when a compaction commits in the middle (9)', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    const writer = new PostgresDocStore(bed.app.dataSource, 1000, bed.app.app.get(ContentCipher));
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 10; i++) source.getText('t').insert(source.getText('t').length, `${i};`);
    await Promise.all(updates.map((u) => writer.append(doc.id, u, null)));
    // A data source that lets a compaction commit right after the loader's first statement.
    let compacted = false;
    const racing = Object.create(bed.app.dataSource) as DataSource;
    racing.query = async (...args: Parameters<DataSource['query']>) => {
      const result = await bed.app.dataSource.query(...args);
      if (!compacted && /document_snapshot/.test(String(args[0]))) {
        compacted = true;
        await writer.compact(doc.id);
      }
      return result;
    };
    const loader = new PostgresDocStore(racing, 1000, bed.app.app.get(ContentCipher));
    const check = new Y.Doc();
    for (const piece of await loader.load(doc.id)) Y.applyUpdate(check, piece.data);
    expect(compacted).toBe(true);
    expect(check.getText('t').toString()).toBe(source.getText('t').toString());
  });

  it('an admission that read the document before an archive committed cannot reopen it for writes (10)', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'agreement');
    const alex = bed.open(doc.id, bed.couple.partnerA.cookie);
    await synced(alex);
    // Blake's admission reads the record, then waits while the counselor archives the document.
    const documents = bed.app.app.get(DocumentsService);
    const realOpen = documents.open.bind(documents);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let readBeforeArchive = false;
    const spy = jest.spyOn(documents, 'open').mockImplementation(async (...args) => {
      const result = await realOpen(...args);
      if (!readBeforeArchive) {
        readBeforeArchive = true;
        await held;
      }
      return result;
    });
    try {
      const blake = bed.open(doc.id, bed.couple.partnerB.cookie);
      await until(() => readBeforeArchive, 3000, 'the stale read');
      expect((await bed.couple.counselor.patch(`/api/documents/${doc.id}`, { archived: true })).status).toBe(200);
      release();
      await synced(blake);
    } finally {
      spy.mockRestore();
    }
    alex.text.insert(0, 'after the archive');
    expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    expect(await bed.app.dataSource.query('SELECT 1 FROM document_update WHERE document_id = $1', [doc.id])).toHaveLength(0);
  });

  it('one document that cannot be stored fails only its own appends, not the rest of the batch (11)', async () => {
    const [kept, gone] = [
      await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes'),
      await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes'),
    ];
    await bed.app.dataSource.query('DELETE FROM document WHERE id = $1', [gone.id]);
    const store = new PostgresDocStore(bed.app.dataSource, 1000, bed.app.app.get(ContentCipher));
    const update = (text: string) => {
      const d = new Y.Doc();
      d.getText('t').insert(0, text);
      return Y.encodeStateAsUpdate(d);
    };
    // Appends made in one tick go into one INSERT.
    const results = await Promise.allSettled([store.append(kept.id, update('a'), null), store.append(gone.id, update('b'), null), store.append(kept.id, update('c'), null)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await bed.app.dataSource.query('SELECT 1 FROM document_update WHERE document_id = $1', [kept.id])).toHaveLength(2);
  });
});

describe('unloading after a room was dropped (11)', () => {
  it('a late close from a dropped room does not keep the new room in memory forever', async () => {
    // A private database: the test breaks the update table on purpose.
    const app = await startTestApp('pglite', { SYNC_UNLOAD_DELAY_MS: '1500' });
    try {
      const couple = await setUpCouple(app.url);
      const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
      const alex = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
      await synced(alex);
      // Blake's socket stops reading, so its close handshake lingers after the room is dropped.
      const blake = await openRawSocket(app.wsUrl, doc.id, couple.partnerB.cookie);
      (blake.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      await app.dataSource.query('ALTER TABLE document_update RENAME TO document_update_away');
      alex.text.insert(0, 'lost in the outage');
      await until(() => !alex.provider.wsconnected, 5000, 'the room dropped');
      alex.destroy();
      await app.dataSource.query('ALTER TABLE document_update_away RENAME TO document_update');
      // A new room for the same document opens, and empties.
      const counselor = stockClient(app.wsUrl, doc.id, couple.counselor.cookie);
      await synced(counselor);
      counselor.destroy();
      await new Promise((r) => setTimeout(r, 200));
      // Now the old room's last connection finally closes.
      (blake.ws as unknown as { _socket: { destroy(): void } })._socket.destroy();
      await until(() => app.sync.server.stats().rooms === 0, 5000, 'the new room unloaded');
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('a restart while a first keystroke waits for its client id to be claimed', () => {
  it('stores the keystroke before the process lets go of the database', async () => {
    const app = await startTestApp('postgres');
    const blocker = new Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    let closed = false;
    try {
      const couple = await setUpCouple(app.url);
      const doc = await createDocument(couple.partnerA, couple.workspace.id, 'notes');
      const alex = stockClient(app.wsUrl, doc.id, couple.partnerA.cookie);
      await synced(alex);
      // The claim of Alex's client id waits on this lock, so the frame is held when the restart begins.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE document_client IN EXCLUSIVE MODE');
      alex.text.insert(0, 'typed just before a restart');
      await new Promise((r) => setTimeout(r, 150));
      const closing = app.close().then(() => (closed = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(closed).toBe(false);
      await blocker.query('COMMIT');
      await closing;
      alex.destroy();
      const rows = await blocker.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [doc.id]);
      expect(rows.rows[0].n).toBe(1);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      if (!closed) await app.close().catch(() => undefined);
    }
  }, 60_000);
});
