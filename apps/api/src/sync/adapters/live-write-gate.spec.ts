import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { ReceiptStatus, SyncMessageType } from '@kinship/domain/wire';
import { LiveCouple, liveTestBed } from '../../../test/support/live-test-bed';
import { act } from '../../../test/support/live-client';
import { createDocument } from '../../../test/support/couple';
import { openRawSocket, OpenRawSocket, receipt, stored, synced, until } from '../../../test/support/sync-client';
import { updateFrame } from '../protocol';

/** The reasons the raw socket was told its edits were refused (`[2][0][reason]` frames). */
function denials(socket: OpenRawSocket): string[] {
  return socket.frames.flatMap((frame) => {
    const d = decoding.createDecoder(new Uint8Array(frame));
    if (decoding.readVarUint(d) !== SyncMessageType.auth || decoding.readVarUint(d) !== 0) return [];
    return [decoding.readVarString(d)];
  });
}

/** An update a hostile client makes up: new text from a client id the document has never seen. */
function sneakyUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Moderation takes effect in the sync server's write gate, on every update frame of connections
 * already open: a refused edit is neither applied, relayed nor stored; presence keeps flowing.
 */
describe('the write gate decides with the live session', () => {
  const bed = liveTestBed();
  /** What the stock clients were told when refused (y-websocket warns with the server's reason). */
  const warnings: string[] = [];
  beforeAll(() => jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' '))));
  afterAll(() => jest.restoreAllMocks());

  async function rowsOf(documentId: string): Promise<number> {
    await bed.app.sync.store.drain();
    const [row] = await bed.app.dataSource.query('SELECT count(*)::int AS n FROM document_update WHERE document_id = $1', [documentId]);
    return row.n;
  }

  /** A counselor's and a partner's stock clients on the document, and a raw socket of the other partner. */
  async function clientsOn(c: LiveCouple, documentId: string) {
    const counselor = bed.open(documentId, c.counselor.cookie);
    const alex = bed.open(documentId, c.partnerA.cookie);
    await Promise.all([synced(counselor), synced(alex)]);
    const blake = await openRawSocket(bed.app.wsUrl, documentId, c.partnerB.cookie);
    return { counselor, alex, blake };
  }

  /** Sends a hostile edit over the raw socket and checks it reached nobody and nothing; returns the reason given. */
  async function refusedEverywhere(blake: OpenRawSocket, documentId: string, watchers: { text: Y.Text }[], reason: string): Promise<void> {
    const rowsBefore = await rowsOf(documentId);
    blake.ws.send(updateFrame(sneakyUpdate('SNEAKY')));
    await until(() => denials(blake).includes(reason), 2000, `a denial saying "${reason}"`);
    await new Promise((r) => setTimeout(r, 150));
    for (const w of watchers) expect(w.text.toString()).not.toContain('SNEAKY');
    expect(await rowsOf(documentId)).toBe(rowsBefore);
    const stored = await bed.app.dataSource.query(
      `SELECT 1 FROM document_update WHERE document_id = $1 AND position('SNEAKY' in encode(data, 'escape')) > 0`,
      [documentId],
    );
    expect(stored).toHaveLength(0);
  }

  it('a locked document: a partner\'s edit reaches neither the others nor the database, awareness keeps flowing; after unlock a partner edit does', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    const { counselor, alex, blake } = await clientsOn(c, doc.id);
    await act(c.live.counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: true });

    await refusedEverywhere(blake, doc.id, [counselor, alex], 'Your counselor is keeping this document still for now');
    // The honest stock client is refused the same way, and its save receipt says so.
    alex.text.insert(0, 'alex while locked');
    expect(await receipt(alex)).toBe(ReceiptStatus.refused);
    await new Promise((r) => setTimeout(r, 100));
    expect(counselor.text.toString()).toBe('');
    expect(await rowsOf(doc.id)).toBe(0);

    // Presence still flows while read-only.
    alex.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    await until(() => [...counselor.provider.awareness.getStates().values()].some((s) => (s as { cursor?: { anchor: number } }).cursor?.anchor === 3), 2000, 'the caret seen');

    // The counselor moderates: a lock does not hold them.
    counselor.text.insert(0, 'counselor writes');
    await stored(counselor);
    await until(() => alex.text.toString().includes('counselor writes'), 2000, 'the counselor\'s edit relayed');

    await act(c.live.counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: false });
    const blakeAfter = bed.open(doc.id, c.partnerB.cookie);
    await synced(blakeAfter);
    blakeAfter.text.insert(0, 'blake after unlock ');
    await stored(blakeAfter);
    await until(() => counselor.text.toString().startsWith('blake after unlock'), 2000, 'the partner\'s edit relayed');
    expect(await rowsOf(doc.id)).toBe(2);
    blake.ws.close();
  });

  it('paused: every document is read-only for partners (not for the counselor); resuming lets them write again', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'agreement');
    const { counselor, alex, blake } = await clientsOn(c, doc.id);
    await act(c.live.counselor, 'session:pause', { sessionId: session.id, paused: true });
    await refusedEverywhere(blake, doc.id, [counselor, alex], 'Paused by your counselor');
    counselor.text.insert(0, 'still writing');
    await stored(counselor);
    await act(c.live.counselor, 'session:pause', { sessionId: session.id, paused: false });
    alex.text.insert(alex.text.length, ' and alex too');
    await stored(alex);
    await until(() => counselor.text.toString() === 'still writing and alex too', 2000, 'the edit relayed');
    blake.ws.close();
  });

  it('a granted time-out pauses the same way; the partner who did not ask is told it is the counselor’s pause', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    const { counselor, alex, blake } = await clientsOn(c, doc.id);
    await act(c.live.partnerA, 'time-out:request', { sessionId: session.id });
    const state = await c.live.counselor.stateWhere(c.workspace.id, (s) => !!s?.timeOuts.length);
    await act(c.live.counselor, 'time-out:grant', { sessionId: session.id, requestId: state!.timeOuts[0]!.id });
    // Alex asked; Blake is never shown that anyone did (the README's promise): the counselor's pause.
    await refusedEverywhere(blake, doc.id, [counselor, alex], 'Paused by your counselor');
    expect(denials(blake).some((d) => d.includes('time-out'))).toBe(false);
    blake.ws.close();
  });

  it('the dialogue: only the speaker writes while they hold the floor; other documents stay open', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const dialogue = session.dialogueDocumentId;
    const { counselor, alex, blake } = await clientsOn(c, dialogue);
    const notes = await createDocument(c.partnerB, c.workspace.id, 'notes');
    const blakeOnNotes = bed.open(notes.id, c.partnerB.cookie);
    await synced(blakeOnNotes);

    await act(c.live.counselor, 'floor:give', { sessionId: session.id, speakerId: c.ids.partnerA });
    // Blake (listener) and the counselor are both held on the dialogue, with the speaker's name.
    await refusedEverywhere(blake, dialogue, [counselor, alex], 'Alex has the floor');
    counselor.text.insert(0, 'counselor interrupts');
    expect(await receipt(counselor)).toBe(ReceiptStatus.refused);
    expect(warnings.some((w) => w.includes(dialogue) && w.includes('Alex has the floor'))).toBe(true);
    alex.text.insert(0, 'What I need is ');
    await stored(alex);
    expect(await rowsOf(dialogue)).toBe(1);
    // Another document is not the floor's.
    blakeOnNotes.text.insert(0, 'a note meanwhile');
    await stored(blakeOnNotes);

    // Once the floor is released, the listener may write the dialogue.
    await act(c.live.counselor, 'floor:release', { sessionId: session.id });
    const blakeAfter = bed.open(dialogue, c.partnerB.cookie);
    await synced(blakeAfter);
    blakeAfter.text.insert(blakeAfter.text.length, ' — and Blake adds');
    await stored(blakeAfter);
    await until(() => alex.text.toString().endsWith(' — and Blake adds'), 2000, 'the edit relayed');
    blake.ws.close();

    // The record keeps which documents changed during the session, and by whom.
    const record = await c.counselor.get<{ documentsChanged: { documentId: string; editorIds: string[] }[] }>(`/api/live-sessions/${session.id}`);
    const changed = Object.fromEntries(record.body.documentsChanged.map((d) => [d.documentId, d.editorIds.sort()]));
    expect(changed).toEqual({ [dialogue]: [c.ids.partnerA, c.ids.partnerB].sort(), [notes.id]: [c.ids.partnerB] });
  });

  it('a lock made while a connection is open holds from its next frame, and an ended session holds nothing', async () => {
    const c = await bed.couple();
    const session = await c.start();
    const doc = await createDocument(c.partnerA, c.workspace.id, 'notes');
    const { counselor, alex, blake } = await clientsOn(c, doc.id);
    blake.ws.send(updateFrame(sneakyUpdate('BEFORE')));
    await until(() => alex.text.toString().includes('BEFORE'), 2000, 'the edit before the lock');
    await act(c.live.counselor, 'document:lock', { sessionId: session.id, documentId: doc.id, locked: true });
    await refusedEverywhere(blake, doc.id, [counselor, alex], 'Your counselor is keeping this document still for now');
    await act(c.live.counselor, 'session:end', { sessionId: session.id });
    const fresh = bed.open(doc.id, c.partnerB.cookie);
    await synced(fresh);
    fresh.text.insert(0, 'after the session ');
    await stored(fresh);
    blake.ws.close();
  });
});
