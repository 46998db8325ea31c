import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, AgreementItem, readAgreement } from '@kinship/domain/agreements';

/**
 * The agreement's content as the server reads it from Yjs state: the items (the shared model in
 * libs/domain), the exact-state hash an acceptance is recorded against, and the updates that carry
 * one state into another document. No SQL and no rooms here.
 */

/** A document built from a state (an encoded update); the caller destroys it. */
export function docFrom(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, state);
  return doc;
}

/** The items an agreement's state holds, numbered by their order. */
export function itemsOf(state: Uint8Array): AgreementItem[] {
  const doc = docFrom(state);
  try {
    return readAgreement(doc.getXmlFragment(AGREEMENT_FRAGMENT));
  } finally {
    doc.destroy();
  }
}

/**
 * Identifies one exact state of a document: its state vector and delete set (a Yjs snapshot),
 * hashed. Any accepted edit changes it; the same content reached another way does not share it.
 */
export function stateHash(state: Uint8Array): string {
  const doc = docFrom(state);
  try {
    return createHash('sha256').update(Y.encodeSnapshot(Y.snapshot(doc))).digest('hex');
  } finally {
    doc.destroy();
  }
}

/**
 * What `target` lacks of `source`, as one update (empty of structs when it lacks nothing): applied
 * to a document that holds `target`, it brings in every insertion and deletion of `source`.
 */
export function missingFrom(target: Uint8Array, source: Uint8Array): Uint8Array {
  return Y.diffUpdate(source, Y.encodeStateVectorFromUpdate(target));
}



/** The same item, field for field (title, text, binds, status). */
export function sameItem(a: AgreementItem | undefined, b: AgreementItem | undefined): boolean {
  if (!a || !b) return a === b;
  return a.title === b.title && a.text === b.text && a.binds === b.binds && a.status === b.status;
}
