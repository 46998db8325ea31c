/** What batching needs of an append: its document and its bytes. */
export interface Batchable {
  documentId: string;
  update: Uint8Array;
}

/** At most this many updates go into one INSERT. */
const MAX_BATCH = 1000;
/**
 * At most this many bytes of updates go into one INSERT (one always goes, however large). With the
 * batches filled a document at a time in turn, one person's paste flood waits behind its own
 * bytes, not in front of everyone else's keystrokes.
 */
const MAX_BATCH_BYTES = 2 * 1024 * 1024;
/**
 * Splits appends into batches of at most MAX_BATCH rows and MAX_BATCH_BYTES, taking one append of
 * each document in turn: each document's appends keep their order (batches are written one after
 * another), and a document with a long queue shares every batch with the others instead of
 * filling the batches ahead of them.
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
