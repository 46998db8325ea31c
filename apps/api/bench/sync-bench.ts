/**
 * Sync server benchmark: N documents, 3 raw wire-protocol clients each (a counselor and two
 * partners), every client typing RATE updates a second. Measures send → receipt latency at the
 * other clients of the document, with every update stored in PostgreSQL, on one API process.
 *
 *   npm run bench                      (1,000 documents, 20 s, the local PostgreSQL)
 *   BENCH_DOCS=100 BENCH_SECONDS=10 npm run bench
 *
 * Environment: BENCH_DOCS, BENCH_SECONDS, BENCH_RATE (updates/s per client), BENCH_DATABASE_URL.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SyncMessageType } from '@kinship/domain';
import { ApiProcess } from '../test/support/api-process';
import { setUpCouple } from '../test/support/couple';
import type { HttpClient } from '../test/support/http-client';
import { updateFrame } from '../src/sync/protocol';

const DOCS = Number(process.env.BENCH_DOCS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 5);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MARK = '@@';
const STAMP = MARK + '0'.repeat(13);

/** Pre-encoded update frames of one client, each inserting a fixed-width timestamp placeholder. */
function scriptFor(count: number): { frames: Buffer[]; stampAt: number[] } {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) text.insert(text.length, STAMP);
  doc.destroy();
  const frames = updates.map((u) => Buffer.from(updateFrame(u)));
  return { frames, stampAt: frames.map((f) => f.indexOf(STAMP) + MARK.length) };
}

function stampOf(frame: Buffer): number | null {
  const at = frame.indexOf(MARK);
  if (at < 0 || frame[0] !== SyncMessageType.sync) return null;
  return Number(frame.toString('latin1', at + MARK.length, at + MARK.length + 13));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : NaN;
}

/** How many connections the server closed during the run, by close code (none is expected). */
const closedBy = new Map<number, number>();

async function connect(wsUrl: string, documentId: string, cookie: string, latencies: number[]): Promise<WebSocket> {
  const ws = new WebSocket(`${wsUrl}/sync/${documentId}`, { headers: { cookie }, perMessageDeflate: false });
  ws.on('close', (code) => closedBy.set(code, (closedBy.get(code) ?? 0) + 1));
  ws.on('message', (data: Buffer) => {
    const sent = stampOf(data);
    if (sent !== null && sent > 0) latencies.push(Date.now() - sent);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

async function main(): Promise<void> {
  const api = new ApiProcess({ PORT: '0', DATABASE_URL, WEB_DIST: '/nonexistent', SYNC_UNLOAD_DELAY_MS: '5000' });
  const url = await api.start();
  const pid = api.pid!;
  const wsUrl = url.replace(/^http/, 'ws');
  console.log(`API at ${url} (pid ${pid}); ${DOCS} documents × 3 clients × ${RATE} updates/s for ${SECONDS} s`);
  try {
    const couple = await setUpCouple(url);
    const people: HttpClient[] = [couple.counselor, couple.partnerA, couple.partnerB];
    const documentIds: string[] = [];
    for (let i = 0; i < DOCS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, DOCS - i) }, (_, j) =>
          couple.counselor.post<{ id: string }>(`/api/workspaces/${couple.workspace.id}/documents`, { kind: 'notes', title: `Bench ${i + j}` }),
        ),
      );
      documentIds.push(...batch.map((r) => r.body.id));
    }
    const perClient = Math.ceil(SECONDS * RATE) + 2;
    const latencies: number[] = [];
    const clients: { ws: WebSocket; script: ReturnType<typeof scriptFor>; next: number }[] = [];
    const connectStarted = Date.now();
    for (let i = 0; i < documentIds.length; i += 100) {
      const slice = documentIds.slice(i, i + 100);
      const opened = await Promise.all(slice.flatMap((id) => people.map((p) => connect(wsUrl, id, p.cookie!, latencies))));
      for (const ws of opened) clients.push({ ws, script: scriptFor(perClient), next: 0 });
    }
    console.log(`${clients.length} connections open in ${Date.now() - connectStarted} ms; server RSS ${rssMiB(pid)} MiB`);
    latencies.length = 0;

    const interval = 1000 / RATE;
    let sent = 0;
    const started = Date.now();
    // Spread the clients over the interval so the load is even, as real typing would be.
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed >= SECONDS * 1000) {
          clearInterval(tick);
          resolve();
          return;
        }
        for (let c = 0; c < clients.length; c++) {
          const client = clients[c];
          const due = Math.floor((elapsed + (c / clients.length) * interval) / interval);
          while (client.next < due && client.next < client.script.frames.length) {
            const frame = client.script.frames[client.next];
            frame.write(String(Date.now()).padStart(13, '0'), client.script.stampAt[client.next], 'latin1');
            client.ws.send(frame);
            client.next++;
            sent++;
          }
        }
      }, 5);
    });
    await new Promise((r) => setTimeout(r, 1000));
    const rss = rssMiB(pid);
    const closedDuringRun = [...closedBy.entries()].map(([code, n]) => `${n} × ${code}`).join(', ') || 'none';
    for (const { ws } of clients) ws.terminate();

    const sorted = [...latencies].sort((a, b) => a - b);
    const expected = sent * 2;
    console.log(`sent ${sent} updates (${Math.round(sent / SECONDS)}/s in), ${latencies.length} deliveries of ${expected} expected (${Math.round(latencies.length / SECONDS)}/s out)`);
    console.log(`latency send → receipt: p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted[sorted.length - 1]} ms`);
    console.log(`server RSS at the end: ${rss} MiB; connections closed by the server during the run: ${closedDuringRun}`);
  } finally {
    await api.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
