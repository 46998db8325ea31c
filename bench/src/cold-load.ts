/**
 * Cold load: a document whose stored history holds `n` small edits by three authors; the time from
 * a new client opening its socket until it has sync step 2 (the whole document).
 * - ours: the edits stored as our server stores them (one document_update row each, with its
 *   author, and the authors' client ids in document_client); loaded from the log, then again
 *   after the room unloaded and compacted the log into a snapshot;
 * - Hocuspocus: the merged state in its table, as its database extension stores it;
 * - the reference server: the edits sent over its wire protocol into memory (it stores nothing).
 */
import type { Client } from 'pg';
import * as Y from 'yjs';
import { Tally, WireClient } from './client';
import { ProcessMeter, round } from './proc';
import { Target } from './servers';
import { median } from './stats';
import { TEXT } from './wire';
import { ourCipher } from './our-store';

export interface EditLog {
  updates: Uint8Array[];
  /** Index (0–2) of each update's author. */
  authors: number[];
  clientIds: number[];
  stateBytes: number;
  state: Uint8Array;
}

/**
 * `n` small edits by three people, as they type: each has a caret and types 1–4 letters at it,
 * now and then deletes the letter before it, and now and then moves it somewhere else.
 */
export function buildLog(n: number): EditLog {
  const doc = new Y.Doc();
  const text = doc.getText(TEXT);
  const clientIds = [1001, 1002, 1003];
  const updates: Uint8Array[] = [];
  const authors: number[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const carets = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const author = Math.floor(random() * 3);
    doc.clientID = clientIds[author];
    authors.push(author);
    const length = text.length;
    let caret = Math.min(carets[author], length);
    if (random() < 0.05) caret = Math.floor(random() * (length + 1));
    if (caret > 0 && random() < 0.08) {
      text.delete(caret - 1, 1);
      caret--;
    } else {
      const typed = 'abcd'.slice(0, 1 + Math.floor(random() * 4));
      text.insert(caret, typed);
      caret += typed.length;
      // The others' carets after this point move along, as their relative positions would.
      for (let a = 0; a < 3; a++) if (a !== author && carets[a] >= caret - typed.length) carets[a] += typed.length;
    }
    carets[author] = caret;
  }
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { updates, authors, clientIds, stateBytes: state.length, state };
}

export interface ColdLoadResult {
  server: string;
  edits: number;
  stateBytes: number;
  /** How the edits got there, and how long that took (ms). */
  written: string;
  writeMs: number;
  /** Time to sync step 2, by where the server read the document from; each a median of `tries`. */
  fromLogMs: number | null;
  afterCompactionMs: number | null;
  fromStoreMs: number | null;
  fromMemoryMs: number | null;
  tries: number[];
  compactionMs: number | null;
  serverProcess: { cpuSeconds: number; cpuPercent: number; rssPeakMiB: number; rssEndMiB: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timeToSync(target: Target, documentId: string): Promise<number> {
  const client = new WireClient({
    protocol: target.protocol,
    url: target.urlFor(documentId, 0),
    documentId,
    headers: target.headersFor(0),
    sender: 999_999,
    name: 'Reader',
    tally: new Tally(),
    receipts: false,
  });
  try {
    return round(await client.connect(), 2);
  } finally {
    client.close();
  }
}

export async function runColdLoad(target: Target, db: Client, log: EditLog, tries: number, unloadWaitMs: number): Promise<ColdLoadResult> {
  const meter = new ProcessMeter(target.pids);
  meter.start();
  const result: ColdLoadResult = {
    server: target.label,
    edits: log.updates.length,
    stateBytes: log.stateBytes,
    written: '',
    writeMs: 0,
    fromLogMs: null,
    afterCompactionMs: null,
    fromStoreMs: null,
    fromMemoryMs: null,
    tries: [],
    compactionMs: null,
    serverProcess: { cpuSeconds: 0, cpuPercent: 0, rssPeakMiB: 0, rssEndMiB: 0 },
  };
  const [documentId] = await target.documents(1);
  const writeStarted = performance.now();

  if (target.spec.kind === 'ours') {
    const accounts = target.accounts!;
    const cipher = ourCipher(db);
    for (let i = 0; i < log.updates.length; i += 5000) {
      // Stored as our server stores them: each update encrypted under the workspace's data key.
      const updates = await cipher.sealDocuments(log.updates.slice(i, i + 5000).map((data) => ({ documentId, data })));
      const authors = log.authors.slice(i, i + 5000).map((a) => accounts.accountIds[a]);
      await db.query(`INSERT INTO document_update (document_id, data, account_id) SELECT $1, d, a FROM unnest($2::bytea[], $3::uuid[]) AS t(d, a)`, [documentId, updates, authors]);
    }
    await db.query(`INSERT INTO document_client (document_id, client_id, account_id) SELECT $1, c, a FROM unnest($2::bigint[], $3::uuid[]) AS t(c, a)`, [
      documentId,
      log.clientIds,
      accounts.accountIds,
    ]);
    result.written = 'rows inserted into document_update';
    result.writeMs = Math.round(performance.now() - writeStarted);
    result.fromLogMs = await timeToSync(target, documentId);
    // The room unloads once its last client is gone, and compacts the log then.
    const compactStarted = performance.now();
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM document_update WHERE document_id = $1 AND NOT in_snapshot`, [documentId]);
      if (rows[0].n === 0) break;
      if (performance.now() - compactStarted > 300_000) throw new Error('compaction did not happen in 300 s');
      await sleep(100);
    }
    result.compactionMs = Math.round(performance.now() - compactStarted);
    for (let t = 0; t < tries; t++) {
      await sleep(unloadWaitMs);
      result.tries.push(await timeToSync(target, documentId));
    }
    result.afterCompactionMs = median(result.tries);
  } else if (target.spec.kind === 'hocuspocus') {
    await db.query(
      `INSERT INTO hocuspocus_document (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
      [documentId, Buffer.from(log.state)],
    );
    result.written = 'merged state upserted into hocuspocus_document';
    result.writeMs = Math.round(performance.now() - writeStarted);
    for (let t = 0; t < tries; t++) {
      result.tries.push(await timeToSync(target, documentId));
      await sleep(unloadWaitMs);
    }
    result.fromStoreMs = median(result.tries);
  } else {
    const writer = new WireClient({
      protocol: target.protocol,
      url: target.urlFor(documentId, 0),
      documentId,
      headers: {},
      sender: 999_998,
      name: 'Writer',
      tally: new Tally(),
      receipts: false,
    });
    await writer.connect();
    for (let i = 0; i < log.updates.length; i++) {
      writer.sendRaw(log.updates[i]);
      if (i % 1000 === 999) await writer.roundTrip();
    }
    await writer.roundTrip();
    writer.close();
    result.written = 'edits sent over its wire protocol (kept in memory)';
    result.writeMs = Math.round(performance.now() - writeStarted);
    for (let t = 0; t < tries; t++) {
      await sleep(unloadWaitMs);
      result.tries.push(await timeToSync(target, documentId));
    }
    result.fromMemoryMs = median(result.tries);
  }
  result.serverProcess = meter.stop();
  return result;
}
