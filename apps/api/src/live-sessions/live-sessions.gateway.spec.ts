import WebSocket from 'ws';
import { LiveError, LivePresenceMessage, ReceiptStatus } from '@kinship/domain/wire';
import { liveTestBed } from '../../test/support/live-test-bed';
import { act, liveClient } from '../../test/support/live-client';
import { createDocument } from '../../test/support/couple';
import { receipt, synced, until } from '../../test/support/sync-client';
import { HttpClient } from '../../test/support/http-client';

/** The live-session socket: who may connect, start, watch and join, and what each sees. */
describe('the live-session socket', () => {
  const bed = liveTestBed();

  it('refuses a socket without a live login session, or from another site', async () => {
    await expect(liveClient(bed.app.url, null)).rejects.toThrow(/log in/);
    await expect(liveClient(bed.app.url, 'kinship_session=forged')).rejects.toThrow(/log in/);
    const someone = new HttpClient(bed.app.url);
    await someone.register('Someone');
    await expect(liveClient(bed.app.url, someone.cookie, { origin: 'https://evil.example' })).rejects.toThrow(/cross-site/);
    const fine = await bed.connect(someone.cookie, { origin: bed.app.url });
    expect(fine.socket.connected).toBe(true);
  });

  it('the counselor starts a session: watchers see it at once, with its dialogue document, and the counselor has joined', async () => {
    const c = await bed.couple();
    const session = await c.start();
    expect(session).toMatchObject({ workspaceId: c.workspace.id, startedBy: c.ids.counselor, endedAt: null, participantIds: [c.ids.counselor], floor: null, pause: null });
    const dialogue = await c.partnerA.get<{ kind: string; title: string }>(`/api/documents/${session.dialogueDocumentId}`);
    expect(dialogue.status).toBe(200);
    expect(dialogue.body.kind).toBe('dialogue');
    expect(dialogue.body.title).toMatch(/^Session dialogue · \d{1,2} \w+ \d{4}$/);
    const again = await c.live.counselor.refused('session:start', { workspaceId: c.workspace.id });
    expect(again.rule).toBe('session-already-live');
  });

  it('one live session per workspace, even when two starts race', async () => {
    const c = await bed.couple();
    const second = await bed.connect(c.counselor.cookie);
    const results = await Promise.allSettled([
      act(c.live.counselor, 'session:start', { workspaceId: c.workspace.id }),
      act(second, 'session:start', { workspaceId: c.workspace.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as { liveError: LiveError }).liveError.rule).toBe('session-already-live');
    const [row] = await bed.app.dataSource.query('SELECT count(*)::int AS n FROM live_session WHERE workspace_id = $1 AND ended_at IS NULL', [c.workspace.id]);
    expect(row.n).toBe(1);
  });

  it('a partner joins with one click; ending the session tells everyone there is none', async () => {
    const c = await bed.couple();
    const session = await c.start();
    await act(c.live.partnerA, 'session:join', { sessionId: session.id });
    await c.live.partnerB.stateWhere(c.workspace.id, (s) => !!s?.participantIds.includes(c.ids.partnerA));
    await act(c.live.counselor, 'session:end', { sessionId: session.id });
    for (const client of Object.values(c.live)) await client.stateWhere(c.workspace.id, (s) => s === null);
    const refused = await c.live.partnerA.refused('session:join', { sessionId: session.id });
    expect(refused.rule).toBe('no-live-session');
    const [row] = await bed.app.dataSource.query('SELECT ended_at FROM live_session WHERE id = $1', [session.id]);
    expect(row.ended_at).not.toBeNull();
  });

  it('a /sync socket and a /live socket work side by side on the one port; other upgrade paths are closed', async () => {
    const c = await bed.couple();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    const alex = bed.open(doc.id, c.partnerA.cookie);
    const blake = bed.open(doc.id, c.partnerB.cookie);
    await Promise.all([synced(alex), synced(blake)]);
    await c.start();
    alex.text.insert(0, 'both sockets at once');
    await until(() => blake.text.toString() === 'both sockets at once', 3000, 'the edit relayed');
    expect(c.live.partnerA.socket.connected).toBe(true);
    // An upgrade nobody serves is still closed.
    const elsewhere = new WebSocket(`${bed.app.wsUrl}/elsewhere`, { headers: { cookie: c.partnerA.cookie! } });
    const ended = await new Promise<string>((resolve) => {
      elsewhere.on('open', () => resolve('open'));
      elsewhere.on('error', () => resolve('refused'));
    });
    expect(ended).toBe('refused');
  });

  it('presence lists every member: connected, where, and drops truthfully when a socket closes', async () => {
    const c = await bed.couple();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    await act(c.live.partnerA, 'presence:update', { workspaceId: c.workspace.id, documentId: doc.id, activity: 'active' });
    const seen = await c.live.counselor.next<LivePresenceMessage>('session:presence', (m) =>
      m.people.some((p) => p.accountId === c.ids.partnerA && p.documentId === doc.id && p.connected),
    );
    expect(seen.people.map((p) => p.accountId).sort()).toEqual([c.ids.counselor, c.ids.partnerA, c.ids.partnerB].sort());
    const from = c.live.counselor.received.length;
    c.live.partnerB.close();
    const after = await c.live.counselor.next<LivePresenceMessage>('session:presence', (m) => m.people.some((p) => p.accountId === c.ids.partnerB && !p.connected), 3000, from);
    expect(after.people.find((p) => p.accountId === c.ids.partnerA)?.connected).toBe(true);
    // A counselor's private note is never named in presence.
    const notes = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', 'Private');
    const from2 = c.live.partnerA.received.length;
    await act(c.live.counselor, 'presence:update', { workspaceId: c.workspace.id, documentId: notes.id, activity: 'active' });
    const hidden = await c.live.partnerA.next<LivePresenceMessage>('session:presence', () => true, 3000, from2);
    expect(hidden.people.find((p) => p.accountId === c.ids.counselor)?.documentId).toBeNull();
    expect(JSON.stringify(c.live.partnerA.raw)).not.toContain(notes.id);
  });

  it('a tab that leaves the workspace stops following it on the same socket: shown gone at once and told nothing more of it', async () => {
    const c = await bed.couple();
    await act(c.live.partnerB, 'presence:update', { workspaceId: c.workspace.id, documentId: null, activity: 'active' });
    await c.live.counselor.next<LivePresenceMessage>('session:presence', (m) => m.people.some((p) => p.accountId === c.ids.partnerB && p.connected));
    const from = c.live.counselor.received.length;
    await act(c.live.partnerB, 'session:unwatch', { workspaceId: c.workspace.id });
    await c.live.counselor.next<LivePresenceMessage>('session:presence', (m) => m.people.some((p) => p.accountId === c.ids.partnerB && !p.connected), 3000, from);
    expect(c.live.partnerB.socket.connected).toBe(true);
    const heard = c.live.partnerB.received.length;
    await act(c.live.counselor, 'session:start', { workspaceId: c.workspace.id });
    await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s);
    await new Promise((r) => setTimeout(r, 150));
    expect(c.live.partnerB.received.slice(heard).filter((r) => r.event.startsWith('session:'))).toEqual([]);
  });

  it('a logout closes that session\'s live sockets at once', async () => {
    const c = await bed.couple();
    const me = await c.partnerA.get<{ email: string }>('/api/me');
    const alex = new HttpClient(bed.app.url);
    await alex.post('/api/auth/login', { email: me.body.email, password: 'a long enough password' });
    const socket = await bed.connect(alex.cookie);
    const closed = new Promise<string>((resolve) => socket.socket.on('disconnect', (reason) => resolve(reason)));
    const started = Date.now();
    await alex.post('/api/auth/logout');
    expect(await closed).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(c.live.partnerA.socket.connected).toBe(true);
  });

  it('closes a live socket whose login session expired, within the sweep', async () => {
    const c = await bed.couple();
    const token = c.partnerB.cookie!.split('=')[1]!;
    const { hashSecretToken } = await import('../common/secret-token');
    const closed = new Promise<string>((resolve) => c.live.partnerB.socket.on('disconnect', (reason) => resolve(reason)));
    await bed.app.dataSource.query(`UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashSecretToken(token)]);
    expect(await closed).toBe('io server disconnect');
  });

  it('a change made by another process whose message never came is caught up within the sweep: watchers are told and the write gate holds', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    const alexOnDoc = bed.open(doc.id, c.partnerA.cookie);
    await synced(alexOnDoc);
    // What another API process would write, without telling this one.
    await bed.app.dataSource.query(
      `UPDATE live_session SET state = jsonb_set(state, '{lockedDocumentIds}', to_jsonb(ARRAY[$2::text])), version = nextval('live_session_version_seq') WHERE id = $1`,
      [session.id, doc.id],
    );
    const started = Date.now();
    await c.live.partnerA.stateWhere(c.workspace.id, (s) => !!s?.lockedDocumentIds.includes(doc.id), 4000);
    expect(Date.now() - started).toBeLessThan(3000);
    alexOnDoc.text.insert(0, 'after the lock elsewhere');
    expect(await receipt(alexOnDoc)).toBe(ReceiptStatus.refused);
  });
});
