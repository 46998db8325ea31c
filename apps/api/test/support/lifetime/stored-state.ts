import * as Y from 'yjs';
import type { LifetimeRun } from './lifetime-run';

/** The lifetime spec's look at PostgreSQL (lifetime.spec.ts): a document's stored state, as the server keeps it (encrypted at rest). */

export async function storedDoc(run: LifetimeRun, documentId: string): Promise<Y.Doc> {
  const snapshot: { state: Buffer }[] = (await run.db.query('SELECT state FROM document_snapshot WHERE document_id = $1', [documentId])).rows;
  const rows: { data: Buffer }[] = (await run.db.query('SELECT data FROM document_update WHERE document_id = $1 ORDER BY id', [documentId])).rows;
  const opened = await run.cipher.openDocument(documentId, [...snapshot.map((r) => r.state), ...rows.map((r) => r.data)]);
  const doc = new Y.Doc();
  Y.transact(doc, () => opened.forEach((data) => Y.applyUpdate(doc, data)));
  return doc;
}

export async function storedState(run: LifetimeRun, documentId: string): Promise<Uint8Array> {
  const doc = await storedDoc(run, documentId);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
