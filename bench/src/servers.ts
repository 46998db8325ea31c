/**
 * The servers under test, each started fresh as child processes on 127.0.0.1 for every run:
 * ours (the built API), Hocuspocus with its database extension (and its Redis extension when two
 * processes), and the reference y-websocket server (memory only).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import * as Y from 'yjs';
import { KinshipAccounts } from './kinship';
import { TEXT } from './wire';
import { BENCH_ENCRYPTION_KEY, ourCipher } from './our-store';

const STAMP_PATTERN = /@@\d{6}(\d{13})/g;

export type Protocol = 'kinship' | 'y-websocket' | 'hocuspocus';
/**
 * single: one process. routed / split: two processes the generator connects to by their own ports
 * (routed: a document's clients on the process a hash picks; split: spread over both). workers:
 * one port, `WORKERS=2` (ours only): its primary routes each connection to a worker.
 */
export type Placement = 'single' | 'routed' | 'split' | 'workers';
export type ServerKind = 'ours' | 'hocuspocus' | 'reference';

export interface ServerSpec {
  kind: ServerKind;
  processes: 1 | 2;
  placement: Placement;
}

export const label = (s: ServerSpec) => (s.processes === 1 ? s.kind : `${s.kind} ×2 ${s.placement}`);

/** In the order a round runs them: ours, the reference, Hocuspocus, then the two-process variants. */
export const ALL_SPECS: ServerSpec[] = [
  { kind: 'ours', processes: 1, placement: 'single' },
  { kind: 'reference', processes: 1, placement: 'single' },
  { kind: 'hocuspocus', processes: 1, placement: 'single' },
  { kind: 'ours', processes: 2, placement: 'routed' },
  { kind: 'ours', processes: 2, placement: 'split' },
  { kind: 'ours', processes: 2, placement: 'workers' },
  { kind: 'hocuspocus', processes: 2, placement: 'split' },
];

const REPO = resolve(__dirname, '../..');
const SCRIPTS: Record<ServerKind, string> = {
  // BENCH_OURS_MAIN: another build of ours (an earlier commit's dist/main.js), to run before/after rounds by turns.
  ours: process.env.BENCH_OURS_MAIN ? resolve(process.env.BENCH_OURS_MAIN) : resolve(REPO, 'apps/api/dist/main.js'),
  hocuspocus: resolve(__dirname, '../servers/hocuspocus.mjs'),
  reference: resolve(__dirname, '../servers/reference.mjs'),
};

const PROFILED = resolve(__dirname, '../servers/profiled.cjs');

/** One server process; resolves once it prints `running at http://…`. */
export class ChildServer {
  private child: ChildProcess | null = null;
  output = '';
  url = '';
  /** The CPU profile this process wrote when stopped (profiled runs only). */
  profileFile: string | null = null;

  constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
    /** Where to write a CPU profile of the process (taken from start to stop), or none. */
    private readonly profileDir: string | null = null,
  ) {}

  get pid(): number {
    return this.child!.pid!;
  }

  /** With `WORKERS=n`: waits until every worker said it is running (each logs "process i of n"). */
  async workersRunning(n: number): Promise<void> {
    const until = performance.now() + 60_000;
    const running = () => new Set([...this.output.matchAll(new RegExp(`\\(process (\\d+) of ${n}\\b`, 'g'))].map((m) => m[1])).size;
    while (running() < n) {
      if (performance.now() > until) throw new Error(`${this.script}: ${running()} of ${n} workers running after a minute:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async start(): Promise<string> {
    const args = this.profileDir ? [PROFILED, this.script] : [this.script];
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        ...this.env,
        ...(this.profileDir ? { BENCH_PROFILE_DIR: this.profileDir } : {}),
        ...serverNodeOptions(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.script} did not start:\n${this.output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        // Keep the tail only: a long run must not grow this without end.
        this.output = (this.output + chunk.toString()).slice(-20_000);
        const match = /running at (http:\/\/[^\s]+)/.exec(this.output);
        if (match && !this.url) {
          clearTimeout(timer);
          resolvePromise(match[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${this.script} exited with ${code}:\n${this.output}`)));
    });
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (this.profileDir) await this.writeProfile(child);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /** Asks the profiled process for its profile, and waits (up to 30 s) until it says it is written. */
  private async writeProfile(child: ChildProcess): Promise<void> {
    let said = '';
    const line = await new Promise<string>((resolvePromise) => {
      const timer = setTimeout(() => done('no profile within 30 s'), 30_000);
      const onData = (chunk: Buffer) => {
        said += chunk.toString();
        const match = /profile (written|failed)[^\n]*/.exec(said);
        if (match) done(match[0]);
      };
      const done = (text: string) => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        resolvePromise(text);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.kill('SIGUSR2');
    });
    console.log(`    ${line}`);
    this.profileFile = /profile written: (\S+)/.exec(line)?.[1] ?? null;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

export interface StartOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Our SYNC_UNLOAD_DELAY_MS. */
  unloadDelayMs?: number;
  /** Where our processes write a V8 CPU profile each (`--cpu-prof`), or none. */
  profileDir?: string | null;
  /** Which servers' processes are profiled when `profileDir` is set (ours only unless told). */
  profileKinds?: ServerKind[];
}

/**
 * Node options for every server process: BENCH_HEAP_SNAPSHOTS=<dir> makes each write a heap
 * snapshot there on SIGUSR2 (the idle scenario sends it); BENCH_SERVER_NODE_OPTIONS adds any
 * others (`--trace-gc`, say: the collections show in a failed server's output). Node 20's sampling
 * heap profiler keeps only what is still alive, so it cannot say where the garbage comes from.
 */
function serverNodeOptions(): { NODE_OPTIONS?: string } {
  const options = [
    ...(process.env.BENCH_HEAP_SNAPSHOTS ? [`--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${process.env.BENCH_HEAP_SNAPSHOTS}`] : []),
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? [process.env.BENCH_SERVER_NODE_OPTIONS] : []),
  ];
  return options.length > 0 ? { NODE_OPTIONS: options.join(' ') } : {};
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A started server under test: where each client of a document connects, and how. */
export class Target {
  readonly protocol: Protocol;
  accounts: KinshipAccounts | null = null;

  constructor(readonly spec: ServerSpec, readonly processes: ChildServer[]) {
    this.protocol = spec.kind === 'ours' ? 'kinship' : spec.kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket';
  }

  get label(): string {
    return label(this.spec);
  }

  /** The server's processes: with `WORKERS`, the primary and the workers it started (read now: a worker may be restarted). */
  get pids(): number[] {
    const pids = this.processes.map((p) => p.pid);
    if (this.spec.placement !== 'workers') return pids;
    return pids.flatMap((pid) => [pid, ...childrenOf(pid)]);
  }

  /**
   * Which process client `index` (0–2) of a document connects to: routed puts the whole document
   * on the process a hash of its id picks (as a routing proxy would); split puts client 1 on the
   * other process, so every update has to cross.
   */
  processFor(documentId: string, index: number): number {
    if (this.processes.length === 1) return 0;
    const home = createHash('sha1').update(documentId).digest().readUInt32BE(0) % this.processes.length;
    if (this.spec.placement === 'routed') return home;
    return index % 2 === 1 ? (home + 1) % this.processes.length : home;
  }

  /** The WebSocket URL of client `index` of a document. */
  urlFor(documentId: string, index: number): string {
    const base = this.processes[this.processFor(documentId, index)].url.replace(/^http/, 'ws');
    if (this.protocol === 'kinship') return `${base}/sync/${documentId}`;
    if (this.protocol === 'y-websocket') return `${base}/${documentId}`;
    return base; // Hocuspocus: one socket, the document named in every message
  }

  /** Headers of client `index` (our session cookies: counselor, partner, partner). */
  headersFor(index: number): Record<string, string> {
    return this.accounts ? { cookie: this.accounts.cookies[index % 3] } : {};
  }

  /** `n` new documents: created through our REST API, or just named for the peers. */
  async documents(n: number): Promise<string[]> {
    if (this.accounts) return this.accounts.createDocuments(n);
    return Array.from({ length: n }, () => crypto.randomUUID());
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
  }
}

export async function startTarget(spec: ServerSpec, options: StartOptions): Promise<Target> {
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: options.databaseUrl };
  if (spec.kind === 'ours') {
    Object.assign(env, { WEB_DIST: '/nonexistent', LOG_LEVEL: 'log', SYNC_UNLOAD_DELAY_MS: String(options.unloadDelayMs ?? 1000), ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY });
    // Our sync settings from the bench's own environment (SYNC_MAX_BACKLOG=…, say), to compare settings run by run.
    for (const [name, value] of Object.entries(process.env)) if (name.startsWith('SYNC_') && name !== 'SYNC_UNLOAD_DELAY_MS' && value !== undefined) env[name] = value;
  }
  if (spec.processes > 1) env.REDIS_URL = options.redisUrl;
  // One process started, which starts the workers and routes to them.
  const started = spec.placement === 'workers' ? 1 : spec.processes;
  if (spec.placement === 'workers') env.WORKERS = String(spec.processes);
  if (spec.kind === 'hocuspocus') env.HOCUSPOCUS_REDIS_PREFIX = `kinship-bench-${process.pid}-${Date.now()}`;
  const processes: ChildServer[] = [];
  try {
    // One at a time: our processes run migrations under a lock on start.
    for (let i = 0; i < started; i++) {
      const profiled = (options.profileKinds ?? ['ours']).includes(spec.kind);
      const server = new ChildServer(SCRIPTS[spec.kind], env, profiled ? (options.profileDir ?? null) : null);
      processes.push(server);
      await server.start();
      if (spec.placement === 'workers') await server.workersRunning(spec.processes);
    }
  } catch (error) {
    await Promise.all(processes.map((p) => p.kill()));
    throw error;
  }
  const target = new Target(spec, processes);
  if (spec.kind === 'ours') target.accounts = await KinshipAccounts.create(processes[0].url);
  return target;
}

/**
 * What is durable in PostgreSQL now for the given documents: `inWindow`, how many of the typed
 * updates whose stamp falls in [from, to) (tenths of ms, the generator's clock) the stored data
 * holds (ours: its document_update rows, one stamp each; Hocuspocus: the stamps in the text of the
 * merged state it stored), and `writes`, the rows the server has written so far (ours: one per
 * update; Hocuspocus: its upserts). Null for a server that stores nothing.
 */
export async function durable(db: Client, kind: ServerKind, documentIds: string[], from: number, to: number): Promise<{ inWindow: number; writes: number } | null> {
  if (kind === 'ours') {
    // Each row holds one update, encrypted: opened with the server's own cipher, its stamp read.
    const { rows } = await db.query(`SELECT document_id, data FROM document_update WHERE document_id = ANY($1::uuid[])`, [documentIds]);
    const cipher = ourCipher(db);
    let inWindow = 0;
    for (const row of rows as { document_id: string; data: Buffer }[]) {
      const [opened] = await cipher.openDocumentPieces(row.document_id, [row.data]);
      const at = opened ? opened.indexOf('@@') : -1;
      if (at < 0) continue;
      const stamp = Number(opened!.toString('latin1', at + 8, at + 8 + 13));
      if (stamp >= from && stamp < to) inWindow++;
    }
    return { inWindow, writes: rows.length };
  }
  if (kind === 'hocuspocus') {
    const { rows } = await db.query(`SELECT data, stores FROM hocuspocus_document WHERE name = ANY($1::text[])`, [documentIds]);
    let inWindow = 0;
    let writes = 0;
    for (const row of rows as { data: Buffer; stores: number }[]) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, row.data);
      for (const match of doc.getText(TEXT).toString().matchAll(STAMP_PATTERN)) {
        const stamp = Number(match[1]);
        if (stamp >= from && stamp < to) inWindow++;
      }
      doc.destroy();
      writes += row.stores;
    }
    return { inWindow, writes };
  }
  return null;
}

/** Rows the server has written so far for these documents (cheap: read at the window's start). */
export async function writesSoFar(db: Client, kind: ServerKind, documentIds: string[]): Promise<number | null> {
  if (kind === 'ours') {
    const { rows } = await db.query(`SELECT count(*)::bigint AS n FROM document_update WHERE document_id = ANY($1::uuid[])`, [documentIds]);
    return Number(rows[0].n);
  }
  if (kind === 'hocuspocus') {
    const { rows } = await db.query(`SELECT coalesce(sum(stores), 0)::bigint AS n FROM hocuspocus_document WHERE name = ANY($1::text[])`, [documentIds]);
    return Number(rows[0].n);
  }
  return null;
}
