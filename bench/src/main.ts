/**
 * The comparative sync benchmark: ours (one process; two on one Redis, routed and split), Hocuspocus
 * (one process; two on Redis) and the reference y-websocket server, driven by the same raw
 * wire-protocol load generator in one run, interleaved. See bench/README.md for the flags.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { buildLog, ColdLoadResult, runColdLoad } from './cold-load';
import { IdleResult, runIdle } from './idle';
import { costLedger, CpuProfile, Ledger, LedgerWindow, ledgerMarkdown, printComparison, printLedger } from './ledger';
import { ALL_SPECS, label, ServerSpec, startTarget, Target } from './servers';
import { runTyping, TypingResult } from './typing';
import { check } from './wire';
import { isError, ms, ratiosToReference, roundsSummary, table, typingRows, type Ratios } from './report';

interface Options {
  quick: boolean;
  scenarios: Set<string>;
  servers: ServerSpec[];
  docs: number[];
  seconds: number;
  warmupSeconds: number;
  rate: number;
  awarenessRate: number;
  rounds: number;
  coldSizes: number[];
  coldTries: number;
  idleClients: number;
  idleSeconds: number;
  databaseUrl: string;
  redisUrl: string;
  /** Where our processes write CPU profiles (`--profile`), or null. */
  profileDir: string | null;
  /** The cost ledger's fixed load: documents and measured seconds (a profiled run of ours, and of the reference server). */
  ledgerDocs: number;
  ledgerSeconds: number;
}

const SPEC_NAMES = new Map(ALL_SPECS.map((s) => [label(s).replace(/ ×2 /, '-2-'), s]));

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg} (see bench/README.md)`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const env = process.env;
  const quick = flags.has('quick') || env.BENCH_QUICK === '1';
  // `--ledger`: only the cost ledger (profiled typing runs of ours and the reference), as `--scenarios=ledger`.
  if (flags.has('ledger') && !flags.has('scenarios')) flags.set('scenarios', 'ledger');
  const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);
  const numbers = (value: string) => list(value).map(Number);
  const get = (flag: string, envName: string, fallback: string) => flags.get(flag) ?? env[envName] ?? fallback;
  // Quick: the three one-process servers, interleaved round by round; the two-process ones on request.
  const defaultServers = quick ? 'ours,reference,hocuspocus' : [...SPEC_NAMES.keys()].join(',');
  const servers = list(get('servers', 'BENCH_SERVERS', defaultServers)).map((name) => {
    const spec = SPEC_NAMES.get(name);
    if (!spec) throw new Error(`unknown server ${name}; one of ${[...SPEC_NAMES.keys()].join(', ')}`);
    return spec;
  });
  const known = ['typing', 'ledger', 'cold', 'idle'];
  const scenarios = new Set(list(get('scenarios', 'BENCH_SCENARIOS', known.join(','))));
  for (const s of scenarios) if (!known.includes(s)) throw new Error(`unknown scenario ${s}; one of ${known.join(', ')}`);
  return {
    quick,
    scenarios,
    servers,
    docs: numbers(get('docs', 'BENCH_DOCS', quick ? '100' : '100,1000')),
    seconds: Number(get('seconds', 'BENCH_SECONDS', quick ? '6' : '60')),
    warmupSeconds: Number(get('warmup', 'BENCH_WARMUP_SECONDS', quick ? '3' : '5')),
    rate: Number(get('rate', 'BENCH_RATE', '5')),
    awarenessRate: Number(get('awareness-rate', 'BENCH_AWARENESS_RATE', '2')),
    rounds: Number(get('rounds', 'BENCH_ROUNDS', quick ? '3' : '2')),
    coldSizes: numbers(get('cold-sizes', 'BENCH_COLD_SIZES', quick ? '10000' : '10000,100000')),
    coldTries: Number(get('cold-tries', 'BENCH_COLD_TRIES', quick ? '3' : '5')),
    idleClients: Number(get('idle-clients', 'BENCH_IDLE_CLIENTS', quick ? '300' : '1000')),
    idleSeconds: Number(get('idle-seconds', 'BENCH_IDLE_SECONDS', quick ? '5' : '20')),
    databaseUrl: get('database', 'BENCH_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/kinship_bench'),
    redisUrl: get('redis', 'BENCH_REDIS_URL', 'redis://127.0.0.1:6379'),
    profileDir: flags.has('profile') || env.BENCH_PROFILE === '1' ? resolve(__dirname, '../results/profiles') : null,
    ledgerDocs: Number(get('ledger-docs', 'BENCH_LEDGER_DOCS', '100')),
    ledgerSeconds: Number(get('ledger-seconds', 'BENCH_LEDGER_SECONDS', quick ? '10' : '30')),
  };
}

/** Creates the bench database when it is missing (our server migrates it on start). */
async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch {
    // missing: create it below
  }
  const admin = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await admin.end();
}

/** Starts a server for one run and always stops it, whatever the run does. */
async function withTarget<T>(spec: ServerSpec, o: Options, unloadDelayMs: number, run: (t: Target) => Promise<T>): Promise<T | { server: string; error: string }> {
  let target: Target | null = null;
  try {
    target = await startTarget(spec, { databaseUrl: o.databaseUrl, redisUrl: o.redisUrl, unloadDelayMs, profileDir: o.profileDir });
    return await run(target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`  ${label(spec)}: failed: ${message.split('\n')[0]}`);
    return { server: label(spec), error: message.slice(0, 2000) };
  } finally {
    await target?.stop();
  }
}


/**
 * The cost ledger: ours alone, profiled, under the typing load at `ledgerDocs` documents; the
 * profile's self time, restricted to the measured window, put into steps (ledger.ts). The profile
 * and its window stay in results/profiles/ for `npm run profile-summary -- <file> --ledger`.
 */
async function runLedger(o: Options, db: Client, spec: ServerSpec): Promise<{ server: string; typing: TypingResult; ledger: Ledger; profile: string } | { server: string; error: string }> {
  const profileDir = resolve(__dirname, '../results/profiles');
  let target: Target | null = null;
  try {
    target = await startTarget(spec, { databaseUrl: o.databaseUrl, redisUrl: o.redisUrl, unloadDelayMs: 1000, profileDir, profileKinds: [spec.kind] });
    const typing = await runTyping(target, db, { docs: o.ledgerDocs, seconds: o.ledgerSeconds, warmupSeconds: o.warmupSeconds, rate: o.rate, awarenessRate: o.awarenessRate });
    await target.stop();
    const profile = target.processes[0]!.profileFile;
    target = null;
    if (!profile) throw new Error('the profiled server wrote no profile');
    const window: LedgerWindow = {
      fromUs: typing.windowMonotonicUs[0],
      toUs: typing.windowMonotonicUs[1],
      updates: typing.updatesSent,
      deliveries: typing.delivered,
      awareness: Math.round(typing.clients * o.awarenessRate * typing.seconds),
      cpuSeconds: typing.serverProcess.cpuSeconds,
    };
    writeFileSync(`${profile}.window.json`, JSON.stringify(window, null, 2));
    const ledger = costLedger(JSON.parse(readFileSync(profile, 'utf8')) as CpuProfile, window, profile);
    return { server: label(spec), typing, ledger, profile };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`  ledger of ${label(spec)}: failed: ${message.split('\n')[0]}`);
    return { server: label(spec), error: message.slice(0, 2000) };
  } finally {
    await target?.stop();
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  check();
  await ensureDatabase(o.databaseUrl);
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { cwd: __dirname }).toString().trim();
    } catch {
      return null;
    }
  })();
  const startedAt = new Date();
  const busy = loadavg()[0];
  if (busy > cpus().length) console.log(`Note: the machine is busy (load average ${busy.toFixed(1)} on ${cpus().length} cores): figures will be noisy; compare only within a run.`);
  console.log(
    `Sync benchmark${o.quick ? ' (quick)' : ''}: ${o.servers.map(label).join(', ')}; scenarios ${[...o.scenarios].join(', ')}; ` +
      `${cpus().length} cores, Node ${process.version}, commit ${commit ?? '?'}`,
  );

  const results: {
    typing: TypingResult[][];
    ratios: { docs: number; round: number; ratios: Ratios[] }[];
    ledger: unknown;
    coldLoad: ColdLoadResult[];
    idle: IdleResult[];
  } & Record<string, unknown> = {
    typing: [],
    ratios: [],
    ledger: null,
    coldLoad: [],
    idle: [],
  };
  const rounds: { docs: number; results: (TypingResult | { server: string; error: string })[] }[] = [];
  const out = resolve(__dirname, '../results');
  mkdirSync(out, { recursive: true });
  const file = resolve(out, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const save = () =>
    writeFileSync(
      file,
      JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), commit, cores: cpus().length, node: process.version, options: { ...o, scenarios: [...o.scenarios] }, ...results }, null, 2),
    );

  try {
    if (o.scenarios.has('typing')) {
      for (const docs of o.docs) {
        for (let round = 1; round <= o.rounds; round++) {
          console.log(`\nTyping fan-out: ${docs} documents × 3 people × ${o.rate} updates/s (+ ${o.awarenessRate} caret moves/s) for ${o.seconds} s after ${o.warmupSeconds} s of warm-up, round ${round}/${o.rounds}`);
          const roundResults = [];
          for (const spec of o.servers) {
            console.log(`  ${label(spec)}…`);
            const r = await withTarget(spec, o, 1000, (t) => runTyping(t, db, { docs, seconds: o.seconds, warmupSeconds: o.warmupSeconds, rate: o.rate, awarenessRate: o.awarenessRate }));
            roundResults.push(r as TypingResult);
            save();
          }
          results.typing.push(roundResults);
          results.ratios.push({ docs, round, ratios: ratiosToReference(roundResults) });
          rounds.push({ docs, results: roundResults });
          table(`Typing fan-out, ${docs} documents, round ${round} (latency in ms; "saved" = our stored receipt; ×ref = over the reference server in this round)`, typingRows(roundResults));
          save();
        }
      }
      table(`Every round against the reference server (round 1 / 2 / …; the servers interleaved in each: ${o.servers.map(label).join(', ')})`, roundsSummary(rounds));
    }
    if (o.scenarios.has('ledger')) {
      // Ours, and the reference server under the same load for comparison (when it is in the run).
      const specs = [ALL_SPECS[0]!, ...o.servers.filter((s) => s.kind === 'reference')];
      console.log(`\nCost ledger: ${specs.map(label).join(', then ')}, each alone under a CPU profile, ${o.ledgerDocs} documents × 3 people × ${o.rate} updates/s (+ ${o.awarenessRate} caret moves/s), ${o.ledgerSeconds} s after ${o.warmupSeconds} s of warm-up`);
      const ledgers = [];
      for (const spec of specs) {
        console.log(`  ${label(spec)}…`);
        const r = await runLedger(o, db, spec);
        ledgers.push(r);
        results.ledger = ledgers;
        save();
        if ('ledger' in r) {
          console.log(`  ${r.server}: relay p50 ${ms(r.typing.relay.p50)} ms, p99 ${ms(r.typing.relay.p99)} ms under the profiler; server CPU ${r.typing.serverProcess.cpuPercent}%`);
          printLedger(r.ledger);
        }
      }
      const [ours, reference] = ledgers.map((r) => ('ledger' in r ? r.ledger : undefined));
      if (ours && reference) printComparison(ours, reference);
      if (ours) console.log(`\nThe ledger as Markdown (bench/README.md):\n\n${ledgerMarkdown(ours, reference)}`);
    }
    if (o.scenarios.has('cold')) {
      const coldSpecs = o.servers.filter((s) => s.processes === 1);
      for (const n of o.coldSizes) {
        const log = buildLog(n);
        console.log(`\nCold load: ${n} stored edits by three people (${Math.round(log.stateBytes / 1024)} KiB merged)`);
        for (const spec of coldSpecs) {
          console.log(`  ${label(spec)}…`);
          const r = await withTarget(spec, o, 1000, (t) => runColdLoad(t, db, log, o.coldTries, 1500));
          results.coldLoad.push(r as ColdLoadResult);
          save();
        }
      }
      table(
        'Cold load: ms from opening the socket to sync step 2 (median of tries)',
        results.coldLoad.map((r) =>
          isError(r)
            ? { server: r.server, error: (r as { error: string }).error.split('\n')[0].slice(0, 80) }
            : {
                server: r.server,
                edits: r.edits,
                'KiB': Math.round(r.stateBytes / 1024),
                'from log': ms(r.fromLogMs),
                'after compaction': ms(r.afterCompactionMs),
                'from its store': ms(r.fromStoreMs),
                'from memory': ms(r.fromMemoryMs),
                tries: r.tries.join(' / '),
                'compaction ms': ms(r.compactionMs),
                'rss peak MiB': Math.round(r.serverProcess.rssPeakMiB),
              },
        ),
      );
    }
    if (o.scenarios.has('idle')) {
      console.log(`\nIdle cost: ${o.idleClients} connected clients, three to a document, nobody typing`);
      for (const spec of o.servers) {
        console.log(`  ${label(spec)}…`);
        const r = await withTarget(spec, o, 60_000, (t) => runIdle(t, db, o.idleClients, o.idleSeconds));
        results.idle.push(r as IdleResult);
        save();
      }
      table(
        `Idle cost: server memory with ${o.idleClients} idle clients (summed over processes)`,
        results.idle.map((r) =>
          isError(r)
            ? { server: r.server, error: (r as { error: string }).error.split('\n')[0].slice(0, 80) }
            : {
                server: r.server,
                'before MiB': r.baselineMiB,
                'connected MiB': r.connectedMiB,
                'KiB/client': r.kibPerClient,
                'cpu %': r.serverProcess.cpuPercent,
                'pg cpu %': r.postgres.cpuPercent,
              },
        ),
      );
    }
    if (results.typing.length > 0) {
      table(
        'Durable write throughput under sustained load (the typing runs): updates typed in the window that were in PostgreSQL by its end (a second, and as a share), and the rows written',
        results.typing.flat().filter((r) => !isError(r)).map((r) => ({
          server: r.server,
          docs: r.docs,
          'updates in/s': r.updatesInPerSecond,
          'updates durable/s': r.durableUpdatesPerSecond ?? 'memory only',
          'durable by the end': r.durableByEndPercent === null ? '–' : `${r.durableByEndPercent}%`,
          '10 s later': r.durableAfterDrainPercent === null ? '–' : `${r.durableAfterDrainPercent}%`,
          'rows written/s': r.writesPerSecond ?? '–',
        })),
      );
    }
  } finally {
    save();
    await db.end();
  }
  console.log(`\nResults: ${file} (the run took ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
