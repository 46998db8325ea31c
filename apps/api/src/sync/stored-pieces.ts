import * as Y from 'yjs';
import type { StoredPiece } from './ports';
import { readUpdateShape } from './update-shape';

/** Something the store holds that could not be applied; a room's load sets it aside and retries. */
export class UnloadablePiece extends Error {
  constructor(
    readonly ref: string,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Reads a stored piece whole; throws UnloadablePiece when its bytes cannot be read. The limits on
 * what a connection may bring are never applied to what is stored: a server-made update (a
 * version in force carries every session that wrote the draft) or a limit lowered since must
 * not set honest writing aside.
 */
export function checkPiece(piece: StoredPiece): void {
  try {
    readUpdateShape(piece.data);
  } catch (error) {
    throw new UnloadablePiece(piece.ref, error instanceof Error ? error.message : String(error));
  }
}

/** A document built from its stored pieces, as a load would (throws UnloadablePiece on a piece that cannot load). */
export function buildDocument(pieces: StoredPiece[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  for (const piece of pieces) {
    try {
      checkPiece(piece);
      Y.applyUpdate(doc, piece.data, 'store');
    } catch (error) {
      doc.destroy();
      throw error instanceof UnloadablePiece ? error : new UnloadablePiece(piece.ref, error instanceof Error ? error.message : String(error));
    }
  }
  return doc;
}

/** One compacted snapshot the compaction thread wrote (it comes with its state vector): built there from checked pieces. */
export function isCompactedSnapshot(pieces: StoredPiece[]): boolean {
  return pieces.length === 1 && pieces[0]!.ref === 'snapshot' && pieces[0]!.stateVector !== undefined;
}

/** The document its stored pieces make, as one update (throws UnloadablePiece on a piece that cannot load). */
export function stateOfPieces(pieces: StoredPiece[]): Uint8Array {
  if (isCompactedSnapshot(pieces)) return pieces[0]!.data;
  const doc = buildDocument(pieces);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
