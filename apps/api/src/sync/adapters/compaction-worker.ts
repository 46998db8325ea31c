import * as Y from 'yjs';

/** What a compaction hands the worker: the snapshot (if any) and the rows after it, in order. */
export interface CompactionJob {
  pieces: Uint8Array[];
}

/**
 * Runs on a worker thread (see DocCompactor): builds the document from its pieces and encodes it
 * as one update, with deleted content collected. The CPU-heavy part of a compaction, kept off the
 * event loop that serves every socket.
 */
export default function compact({ pieces }: CompactionJob): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const piece of pieces) Y.applyUpdate(doc, piece);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
