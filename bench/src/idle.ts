/**
 * Idle cost: `clients` people connected three to a document, synced, presence announced and
 * renewed every 15 s as the stock client does, nobody typing. Server memory before and after
 * (summed over its processes, averaged over the idle window) gives the cost of one idle client.
 */
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
