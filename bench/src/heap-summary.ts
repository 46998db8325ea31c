/**
 * `npm run heap-summary -w @kinship/bench -- <file.heapsnapshot> [--top=N] [--per=<count>]`: what a
 * server's heap holds, as self size by kind and constructor (V8's node types: an object by its
 * constructor's name, closures by function name, strings, arrays, compiled code), largest first.
 * `--per=<count>` also divides each figure by that count (the idle scenario's clients), so a
 * connection's share shows. Open the file in Chrome DevTools for retainers.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
}

function summarize(file: string, top: number, per: number | null): void {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const groups = new Map<string, { bytes: number; count: number }>();
  let total = 0;
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const size = heap.nodes[i + sizeAt]!;
    total += size;
    // Strings and code by kind only; objects and closures by their constructor's or function's name.
    const name = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' ? heap.strings[heap.nodes[i + nameAt]!]! : '';
    const key = `${type}${name ? ` ${name.slice(0, 60)}` : ''}`;
    const group = groups.get(key) ?? { bytes: 0, count: 0 };
    group.bytes += size;
    group.count++;
    groups.set(key, group);
  }
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  console.log(`${file}: ${(total / 1024 / 1024).toFixed(1)} MiB in ${heap.snapshot.node_count} nodes${per ? `; per one of ${per}: ${kib(total / per)} KiB` : ''}`);
  console.log(`${'KiB'.padStart(10)} ${'count'.padStart(9)}${per ? `${'KiB/each'.padStart(10)}${'n/each'.padStart(8)}` : ''}  kind and constructor`);
  for (const [key, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
    const each = per ? `${kib(g.bytes / per).padStart(10)}${(g.count / per).toFixed(1).padStart(8)}` : '';
    console.log(`${kib(g.bytes).padStart(10)} ${String(g.count).padStart(9)}${each}  ${key}`);
  }
}

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const files = args.filter((a) => !a.startsWith('--'));
if (files.length === 0) {
  console.error('usage: heap-summary <file.heapsnapshot>... [--top=N] [--per=<count>]');
  process.exit(2);
}
for (const file of files) summarize(file, Number(option('top') ?? 40), option('per') ? Number(option('per')) : null);
