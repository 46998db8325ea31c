/** What batching needs of an append: its document and its bytes. */
export interface Batchable {
  documentId: string;
  update: Uint8Array;
}

/**
 * At most this many updates go into one INSERT. A batch this long forms only under a backlog (a
 * batch is whatever queued while the one before it was stored), and then it is what lets the
 * server catch up: its relays, receipts and presence leave in one socket write per connection
 * (at 1,000 documents, 4 frames a write instead of 1 to 2), and the INSERT's fixed costs are shared
 * by more rows. Measured at 1,000 documents typing (bench/README.md, 7 Dec 2026): 1,000 rows
 * relayed 150–166 thousand updates in 10 s, 4,000 rows 199–230 thousand, 10,000 rows 186–205
 * thousand (more GC, and a longer turn spent relaying one batch).
 */
export const MAX_BATCH = 4000;
/**
 * At most this many bytes of updates go into one INSERT (one always goes, however large). With the
 * batches filled a document at a time in turn, one person's paste flood waits behind its own
 * bytes, not in front of everyone else's keystrokes.
 */
const MAX_BATCH_BYTES = 2 * 1024 * 1024;
/**
 * Splits appends into batches of at most MAX_BATCH rows and MAX_BATCH_BYTES, taking one append of
 * each document in turn: each document's appends keep their order (the store writes a document's
 * batches one after another), and a document with a long queue shares every batch with the others
 * instead of filling the batches ahead of them.
 */
export function fairBatches<A extends Batchable>(appends: A[]): A[][] {
  const byDocument = new Map<string, A[]>();
  for (const p of appends) {
    const queue = byDocument.get(p.documentId);
    if (queue) queue.push(p);
    else byDocument.set(p.documentId, [p]);
  }
  if (byDocument.size === 1 || byDocument.size === appends.length) return bounded(appends);
  const interleaved: A[] = [];
  let queues = [...byDocument.values()];
  for (let round = 0; queues.length > 0; round++) {
    for (const queue of queues) interleaved.push(queue[round]!);
    queues = queues.filter((queue) => queue.length > round + 1);
  }
  return bounded(interleaved);
}

function bounded<A extends Batchable>(appends: A[]): A[][] {
  const batches: A[][] = [];
  let batch: A[] = [];
  let bytes = 0;
  for (const p of appends) {
    if (batch.length > 0 && (batch.length >= MAX_BATCH || bytes + p.update.byteLength > MAX_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(p);
    bytes += p.update.byteLength;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
