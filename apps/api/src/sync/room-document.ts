import * as Y from 'yjs';
import type { UpdateShape } from './update-shape';

/** The stored snapshot could not be built into a document; the room has been dropped. */
export class RoomBroken extends Error {}

/** A state vector naming no client: the sender has nothing yet. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/**
 * A room's document. While nothing has needed it built, it is the stored merged state as it is: a
 * document read from one compacted snapshot is only built into a Y.Doc once something needs it
 * (an edit, a frame from another process), so a cold load answers readers from the stored bytes.
 */
export class RoomDocument {
  private ydoc: Y.Doc | null;
  private storedState: Uint8Array | null;
  private storedStateVector: Uint8Array | null;

  constructor(
    loaded: { doc: Y.Doc } | { state: Uint8Array; stateVector?: Uint8Array },
    /** The stored state could not be built (Yjs threw on it): the room quarantines it and drops itself. */
    private readonly unbuildable: (why: string) => void,
  ) {
    this.ydoc = 'doc' in loaded ? loaded.doc : null;
    this.storedState = 'state' in loaded ? loaded.state : null;
    this.storedStateVector = 'state' in loaded ? (loaded.stateVector ?? null) : null;
  }

  /** The Y.Doc, built from the stored state the first time something needs it; throws RoomBroken if Yjs cannot. */
  get doc(): Y.Doc {
    if (this.ydoc) return this.ydoc;
    const doc = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(doc, this.storedState!, 'store');
    } catch (error) {
      doc.destroy();
      const why = error instanceof Error ? error.message : String(error);
      this.unbuildable(why);
      throw new RoomBroken(why);
    }
    this.ydoc = doc;
    this.storedState = null;
    this.storedStateVector = null;
    return doc;
  }

  /** The document as one update: the stored bytes while nothing has built it, else encoded from it. */
  state(): Uint8Array {
    return this.ydoc ? Y.encodeStateAsUpdate(this.ydoc) : this.storedState!;
  }

  stateVector(): Uint8Array {
    if (this.ydoc) return Y.encodeStateVector(this.ydoc);
    this.storedStateVector ??= Y.encodeStateVectorFromUpdate(this.storedState!);
    return this.storedStateVector;
  }

  /** What a reader with this state vector lacks (sync step 2); a reader with nothing gets the stored bytes as they are. */
  missingFor(stateVector: Uint8Array): Uint8Array {
    if (this.ydoc) return Y.encodeStateAsUpdate(this.ydoc, stateVector);
    const state = this.storedState!;
    return isEmptyStateVector(stateVector) ? state : Y.diffUpdate(state, stateVector);
  }

  /** True when the document already holds every struct and deletion the update carries. */
  holdsAll(shape: UpdateShape): boolean {
    // An empty update (a new reader answering our step 1) needs no document to judge.
    if (shape.ranges.size === 0 && shape.deletes.length === 0) return true;
    const store = this.doc.store;
    for (const [client, range] of shape.ranges) if (range.to > Y.getState(store, client)) return false;
    const { deletes } = shape;
    for (let d = 0; d < deletes.length; d += 3) {
      const client = deletes[d]!;
      const clock = deletes[d + 1]!;
      const length = deletes[d + 2]!;
      const structs = store.clients.get(client);
      if (!structs || structs.length === 0 || clock < structs[0]!.id.clock || clock + length > Y.getState(store, client)) return false;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + length; i++) {
        if (!structs[i]!.deleted) return false;
      }
    }
    return true;
  }

  destroy(): void {
    this.ydoc?.destroy();
    this.ydoc = null;
    this.storedState = null;
  }
}
