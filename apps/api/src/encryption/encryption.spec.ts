import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import * as Y from 'yjs';
import type { AccountView, AuthorshipView, HistoryPage, SecondFactorNeeded, TotpEnrollmentView } from '@kinship/domain/wire';
import type { AgreementView, ProposalView } from '@kinship/domain/agreements';
import { ApiProcess } from '../../test/support/api-process';
import { createDocument, setUpCouple } from '../../test/support/couple';
import { item, writeItems } from '../../test/support/agreement-client';
import { stockClient, stored, synced, until } from '../../test/support/sync-client';
import { startTestApp, TEST_DATABASE_URL, TestApp } from '../../test/support/test-app';
import { HttpClient } from '../../test/support/http-client';
import { liveTestBed } from '../../test/support/live-test-bed';
import { act } from '../../test/support/live-client';
import { totp } from '../../test/support/totp';
import { open, seal } from './envelope';

/** A word nobody else writes, to look for in a dump. */
const word = (label: string) => `${label}${randomBytes(6).toString('hex')}`;

/** The whole database as `pg_dump` writes it (bytea as hex). */
/** What a pg_dump of the database showed of the words it was searched for. */
interface Dump {
  shows(word: string): boolean;
}

/**
 * Runs pg_dump and searches its output, as it streams, for each word as text or inside a bytea
 * column's hex. Streamed, never held whole: the shared test database grows past what a buffer
 * holds; and beside the event loop, so the API under test in this process keeps answering.
 */
async function dump(url: string, words: string[]): Promise<Dump> {
  const { hostname: host, port, pathname, username } = new URL(url);
  const child = spawn('pg_dump', ['-h', host, '-p', port || '5432', '-U', username || 'postgres', pathname.slice(1)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const needles = words.flatMap((word) => [
    { word, needle: word },
    { word, needle: Buffer.from(word, 'utf8').toString('hex') },
  ]);
  const overlap = Math.max(0, ...needles.map((n) => n.needle.length));
  const found = new Set<string>();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let tail = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    const text = tail + chunk;
    for (const { word, needle } of needles) if (!found.has(word) && text.includes(needle)) found.add(word);
    tail = text.slice(-overlap);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`pg_dump exited with ${code}`);
  return {
    shows: (word) => {
      if (!words.includes(word)) throw new Error(`the dump was not searched for ${word}`);
      return found.has(word);
    },
  };
}

/** A document as a newcomer's stock client receives it. */
async function readText(wsUrl: string, documentId: string, cookie: string | null): Promise<string> {
  const client = stockClient(wsUrl, documentId, cookie);
  try {
    await synced(client);
    return client.text.toString();
  } finally {
    client.destroy();
  }
}

async function type(wsUrl: string, documentId: string, cookie: string | null, text: string): Promise<void> {
  const client = stockClient(wsUrl, documentId, cookie);
  try {
    await synced(client);
    for (const part of text.split(' ')) client.text.insert(client.text.length, `${part} `);
    await stored(client);
  } finally {
    client.destroy();
  }
}

describe('encryption at rest', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('postgres');
  });
  afterAll(() => app.close());

  it('a pg_dump of the database holds none of the document text, agreement items or counselor-note titles', async () => {
    const c = await setUpCouple(app.url);
    const notes = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Shared notes');
    const typed = [word('evenings'), word('phones'), word('trust')];
    await type(app.wsUrl, notes.id, c.partnerA.cookie, typed.join(' '));
    // The room unloads at once (SYNC_UNLOAD_DELAY_MS 0) and its log is compacted into a snapshot.
    await until(() => app.sync.server.stats().rooms === 0, 5000, 'unload');
    await app.sync.store.settle();
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM document_snapshot WHERE document_id = $1`, [notes.id]);
    expect(n).toBe(1);

    const privateTitle = word('private');
    const renamed = word('renamed');
    const counselorNotes = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', privateTitle);
    expect((await c.counselor.request('PATCH', `/api/documents/${counselorNotes.id}`, { title: renamed })).status).toBe(200);
    const noteText = word('observed');
    await type(app.wsUrl, counselorNotes.id, c.counselor.cookie, noteText);

    const itemTitle = word('curfew');
    const itemText = word('home');
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Evenings');
    await writeItems(app.wsUrl, agreement.id, c.partnerA, [item(itemTitle, itemText)]);
    const proposal = (await c.partnerA.post<ProposalView>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    await c.partnerA.post(`/api/agreements/${agreement.id}/proposals/${proposal.id}/accept`, {});
    await c.partnerB.post(`/api/agreements/${agreement.id}/proposals/${proposal.id}/accept`, {});
    const inForce = (await c.partnerB.get<AgreementView>(`/api/agreements/${agreement.id}`)).body.inForce!;
    expect(inForce.items.map((i) => [i.title, i.text])).toEqual([[itemTitle, itemText]]);
    await until(() => app.sync.server.stats().rooms === 0, 5000, 'unload');
    await app.sync.store.settle();

    const secrets = [...typed, privateTitle, renamed, noteText, itemTitle, itemText];
    const dumped = await dump(TEST_DATABASE_URL, ['Alex & Blake', 'Shared notes', ...secrets]);
    // The search works: what is kept in the clear (the workspace's name, a shared document's title) is found.
    expect(dumped.shows('Alex & Blake')).toBe(true);
    expect(dumped.shows('Shared notes')).toBe(true);
    for (const secret of secrets) {
      expect({ secret, shown: dumped.shows(secret) }).toEqual({ secret, shown: false });
    }
    // And everything reads back for the people who may read it.
    expect(await readText(app.wsUrl, notes.id, c.partnerB.cookie)).toBe(`${typed.join(' ')} `);
    expect((await c.counselor.get<{ title: string }>(`/api/documents/${counselorNotes.id}`)).body.title).toBe(renamed);
    const activity = (await c.counselor.get<{ oldTitle: string | null; newTitle: string | null }[]>(`/api/documents/${counselorNotes.id}/activity`)).body;
    expect(activity[0]).toMatchObject({ oldTitle: privateTitle, newTitle: renamed });
  });

  it('a value moved to another document’s row does not decrypt there: that piece is set aside, the document opens without it', async () => {
    const c = await setUpCouple(app.url);
    const [one, two] = [await createDocument(c.partnerA, c.workspace.id, 'notes', 'One'), await createDocument(c.partnerA, c.workspace.id, 'notes', 'Two')];
    await type(app.wsUrl, one.id, c.partnerA.cookie, 'mine');
    await type(app.wsUrl, two.id, c.partnerA.cookie, 'kept');
    await until(() => app.sync.server.stats().rooms === 0, 5000, 'unload');
    await app.sync.store.settle();
    await app.dataSource.query(
      `INSERT INTO document_update (document_id, data) SELECT $2, data FROM document_update WHERE document_id = $1 ORDER BY id LIMIT 1`,
      [one.id, two.id],
    );
    expect((await app.dataSource.query(`SELECT 1 FROM document_update WHERE document_id = $1`, [two.id])).length).toBeGreaterThan(1);
    expect(await readText(app.wsUrl, two.id, c.partnerA.cookie)).toBe('kept ');
    const quarantined = await app.dataSource.query(`SELECT source, reason FROM document_quarantine WHERE document_id = $1`, [two.id]);
    expect(quarantined).toEqual([{ source: 'update', reason: expect.stringMatching(/does not decrypt/) }]);
  });

  it('refuses to start with a wrong key, saying so, and without DATABASE_URL’s key at all', async () => {
    const wrong = new ApiProcess({ PORT: '0', WEB_DIST: '/nonexistent', DATABASE_URL: TEST_DATABASE_URL, ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    await expect(wrong.start()).rejects.toThrow(/ENCRYPTION_KEY is not the key this database is encrypted with/);
    const none = new ApiProcess({ PORT: '0', WEB_DIST: '/nonexistent', DATABASE_URL: TEST_DATABASE_URL, ENCRYPTION_KEY: '' });
    await expect(none.start()).rejects.toThrow(/ENCRYPTION_KEY: is required when DATABASE_URL is set/);
    // Neither left a trace: the database still knows only its own key.
    const checks = await app.dataSource.query(`SELECT kek_id FROM encryption_check`);
    expect(checks).toHaveLength(1);
  }, 60_000);
});

describe('encryption at rest: what people say in sessions and about proposals', () => {
  const bed = liveTestBed();

  it('a pg_dump holds none of a mirror, a clarification, the counselor’s observations, a summary or a comment; each reads back', async () => {
    const c = await bed.couple();
    const { counselor, partnerA: alex, partnerB: blake } = c.live;
    const session = await c.start();
    await act(alex, 'session:join', { sessionId: session.id });
    await act(blake, 'session:join', { sessionId: session.id });
    await act(counselor, 'floor:give', { sessionId: session.id, speakerId: c.ids.partnerB });
    await act(blake, 'floor:done-speaking', { sessionId: session.id });
    const [mirror, clarification, observation, comment, summary] = [word('heard'), word('meant'), word('minimises'), word('asklater'), word('practised')];
    const [answer, declined] = [word('breathe'), word('notyet')];
    await act(alex, 'mirror:submit', { sessionId: session.id, text: `You said ${mirror}` });
    await act(blake, 'mirror:clarify', { sessionId: session.id, text: `I meant ${clarification}` });
    expect((await c.counselor.request('PUT', `/api/live-sessions/${session.id}/observations`, { text: observation })).status).toBe(200);
    await act(alex, 'time-out:request', { sessionId: session.id });
    const asked = await counselor.stateWhere(c.workspace.id, (s) => s?.timeOuts.length === 1);
    await act(counselor, 'time-out:answer', { sessionId: session.id, requestId: asked!.timeOuts[0]!.id, message: answer });
    expect((await c.counselor.request('PUT', `/api/live-sessions/${session.id}/summary`, { summary })).status).toBe(200);
    const agreement = await createDocument(c.partnerA, c.workspace.id, 'agreement', 'Mornings');
    const first = item('Coffee', 'Whoever is up first makes it.');
    await writeItems(bed.app.wsUrl, agreement.id, c.partnerA, [first]);
    const proposal = (await c.partnerA.post<ProposalView>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    expect((await c.counselor.post(`/api/agreements/${agreement.id}/proposals/${proposal.id}/comments`, { itemId: first.id, text: comment })).status).toBe(201);
    expect((await c.partnerB.post(`/api/agreements/${agreement.id}/proposals/${proposal.id}/decline`, { reason: declined })).status).toBe(200);

    const secrets = [mirror, clarification, observation, comment, summary, answer, declined];
    const dumped = await dump(TEST_DATABASE_URL, secrets);
    for (const secret of secrets) {
      expect({ secret, shown: dumped.shows(secret) }).toEqual({ secret, shown: false });
    }
    const record = (await c.counselor.get<{ turns: { mirrors: { text: string; clarification: string | null }[] }[] }>(`/api/live-sessions/${session.id}`)).body;
    expect(record.turns[0]!.mirrors[0]).toMatchObject({ text: `You said ${mirror}`, clarification: `I meant ${clarification}` });
    expect((await c.counselor.get<{ text: string }>(`/api/live-sessions/${session.id}/observations`)).body.text).toBe(observation);
    expect((await c.partnerA.get<{ summary: string | null }>(`/api/live-sessions/${session.id}`)).body.summary).toBe(summary);
    // The live state still carries the clarification to the listener, decrypted.
    const live = await c.live.partnerA.stateWhere(c.workspace.id, (s) => s?.floor?.clarification === `I meant ${clarification}`);
    expect(live?.floor?.phase).toBe('mirroring');
    const read = (await c.partnerB.get<ProposalView>(`/api/agreements/${agreement.id}/proposals/${proposal.id}`)).body;
    expect(JSON.stringify(read.comments)).toContain(comment);
    expect(JSON.stringify(read)).toContain(declined);
    expect(JSON.stringify((await c.partnerA.get(`/api/live-sessions/${session.id}`)).body)).toContain(answer);
    expect((await counselor.stateWhere(c.workspace.id, (s) => s?.timeOuts[0]?.answer === answer))?.timeOuts[0]?.status).toBe('answered');
  });
});

describe('keys over a database’s life', () => {
  const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, (name) => `${name}_rotation`);
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  const [first, second] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
  const start = (key: string) => startTestApp('postgres', { DATABASE_URL: url, ENCRYPTION_KEY: key });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)}`);
    await admin.query(`CREATE DATABASE ${new URL(url).pathname.slice(1)}`);
  });
  afterAll(() => admin.end());

  it('seals rows kept before encryption once at boot; after a rotation every document reads, with its history, under the new key only', async () => {
    let app = await start(first);
    const c = await setUpCouple(app.url);
    const old = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Old');
    // Partner A turns two-step sign-in on: its secret is kept wrapped under the key, never as it is.
    const { email } = (await c.partnerA.get<AccountView>('/api/me')).body;
    const { secret } = (await c.partnerA.post<TotpEnrollmentView>('/api/me/totp/enroll')).body;
    expect((await c.partnerA.post('/api/me/totp/confirm', { code: totp(secret) })).status).toBe(200);
    expect((await dump(url, [secret])).shows(secret)).toBe(false);
    await app.close();

    // A row as it was kept before encryption: plain Yjs bytes, its kind not yet sealed.
    const before = word('before');
    const plain = new Y.Doc();
    plain.getText('t').insert(0, before);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      await db.query(`INSERT INTO document_update (document_id, data) VALUES ($1, $2)`, [old.id, Buffer.from(Y.encodeStateAsUpdate(plain))]);
      await db.query(`DELETE FROM content_sealing WHERE name = 'document_update.data'`);
      // And a TOTP secret as it was kept before secrets were wrapped.
      const { rows: accounts } = await db.query(`SELECT id FROM account WHERE email = $1`, [email]);
      await db.query(`UPDATE account_totp SET secret = $2 WHERE account_id = $1`, [accounts[0].id, secret]);
      await db.query(`DELETE FROM content_sealing WHERE name = 'account_totp.secret'`);
      const plainDump = await dump(url, [before, secret]);
      expect(plainDump.shows(before)).toBe(true);
      expect(plainDump.shows(secret)).toBe(true);

      app = await start(first);
      const sealedDump = await dump(url, [before, secret]);
      expect(sealedDump.shows(before)).toBe(false);
      expect(sealedDump.shows(secret)).toBe(false);
      const reconnect = (who: HttpClient) => Object.assign(new HttpClient(app.url), { cookie: who.cookie });
      expect(await readText(app.wsUrl, old.id, c.partnerA.cookie)).toBe(before);
      const later = word('later');
      await type(app.wsUrl, old.id, reconnect(c.partnerB).cookie, later);
      await until(() => app.sync.server.stats().rooms === 0, 5000, 'unload');
      await app.close();

      const main = resolve(__dirname, '../../dist/encryption/rotate-keys.js');
      const rotation = spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, ENCRYPTION_KEY: `${second},${first}` }, encoding: 'utf8' });
      expect(rotation.stderr).toBe('');
      expect(rotation.stdout).toMatch(/Re-wrapped 1 data keys and 1 two-step sign-in secrets/);
      expect(rotation.status).toBe(0);

      await expect(start(first)).rejects.toThrow(/is not the key this database is encrypted with/);
      app = await start(second);
      expect(await readText(app.wsUrl, old.id, c.partnerA.cookie)).toBe(`${before}${later} `);
      const history = (await reconnect(c.partnerA).get<HistoryPage>(`/api/documents/${old.id}/history`)).body;
      expect(history.edits.length).toBeGreaterThanOrEqual(1);
      const authorship = (await reconnect(c.partnerA).get<AuthorshipView>(`/api/documents/${old.id}/authorship`));
      expect(authorship.status).toBe(200);
      // Two-step sign-in still works under the new key: the secret was re-wrapped, not lost.
      const signIn = new HttpClient(app.url);
      const pending = await signIn.post<SecondFactorNeeded>('/api/auth/login', { email, password: 'a long enough password' });
      expect(pending.body.secondFactor).toBe('totp');
      const secondStep = await signIn.post('/api/auth/login/second-factor', { pendingLogin: pending.body.pendingLogin, code: totp(secret, Date.now() + 30_000) });
      expect(secondStep.status).toBe(200);
      await app.close();
    } finally {
      await db.end();
    }
  }, 120_000);

  it('the embedded default generates its key in its data folder (readable by its user only) and uses it on the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kinship-pglite-'));
    let app = await startTestApp('pglite', { PGLITE_DATA_DIR: dataDir });
    const c = await setUpCouple(app.url);
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Ours');
    await type(app.wsUrl, doc.id, c.partnerA.cookie, 'kept');
    await app.close();
    expect(statSync(join(dataDir, 'kinship-encryption.key')).mode & 0o777).toBe(0o600);
    app = await startTestApp('pglite', { PGLITE_DATA_DIR: dataDir });
    try {
      expect(await readText(app.wsUrl, doc.id, c.partnerA.cookie)).toBe('kept ');
    } finally {
      await app.close();
    }
  }, 120_000);
});


describe('the envelope', () => {
  it('never repeats a nonce: values sealed past many refills of the nonce pool each carry their own, and each opens', () => {
    const key = randomBytes(32);
    const plaintext = Buffer.from('the same words, sealed again and again');
    const nonces = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const sealed = seal(key, 7, plaintext, `document_update:${i}`);
      nonces.add(sealed.subarray(5, 17).toString('hex'));
      expect(open(key, sealed, `document_update:${i}`)).toEqual(plaintext);
    }
    expect(nonces.size).toBe(2000);
  });
});
