/**
 * `npm run profile-summary -w @kinship/bench -- <file.cpuprofile>`: where a CPU profile's time went,
 * as self time by function and by package (or our own source file), so the README can say what
 * limits a server. `--ledger`: the per-update cost ledger instead (ledger.ts), over the window the
 * bench wrote beside the profile (`<file>.window.json`), or the whole profile without one. Open the
 * file in Chrome DevTools for the whole picture.
 */
import { readFileSync } from 'node:fs';
import { ledgerMarkdown, ledgerOfFile, printLedger } from './ledger';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A package name, our own source file, or what V8 calls the frame (GC, idle, program). */
function place(url: string, name: string): string {
  if (!url) return `(${name.replace(/[()]/g, '') || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const ours = /(apps|libs)\/.*$/.exec(url);
  return ours ? ours[0].replace(/^apps\/api\/dist\//, 'api/') : url;
}

function summarize(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = profile.endTime - profile.startTime;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const where = place(frame.url, frame.functionName);
    const fn = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(where, (byPlace.get(where) ?? 0) + us);
  }
  const busy = total - (byPlace.get('(idle)') ?? 0);
  const show = (title: string, rows: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * us) / total).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(8)} ms  ${key}`);
    }
  };
  console.log(`${file}\n${(total / 1e6).toFixed(1)} s profiled, ${((100 * busy) / total).toFixed(1)}% of it busy (not idle)`);
  show('Self time by package or source file', byPlace);
  show('Self time by function', byFunction);
}

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const top = Number(/--top=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 25);
if (files.length === 0) {
  console.error('usage: profile-summary <file.cpuprofile> [--top=25] [--ledger [--markdown]]');
  process.exit(2);
}
const ledger = process.argv.includes('--ledger');
const markdown = process.argv.includes('--markdown');
for (const file of files) {
  if (!ledger) {
    summarize(file, top);
    continue;
  }
  const l = ledgerOfFile(file);
  printLedger(l);
  if (markdown) console.log(`\n${ledgerMarkdown(l)}`);
}
