import * as Y from 'yjs';

/** What a compaction hands the worker: the snapshot (if any) and the rows after it, in order. */
export interface CompactionJob {
  pieces: Uint8Array[];
}

/** The merged document as one update, and its state vector (kept beside it for cold loads). */
export interface Compacted {
  state: Uint8Array;
  stateVector: Uint8Array;
}

/**
 * Runs on a worker thread (see DocCompactor): builds the document from its pieces and encodes it
 * as one update, with deleted content collected, and its state vector. The CPU-heavy part of a
 * compaction, kept off the event loop that serves every socket.
 */
export default function compact({ pieces }: CompactionJob): Compacted {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const piece of pieces) Y.applyUpdate(doc, piece);
    });
    return { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
  } finally {
    doc.destroy();
  }
}
