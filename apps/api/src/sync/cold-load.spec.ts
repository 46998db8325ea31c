import * as Y from 'yjs';
import { SyncMessageType, SyncStep } from '@kinship/domain/wire';
import * as decoding from 'lib0/decoding';
import { createDocument } from '../../test/support/couple';
import { openRawSocket, stored, synced, until } from '../../test/support/sync-client';
import { syncTestBed } from '../../test/support/sync-test-bed';
import { syncStep1Frame } from './protocol';
import { ContentCipher } from '../encryption/content-cipher';

/** The payload of the first sync message of this step a raw socket received, if any. */
function syncIn(frames: Buffer[], step: number): Uint8Array | null {
  for (const frame of frames) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== SyncMessageType.sync) continue;
    if (decoding.readVarUint(d) !== step) continue;
    return decoding.readVarUint8Array(d);
  }
  return null;
}
const step2In = (frames: Buffer[]) => syncIn(frames, SyncStep.step2);

/**
 * A cold load of a compacted document serves the stored merged state as it is, without building
 * a document to encode it; the room builds one only when someone edits.
 */
describe('cold load of a compacted document', () => {
  const bed = syncTestBed();

  it('answers a newcomer with the stored snapshot itself, and still takes edits after', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    const writer = bed.open(doc.id, bed.couple.partnerA.cookie);
    await synced(writer);
    for (let i = 0; i < 50; i++) writer.text.insert(writer.text.length, `line ${i}; `);
    await stored(writer);
    writer.destroy();
    // The room unloads (SYNC_UNLOAD_DELAY_MS=0 here) and the log is merged into one snapshot.
    await until(() => bed.app.sync.server.stats().rooms === 0, 5000, 'the room unloaded');
    await bed.app.sync.store.settle();
    const [{ state, state_vector: stateVector }] = await bed.app.dataSource.query('SELECT state, state_vector FROM document_snapshot WHERE document_id = $1', [doc.id]);
    const [{ unmerged }] = await bed.app.dataSource.query('SELECT count(*)::int AS unmerged FROM document_update WHERE document_id = $1 AND NOT in_snapshot', [doc.id]);
    expect(unmerged).toBe(0);

    const reader = await openRawSocket(bed.app.wsUrl, doc.id, bed.couple.partnerB.cookie);
    reader.ws.send(syncStep1Frame(Y.encodeStateVector(new Y.Doc())));
    await until(() => step2In(reader.frames) !== null, 5000, 'sync step 2');
    // Byte for byte what PostgreSQL holds (decrypted): nothing was rebuilt to encode it.
    const [snapshot] = await bed.app.app.get(ContentCipher).openDocument(doc.id, [state]);
    expect(Buffer.from(step2In(reader.frames)!).equals(snapshot!)).toBe(true);
    // The server's own step 1 is the state vector the compaction kept beside the snapshot (no reading of the snapshot to find it), and it is the snapshot's.
    expect(Buffer.from(syncIn(reader.frames, SyncStep.step1)!).equals(stateVector)).toBe(true);
    expect(Buffer.from(Y.encodeStateVectorFromUpdate(snapshot!)).equals(stateVector)).toBe(true);
    reader.ws.close();

    // A reader who already has part of it gets only the rest, and an edit after builds the document.
    const editor = bed.open(doc.id, bed.couple.partnerB.cookie);
    await synced(editor);
    await until(() => editor.text.length > 0, 3000, 'the text');
    editor.text.insert(0, 'Blake: ');
    await stored(editor);
    const check = bed.open(doc.id, bed.couple.counselor.cookie);
    await synced(check);
    await until(() => check.text.toString().startsWith('Blake: line 0; '), 3000, 'the edit, for a third reader');
    expect(check.text.toString()).toContain('line 49; ');
  });

  it('reads the snapshot first, then the rows not in it by id, also where their ids cross a power of ten', async () => {
    const doc = await createDocument(bed.couple.partnerA, bed.couple.workspace.id, 'notes');
    const writer = bed.open(doc.id, bed.couple.partnerA.cookie);
    await synced(writer);
    writer.text.insert(0, 'We said sorry. ');
    await stored(writer);
    writer.destroy();
    await until(() => bed.app.sync.server.stats().rooms === 0, 5000, 'the room unloaded');
    await bed.app.sync.store.settle();
    expect(await bed.app.sync.store.compact(doc.id)).toEqual({ merged: 1 });

    // Three later edits, stored with ids either side of a power of ten (as a long-lived database's
    // ids grow from 99… to 100…) and written in another order than their ids'.
    const later = new Y.Doc();
    const updates: Uint8Array[] = [];
    later.on('update', (u: Uint8Array) => updates.push(u));
    for (const words of ['We listen. ', 'We wait. ', 'We keep our word.']) later.getText('t').insert(later.getText('t').length, words);
    const power = 10n ** BigInt(12 + Math.floor(Math.random() * 6));
    const offset = BigInt(Math.floor(Math.random() * 1_000_000));
    const ids = [power - 2n - offset, power - 1n - offset, power + offset].map(String);
    const sealed = await bed.app.app.get(ContentCipher).sealDocuments(updates.map((data) => ({ documentId: doc.id, data })));
    for (const i of [2, 0, 1]) {
      await bed.app.dataSource.query('INSERT INTO document_update (id, document_id, data) VALUES ($1, $2, $3)', [ids[i], doc.id, sealed[i]]);
    }
    const pieces = await bed.app.sync.store.load(doc.id);
    expect(pieces.map((p) => p.ref)).toEqual(['snapshot', ...ids]);
    await bed.app.dataSource.query('DELETE FROM document WHERE id = $1', [doc.id]);
  });
});
