/**
 * Typing fan-out: `docs` documents, three people each (counselor and two partners), every one
 * typing `rate` updates a second and moving their caret `awarenessRate` times a second. Measures
 * send → arrival at the other two (and, on ours, send → "saved" receipt), server and PostgreSQL
 * CPU, server memory, and rows stored a second.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Client } from 'pg';
import { WireClient, Tally } from './client';
import { PostgresMeter, ProcessMeter, round } from './proc';
import { durable, Target, writesSoFar } from './servers';
import { spread, Spread } from './stats';
import { now10 } from './wire';

export interface TypingOptions {
  docs: number;
  seconds: number;
  /** Load before measuring starts (JIT, first loads, first allocations), not counted. */
  warmupSeconds: number;
  rate: number;
  awarenessRate: number;
}

export interface TypingResult {
  server: string;
  docs: number;
  clients: number;
  seconds: number;
  connectMs: number;
  updatesSent: number;
  updatesInPerSecond: number;
  deliveriesExpected: number;
  delivered: number;
  deliveredPercent: number;
  echoes: number;
  relay: Spread;
  /** Ours only: send → "saved" receipt. */
  saved: Spread | null;
  refusedReceipts: number;
  /** p50/p99 of relay latency for each tenth of the run (compaction shows here). */
  relayOverTime: { fromSecond: number; p50: number; p99: number }[];
  serverProcess: { cpuSeconds: number; cpuPercent: number; rssPeakMiB: number; rssEndMiB: number };
  postgres: { cpuSeconds: number; cpuPercent: number; backends: number };
  loadGeneratorCpuPercent: number;
  /** The load generator's own event-loop delay p99 (ms): high means it, not the server, fell behind. */
  loadGeneratorLagP99Ms: number;
  /** The machine's 1-minute load average at the start and end of the window (2 cores here). */
  loadAverage: [number, number];
  /**
   * Updates typed during the window that were durable in PostgreSQL by its end, a second (null:
   * memory only); the share of the window's updates durable at its end, and after the drain (up
   * to 10 s later); rows the server wrote a second (ours: one per update; Hocuspocus: one upsert
   * per store).
   */
  durableUpdatesPerSecond: number | null;
  durableByEndPercent: number | null;
  durableAfterDrainPercent: number | null;
  writesPerSecond: number | null;
  closedByServer: Record<string, number>;
  /** The measured window on the monotonic clock (µs, as `process.hrtime` and V8's profiles read it), for the cost ledger. */
  windowMonotonicUs: [number, number];
}

let senders = 0;

export async function runTyping(target: Target, db: Client, o: TypingOptions): Promise<TypingResult> {
  const documentIds = await target.documents(o.docs);
  const tally = new Tally();
  const clients: WireClient[] = [];
  const names = ['Rivera', 'Alex', 'Blake'];
  const connectStarted = performance.now();
  for (let i = 0; i < documentIds.length; i += 100) {
    const slice = documentIds.slice(i, i + 100).flatMap((documentId) =>
      [0, 1, 2].map(
        (index) =>
          new WireClient({
            protocol: target.protocol,
            url: target.urlFor(documentId, index),
            documentId,
            headers: target.headersFor(index),
            sender: ++senders % 1_000_000,
            name: names[index],
            tally,
            receipts: target.protocol === 'kinship',
          }),
      ),
    );
    await Promise.all(slice.map((c) => c.connect()));
    clients.push(...slice);
  }
  const connectMs = Math.round(performance.now() - connectStarted);

  const serverMeter = new ProcessMeter(target.pids);
  const pgMeter = new PostgresMeter(db);
  let writesBefore: Promise<number | null> = Promise.resolve(null);
  let selfCpu = process.cpuUsage();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  let loadAtStart = 0;
  const loadStarted = performance.now();
  let started = Number.POSITIVE_INFINITY;
  let windowFromUs = 0;
  const measureFrom = loadStarted + o.warmupSeconds * 1000;

  const updateEvery = 1000 / o.rate;
  const awarenessEvery = 1000 / o.awarenessRate;
  const due = clients.map(() => ({ updates: 0, awareness: 0 }));
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now >= measureFrom && started === Number.POSITIVE_INFINITY) {
        // Warm-up over: count from here.
        started = now;
        windowFromUs = Number(process.hrtime.bigint() / 1000n);
        tally.from = Math.round(now * 10);
        for (const c of clients) c.sent = 0;
        serverMeter.start();
        void pgMeter.start();
        writesBefore = writesSoFar(db, target.spec.kind, documentIds);
        selfCpu = process.cpuUsage();
        lag.enable();
        loadAtStart = loadavg()[0];
      }
      if (now - started >= o.seconds * 1000) {
        clearInterval(tick);
        resolve();
        return;
      }
      const elapsed = now - loadStarted;
      // Spread the clients over each interval so the load is even, as real typing is.
      for (let c = 0; c < clients.length; c++) {
        const offset = c / clients.length;
        const d = due[c];
        const updates = Math.floor(elapsed / updateEvery + offset);
        for (; d.updates < updates; d.updates++) clients[c].sendUpdate();
        const awareness = Math.floor(elapsed / awarenessEvery + offset);
        for (; d.awareness < awareness; d.awareness++) clients[c].sendAwareness();
      }
    }, 5);
  });
  const window = (performance.now() - started) / 1000;
  const windowToUs = Number(process.hrtime.bigint() / 1000n);
  const server = serverMeter.stop();
  const postgres = await pgMeter.stop();
  const cpu = process.cpuUsage(selfCpu);
  lag.disable();
  const loadAtEnd = loadavg()[0];
  const windowEnd = now10();
  const durableAtEnd = await durable(db, target.spec.kind, documentIds, tally.from, windowEnd);
  const writesAtStart = await writesBefore;

  const updatesSent = clients.reduce((n, c) => n + c.sent, 0);
  const expected = updatesSent * 2;
  // Let what is in flight arrive (up to 10 s); what has not by then counts as not delivered.
  const drainUntil = performance.now() + 10_000;
  while (tally.delivered < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
  const durableLater = await durable(db, target.spec.kind, documentIds, tally.from, windowEnd);
  const closedByServer = Object.fromEntries([...tally.closedBy.entries()].map(([code, n]) => [String(code), n]));
  for (const c of clients) c.close();

  const relayAll = tally.relay.flat();
  const slices = 10;
  const per = Math.max(1, Math.ceil(o.seconds / slices));
  const relayOverTime = [];
  for (let s = 0; s < o.seconds; s += per) {
    const part = spread(tally.relay.slice(s, s + per).flat());
    relayOverTime.push({ fromSecond: s, p50: part.p50, p99: part.p99 });
  }
  return {
    server: target.label,
    docs: o.docs,
    clients: clients.length,
    seconds: round(window),
    connectMs,
    updatesSent,
    updatesInPerSecond: Math.round(updatesSent / window),
    deliveriesExpected: expected,
    delivered: tally.delivered,
    deliveredPercent: round((100 * tally.delivered) / Math.max(1, expected)),
    echoes: tally.echoes,
    relay: spread(relayAll),
    saved: target.protocol === 'kinship' ? spread(tally.receipts.flat()) : null,
    refusedReceipts: tally.refusedReceipts,
    relayOverTime,
    serverProcess: server,
    postgres,
    loadGeneratorCpuPercent: round((100 * (cpu.user + cpu.system)) / 1e6 / window),
    loadGeneratorLagP99Ms: round(lag.percentile(99) / 1e6),
    loadAverage: [round(loadAtStart, 2), round(loadAtEnd, 2)],
    durableUpdatesPerSecond: durableAtEnd ? Math.round(durableAtEnd.inWindow / window) : null,
    durableByEndPercent: durableAtEnd ? round((100 * durableAtEnd.inWindow) / Math.max(1, updatesSent)) : null,
    durableAfterDrainPercent: durableLater ? round((100 * durableLater.inWindow) / Math.max(1, updatesSent)) : null,
    writesPerSecond: durableAtEnd && writesAtStart !== null ? round((durableAtEnd.writes - writesAtStart) / window) : null,
    closedByServer,
    windowMonotonicUs: [windowFromUs, windowToUs],
  };
}
