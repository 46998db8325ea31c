/**
 * The per-update cost ledger (issue 24): where one process's CPU time goes under a fixed load,
 * step by step, read from a V8 CPU profile of our server (`servers/profiled.cjs`).
 *
 * Every sample is put in one step by its whole stack, not by its leaf alone: a lib0 read under
 * `readUpdateShape` is the shape check, the same read under `Y.applyUpdate` is the apply, and a
 * `writev` under pg is the store while one under our connection's uncork is the relay write.
 * Each step has matchers on a frame's file (our dist file, or `package/path` in node_modules) and
 * function; an anonymous function is named after the method or function around it in its file
 * (`receipt/(anonymous)` for the `then` callback inside `DocRoom.receipt`). When frames of several
 * steps are on one stack, the step listed first below wins (a presence frame relayed by
 * `broadcast` is presence, not relay write; a serializer call under pg is encode, not store).
 * Only samples inside the measured window count (profile timestamps and `process.hrtime` share
 * the monotonic clock).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The measured window, on the monotonic clock (µs), and what the load did in it. */
export interface LedgerWindow {
  fromUs: number;
  toUs: number;
  /** Updates the generator sent in the window (each stored once, relayed to two others). */
  updates: number;
  /** Deliveries the generator counted (relayed frames that arrived). */
  deliveries: number;
  /** Caret moves (presence updates) sent in the window. */
  awareness?: number;
  /** The server's CPU over the window from /proc (utime + stime), seconds. */
  cpuSeconds?: number;
}

interface Frame {
  /** Our dist path (`sync/doc-room.js`), `package/path` inside node_modules, `node:…`, or '' (native). */
  file: string;
  /** The function's name; an anonymous one is `<enclosing>/(anonymous)`. */
  fn: string;
  /** V8's pseudo-frames: `(garbage collector)`, `(program)`, `(idle)`, `(root)`. */
  special: string | null;
}

type Matcher = (f: Frame) => boolean;

const inFile = (...files: string[]): Matcher => (f) => files.some((file) => f.file === file || f.file.startsWith(file));
const fnIn = (file: string, ...names: string[]): Matcher => (f) => f.file === file && names.some((n) => f.fn === n || f.fn.startsWith(`${n}/`));
const pkg = (...names: string[]): Matcher => (f) => names.some((n) => f.file.startsWith(`${n}/`));
const any = (...ms: Matcher[]): Matcher => (f) => ms.some((m) => m(f));

/** The reference server's code (`@y/websocket-server`), profiled beside ours for comparison. */
const REFERENCE = '@y/websocket-server/src/utils.js';

export interface Step {
  name: string;
  what: string;
  match: Matcher;
}

/** The steps, in the order that decides a stack holding several (first wins), then printed in the issue's order. */
export const STEPS: Step[] = [
  { name: 'GC', what: 'V8 garbage collection (no stack: every step\'s allocations)', match: (f) => f.special === '(garbage collector)' },
  {
    name: 'presence',
    what: 'awareness frames: parse, re-stamp `user` from the login, encode, relay to all',
    match: any(
      inFile('sync/awareness-registry.js', 'sync/room-presence.js', 'y-protocols/awareness.js'),
      fnIn('sync/doc-room.js', 'receiveAwareness', 'queryAwareness', 'leave'),
      fnIn('sync/protocol.js', 'awarenessFrame', 'awarenessInFrame'),
      fnIn(REFERENCE, 'awarenessChangeHandler'),
    ),
  },
  {
    name: 'receipt',
    what: '`[100][n]`: wait on the connection\'s appends, frame and send the answer',
    match: any(fnIn('sync/doc-room.js', 'receipt'), fnIn('sync/protocol.js', 'receiptFrame'), fnIn('sync/connection.js', 'afterAppends', 'trackAppend', 'hasRefusedWrites')),
  },
  {
    name: 'seal',
    what: 'AES-GCM per row (encryption/: content-cipher, envelope, keys; node crypto), or on the main thread only the hand-over to the sealing thread (doc-sealer, piscina)',
    match: any(inFile('encryption/', 'sync/adapters/doc-sealer.js', 'sync/adapters/sealing-worker.js', 'piscina/')),
  },
  {
    name: 'encode',
    what: 'the INSERT\'s parameters and wire message: pg utils (bytea arrays as hex text), pg-protocol serializer; re-framing a step 2',
    match: any(inFile('pg/lib/utils.js', 'pg-protocol/dist/serializer.js', 'pg-protocol/dist/buffer-writer.js'), fnIn('sync/protocol.js', 'updateFrame', 'syncFrame')),
  },
  {
    name: 'queue',
    what: 'the append promise per update, batching (fairBatches), settling each append once its batch is stored',
    match: any(fnIn('sync/adapters/postgres-doc-store.js', 'append', 'resolve', 'reject', 'settled'), inFile('sync/adapters/append-batches.js')),
  },
  {
    name: 'store',
    what: 'group commit: PostgresDocStore flushLoop/writeBatch/insert, TypeORM, pg client and parser, pool, socket writes to PostgreSQL',
    match: any(pkg('pg', 'pg-pool', 'pg-protocol', 'pg-types', 'pgpass', 'postgres-bytea', 'postgres-array', 'typeorm'), inFile('database/', 'sync/adapters/postgres-doc-store.js')),
  },
  { name: 'audit', what: 'the edit observer on every stored edit (sync.service edited, audit/)', match: any(fnIn('sync/sync.service.js', 'edited'), inFile('audit/')) },
  {
    name: 'ownership',
    what: 'client-id ownership: toClaim, announce, claims in the database',
    match: any(inFile('sync/client-ownership.js'), fnIn('sync/doc-room.js', 'claim'), fnIn('sync/adapters/postgres-doc-store.js', 'claim')),
  },
  {
    name: 'gate',
    what: 'write gate on every frame (LiveWriteGate, libs/domain can(), the live session) and the storage quota',
    match: any(inFile('sync/adapters/live-write-gate.js', 'sync/storage-quota.js', 'live-sessions/'), pkg('@kinship/domain'), (f) => /(^|\/)libs\/domain\//.test(f.file), fnIn('sync/doc-room.js', 'guarded', 'workspaceId')),
  },
  {
    name: 'shape check',
    what: 'one pass over the update (update-shape), limits, new-client count, dependencies, "already held"',
    match: any(inFile('sync/update-shape.js'), fnIn('sync/room-document.js', 'holdsAll'), fnIn('sync/connection.js', 'mayIntroduce'), fnIn('sync/doc-room.js', 'known')),
  },
  {
    name: 'relay write',
    what: 'broadcast to the other connections (ws Sender), fan-out, and each socket\'s corked flush (carries every frame out: relays, receipts, presence)',
    match: any(fnIn('sync/doc-room.js', 'broadcast'), fnIn('sync/connection.js', 'send', 'write', 'flush', 'releasePresence', 'sendPresence'), fnIn(REFERENCE, 'updateHandler', 'send'), inFile('sync/adapters/local-fan-out.js', 'sync/adapters/redis-fan-out.js', 'ws/lib/sender.js'), (f) => f.file === 'ws/lib/websocket.js' && /^(send|sendAfterClose)/.test(f.fn)),
  },
  {
    name: 'apply',
    what: 'Y.applyUpdate to the room\'s document once stored (yjs), and the rest of applyOnceStored',
    match: any(pkg('yjs'), fnIn('sync/doc-room.js', 'applyOnceStored', 'doc'), inFile('sync/room-document.js')),
  },
  {
    name: 'frame read',
    what: 'ws Receiver (framing, unmasking), the message event, SyncConnection receive/dispatch, the rest of receiveUpdate (reference: messageListener, y-protocols sync)',
    match: any(inFile('ws/lib/', 'bufferutil/', 'sync/connection.js', 'y-protocols/sync.js'), fnIn('sync/sync-server.js', 'accept'), fnIn('sync/doc-room.js', 'receiveUpdate'), fnIn(REFERENCE, 'messageListener')),
  },
];

/** Printed in the issue's order. */
const PRINT_ORDER = ['frame read', 'shape check', 'gate', 'ownership', 'apply', 'encode', 'seal', 'queue', 'store', 'relay write', 'receipt', 'presence', 'audit', 'GC'];

const enclosingCache = new Map<string, string[] | null>();

/** The method or function around a line of a file (for naming anonymous functions), or null. */
function enclosingName(url: string, line: number): string | null {
  if (!url.startsWith('file://') && !url.startsWith('/')) return null;
  let lines = enclosingCache.get(url);
  if (lines === undefined) {
    try {
      const path = url.startsWith('file://') ? fileURLToPath(url) : url;
      lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : null;
    } catch {
      lines = null;
    }
    enclosingCache.set(url, lines);
  }
  if (!lines) return null;
  const header =
    /^\s*(?:export\s+)?(?:(?:const|let|var)\s+)?(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?(?:function\s*\*?\s*)?([A-Za-z_$][\w$]*)\s*(?:=\s*(?:async\s*)?(?:function\b|\(.*=>|[A-Za-z_$][\w$]*\s*=>)|\(.*\)\s*\{)/;
  const indent = (s: string) => /^\s*/.exec(s)![0].length;
  const named = (text: string) => {
    const m = header.exec(text);
    return m && !['if', 'for', 'while', 'switch', 'catch', 'function', 'return'].includes(m[1]!) ? m[1]! : null;
  };
  // A header on the function's own line (a method, a named arrow), else the nearest one around it:
  // walking up, only a line indented less than everything since can enclose it.
  const own = named(lines[line] ?? '');
  if (own) return own;
  let limit = indent(lines[line] ?? '');
  for (let i = line - 1; i >= 0 && limit > 0; i--) {
    const text = lines[i] ?? '';
    if (!text.trim() || indent(text) >= limit) continue;
    limit = indent(text);
    const name = named(text);
    if (name) return name;
  }
  return null;
}

function frameOf(node: ProfileNode): Frame {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url && /^\(.*\)$/.test(functionName)) return { file: '', fn: functionName, special: functionName };
  let file = url;
  // The innermost node_modules: the reference server's own yjs is `@y/websocket-server/node_modules/yjs`.
  const inModules = /.*node_modules\/((?:@[^/]+\/)?[^/].*)$/.exec(url);
  // Our build, or an earlier one copied beside it (BENCH_OURS_MAIN: apps/api/dist-base/main.js, say).
  const ours = /\/apps\/api\/dist[^/]*\/(.*)$/.exec(url);
  const libs = /\/(libs\/.*)$/.exec(url);
  if (inModules) file = inModules[1]!;
  else if (ours) file = ours[1]!;
  else if (libs) file = libs[1]!;
  let fn = functionName;
  if (!fn) fn = `${enclosingName(url, lineNumber) ?? ''}/(anonymous)`;
  // V8 names an accessor `get`, or `get name`: the name, read from its line when V8 leaves it out.
  else if (/^(get|set)( |$)/.test(fn)) fn = fn.length > 4 ? fn.slice(4) : (enclosingName(url, lineNumber) ?? fn);
  return { file, fn, special: null };
}

export interface LedgerRow {
  step: string;
  what: string;
  ms: number;
  /** Share of the busy (not idle) time in the window. */
  busyPercent: number;
  /** µs of this process's main thread per update received. */
  usPerUpdate: number;
  /** Of it, µs in native socket writes (writev, writeBuffer: the system call, kernel time included). */
  writesUsPerUpdate: number;
}

export interface Ledger {
  profile: string;
  windowSeconds: number;
  samples: number;
  busyPercent: number;
  updates: number;
  deliveries: number;
  /** Main-thread busy µs per update, and the process's /proc CPU µs per update (all threads, kernel included). */
  busyUsPerUpdate: number;
  cpuUsPerUpdate: number | null;
  rows: LedgerRow[];
  /** Native socket writes (writev and single-buffer writes), total and by step. */
  socketWrites: { percent: number; byStep: Record<string, number> };
  gcPercent: number;
  /** What no step claims, the largest by function, so the mapping's gaps show. */
  unattributed: { where: string; ms: number; busyPercent: number }[];
}

const WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString']);

export function costLedger(profile: CpuProfile, window: LedgerWindow, file = ''): Ledger {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frames = new Map<number, Frame>();
  const frame = (id: number) => {
    let f = frames.get(id);
    if (!f) frames.set(id, (f = frameOf(byId.get(id)!)));
    return f;
  };
  const stepOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = stepOf.get(id);
    if (known !== undefined) return known;
    let best = STEPS.length;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = frame(at);
      for (let s = 0; s < best; s++) if (STEPS[s]!.match(f)) best = s;
      if (best === 0) break;
    }
    const leaf = frame(id);
    const step = best < STEPS.length ? STEPS[best]!.name : leaf.special === '(idle)' ? '(idle)' : leaf.special === '(program)' ? '(program)' : '(other)';
    stepOf.set(id, step);
    return step;
  };

  const byStep = new Map<string, number>();
  const other = new Map<string, number>();
  const writes = new Map<string, number>();
  let t = profile.startTime;
  let inWindow = 0;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < window.fromUs || t > window.toUs) continue;
    const id = profile.samples[i]!;
    // A sample's time is the interval since the previous one.
    inWindow += delta;
    samples++;
    const step = classify(id);
    byStep.set(step, (byStep.get(step) ?? 0) + delta);
    const leaf = frame(id);
    if (WRITES.has(leaf.fn) && leaf.file === '') writes.set(step, (writes.get(step) ?? 0) + delta);
    if (step === '(other)') {
      const where = `${leaf.fn || '(anonymous)'} ${leaf.file}`.trim();
      other.set(where, (other.get(where) ?? 0) + delta);
    }
  }
  const idle = byStep.get('(idle)') ?? 0;
  const busy = Math.max(1, inWindow - idle);
  const perUpdate = (us: number) => Math.round((us / Math.max(1, window.updates)) * 10) / 10;
  const pct = (us: number) => Math.round((1000 * us) / busy) / 10;
  const rows: LedgerRow[] = [...PRINT_ORDER, '(program)', '(other)'].map((step) => {
    const us = byStep.get(step) ?? 0;
    const what =
      STEPS.find((s) => s.name === step)?.what ??
      (step === '(program)' ? 'V8 and native code with no JS frame (compiling, the event loop, the kernel under a native call it did not attribute)' : 'no step on the stack: promise and timer machinery, sweeps, NestJS (the largest are listed on screen)');
    return { step, what, ms: Math.round(us / 100) / 10, busyPercent: pct(us), usPerUpdate: perUpdate(us), writesUsPerUpdate: perUpdate(writes.get(step) ?? 0) };
  });
  const writeTotal = [...writes.values()].reduce((a, b) => a + b, 0);
  return {
    profile: file,
    windowSeconds: Math.round(inWindow / 1e5) / 10,
    samples,
    busyPercent: Math.round((1000 * busy) / Math.max(1, inWindow)) / 10,
    updates: window.updates,
    deliveries: window.deliveries,
    busyUsPerUpdate: perUpdate(busy),
    cpuUsPerUpdate: window.cpuSeconds === undefined ? null : perUpdate(window.cpuSeconds * 1e6),
    rows,
    socketWrites: { percent: pct(writeTotal), byStep: Object.fromEntries([...writes].sort((a, b) => b[1] - a[1]).map(([s, us]) => [s, pct(us)])) },
    gcPercent: pct(byStep.get('GC') ?? 0),
    unattributed: [...other]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([where, us]) => ({ where, ms: Math.round(us / 100) / 10, busyPercent: pct(us) })),
  };
}

export function printLedger(l: Ledger): void {
  console.log(
    `\nCost ledger (${l.profile || 'profile'}): ${l.windowSeconds} s window, ${l.samples} samples, main thread ${l.busyPercent}% busy; ` +
      `${l.updates} updates in (${l.deliveries} relayed deliveries): ${l.busyUsPerUpdate} µs of main-thread time an update` +
      (l.cpuUsPerUpdate === null ? '' : `, ${l.cpuUsPerUpdate} µs of process CPU (/proc: every thread, kernel included)`),
  );
  const width = Math.max(...l.rows.map((r) => r.step.length));
  console.log(`${'step'.padEnd(width)}  ${'ms'.padStart(8)}  ${'% busy'.padStart(6)}  ${'µs/update'.padStart(9)}  ${'of it writes'.padStart(12)}  what`);
  for (const r of l.rows) {
    console.log(
      `${r.step.padEnd(width)}  ${r.ms.toFixed(1).padStart(8)}  ${r.busyPercent.toFixed(1).padStart(6)}  ${r.usPerUpdate.toFixed(1).padStart(9)}  ${(r.writesUsPerUpdate ? r.writesUsPerUpdate.toFixed(1) : '').padStart(12)}  ${r.what}`,
    );
  }
  const writesBy = Object.entries(l.socketWrites.byStep).map(([s, p]) => `${s} ${p}%`).join(', ');
  console.log(`GC ${l.gcPercent}% of busy time; native socket writes (writev, writeBuffer) ${l.socketWrites.percent}%${writesBy ? ` (${writesBy})` : ''}`);
  if (l.unattributed.length > 0) {
    console.log('Largest unattributed (no step on the stack):');
    for (const u of l.unattributed) console.log(`  ${u.busyPercent.toFixed(1).padStart(5)}%  ${u.ms.toFixed(1).padStart(8)} ms  ${u.where}`);
  }
}

/** The ledger as a Markdown table (for bench/README.md). */
export function ledgerMarkdown(l: Ledger, reference?: Ledger): string {
  const head = `| step | ms in window | % of busy | µs / update | of it socket writes |${reference ? ' reference µs / update |' : ''} what it covers |`;
  const lines = [head, `|---|---|---|---|---|${reference ? '---|' : ''}---|`];
  for (const r of l.rows) {
    const ref = reference?.rows.find((x) => x.step === r.step);
    lines.push(
      `| ${r.step} | ${r.ms.toFixed(1)} | ${r.busyPercent.toFixed(1)} | ${r.usPerUpdate.toFixed(1)} | ${r.writesUsPerUpdate ? r.writesUsPerUpdate.toFixed(1) : ''} |${reference ? ` ${ref ? ref.usPerUpdate.toFixed(1) : '–'} |` : ''} ${r.what} |`,
    );
  }
  lines.push(`| **all (main thread busy)** | | ${l.busyPercent.toFixed(1)} % of the window | **${l.busyUsPerUpdate.toFixed(1)}** | |${reference ? ` **${reference.busyUsPerUpdate.toFixed(1)}** |` : ''} |`);
  return lines.join('\n');
}

/** Two ledgers side by side on screen: µs per update, step by step (ours, then the reference's). */
export function printComparison(ours: Ledger, reference: Ledger): void {
  console.log('\nµs of main-thread time per update, step by step: ours / reference (same load, each profiled alone)');
  for (const r of ours.rows) {
    const ref = reference.rows.find((x) => x.step === r.step);
    console.log(`  ${r.step.padEnd(12)} ${r.usPerUpdate.toFixed(1).padStart(7)} / ${(ref?.usPerUpdate ?? 0).toFixed(1).padStart(6)}`);
  }
  console.log(`  ${'all'.padEnd(12)} ${ours.busyUsPerUpdate.toFixed(1).padStart(7)} / ${reference.busyUsPerUpdate.toFixed(1).padStart(6)}`);
}

/** A profile file and its window (written beside it by the bench as `<file>.window.json`). */
export function ledgerOfFile(file: string, window?: LedgerWindow): Ledger {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const w = window ?? (existsSync(`${file}.window.json`) ? (JSON.parse(readFileSync(`${file}.window.json`, 'utf8')) as LedgerWindow) : { fromUs: profile.startTime, toUs: profile.endTime, updates: 0, deliveries: 0 });
  return costLedger(profile, w, file);
}
