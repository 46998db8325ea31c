/**
 * Idle cost: `clients` people connected three to a document, synced, presence announced and
 * renewed every 15 s as the stock client does, nobody typing. Server memory before and after
 * (summed over its processes, averaged over the idle window) gives the cost of one idle client.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { Tally, WireClient } from './client';
import { PostgresMeter, ProcessMeter, round, rssMiB } from './proc';
import { Target } from './servers';

export interface IdleResult {
  server: string;
  clients: number;
  docs: number;
  baselineMiB: number;
  connectedMiB: number;
  kibPerClient: number;
  serverProcess: { cpuSeconds: number; cpuPercent: number; rssPeakMiB: number; rssEndMiB: number };
  postgres: { cpuSeconds: number; cpuPercent: number; backends: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Each server process writes a heap snapshot into `dir` (started with --heapsnapshot-signal, see
 * servers.ts) while the clients are connected; waits until every file stopped growing. Read them
 * with `npm run heap-summary -w @kinship/bench -- <file>`.
 */
async function heapSnapshots(pids: number[], dir: string): Promise<void> {
  const before = new Set(readdirSync(dir));
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  const sizes = new Map<string, number>();
  for (let waited = 0; waited < 120_000; waited += 1000) {
    await sleep(1000);
    const written = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    const stable = written.length === pids.length && written.every((f) => sizes.get(f) === statSync(join(dir, f)).size && sizes.get(f)! > 0);
    for (const f of written) sizes.set(f, statSync(join(dir, f)).size);
    if (stable) {
      console.log(`  heap snapshots: ${written.map((f) => join(dir, f)).join(', ')}`);
      return;
    }
  }
  console.log('  heap snapshots: not all written within 2 minutes');
}

async function averageRss(pids: number[], ms: number): Promise<number> {
  const samples: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    samples.push(pids.reduce((sum, pid) => sum + rssMiB(pid), 0));
    await sleep(200);
  }
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

export async function runIdle(target: Target, db: Client, clientCount: number, idleSeconds: number): Promise<IdleResult> {
  const docs = Math.ceil(clientCount / 3);
  const documentIds = await target.documents(docs);
  await sleep(1000);
  const baseline = await averageRss(target.pids, 2000);
  const tally = new Tally();
  const clients: WireClient[] = [];
  for (let i = 0; i < clientCount; i += 300) {
    const batch = Array.from({ length: Math.min(300, clientCount - i) }, (_, j) => {
      const n = i + j;
      const documentId = documentIds[Math.floor(n / 3)];
      return new WireClient({
        protocol: target.protocol,
        url: target.urlFor(documentId, n % 3),
        documentId,
        headers: target.headersFor(n % 3),
        sender: 900_000 + n,
        name: 'Idle',
        tally,
        receipts: false,
      });
    });
    await Promise.all(batch.map((c) => c.connect()));
    for (const c of batch) c.sendAwareness();
    clients.push(...batch);
  }
  const meter = new ProcessMeter(target.pids);
  const pg = new PostgresMeter(db);
  await pg.start();
  meter.start();
  const renew = setInterval(() => clients.forEach((c) => c.sendAwareness()), 15_000);
  await sleep(Math.max(0, idleSeconds * 1000 - 3000));
  const connected = await averageRss(target.pids, 3000);
  if (process.env.BENCH_HEAP_SNAPSHOTS) await heapSnapshots(target.pids, process.env.BENCH_HEAP_SNAPSHOTS);
  clearInterval(renew);
  const serverProcess = meter.stop();
  const postgres = await pg.stop();
  for (const c of clients) c.close();
  return {
    server: target.label,
    clients: clientCount,
    docs,
    baselineMiB: round(baseline),
    connectedMiB: round(connected),
    kibPerClient: round(((connected - baseline) * 1024) / clientCount),
    serverProcess,
    postgres,
  };
}
