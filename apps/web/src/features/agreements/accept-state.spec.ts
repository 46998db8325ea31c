import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { SaveState } from '../editor/save-tracker';
import { NotStoredYet, ownEditsStored, stateHashOf } from './accept-state';

/** The server's hash of a stored state, as apps/api/src/agreements/agreement-content.ts takes it. */
function serverHash(state: Uint8Array): string {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, state);
  return createHash('sha256').update(Y.encodeSnapshot(Y.snapshot(doc))).digest('hex');
}

/** A save state a test moves by hand. */
function saves(initial: SaveState) {
  const listeners = new Set<() => void>();
  const source = {
    state: initial,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    move(next: SaveState) {
      source.state = next;
      listeners.forEach((l) => l());
    },
    get listening() {
      return listeners.size;
    },
  };
  return source;
}

describe('the state a partner accepts', () => {
  it('is hashed on screen exactly as the server hashes what it stored, edits and deletions by two people included', async () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    mine.getXmlFragment('agreement').insert(0, [new Y.XmlText('Phones stay in the hall during dinner.')]);
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));
    (theirs.getXmlFragment('agreement').get(0) as Y.XmlText).insert(0, 'Both: ');
    (mine.getXmlFragment('agreement').get(0) as Y.XmlText).delete(0, 7);
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs));
    // The server's store holds the updates one by one; what it reads back is their merge.
    const stored = Y.mergeUpdates([Y.encodeStateAsUpdate(theirs), Y.encodeStateAsUpdate(mine)]);
    expect(await stateHashOf(mine)).toBe(serverHash(stored));
    // A change the server has not stored is a different state.
    (mine.getXmlFragment('agreement').get(0) as Y.XmlText).insert(0, 'x');
    expect(await stateHashOf(mine)).not.toBe(serverHash(stored));
  });

  it('waits until this person’s own edits are stored', async () => {
    const source = saves('saving');
    let stored = false;
    const waiting = ownEditsStored(source).then(() => (stored = true));
    await Promise.resolve();
    expect(stored).toBe(false);
    source.move('saved');
    await waiting;
    expect(stored).toBe(true);
    expect(source.listening).toBe(0);
  });

  it('goes at once when nothing is waiting to be stored', async () => {
    await expect(ownEditsStored(saves('saved'))).resolves.toBeUndefined();
  });

  it('says so, and sends nothing, when the edits cannot be stored now', async () => {
    await expect(ownEditsStored(saves('offline'))).rejects.toThrow(/offline/);
    const source = saves('saving');
    const refused = ownEditsStored(source);
    source.move('refused');
    await expect(refused).rejects.toBeInstanceOf(NotStoredYet);
    await expect(ownEditsStored(saves('saving'), 20)).rejects.toThrow(/still being saved/);
  });
});
