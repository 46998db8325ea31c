import { TypingResult } from './typing';

/** How a run's figures are printed: tables, and each figure over the reference server's in the same round. */

export type Row = Record<string, string | number | undefined>;

export function table(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(columns.map((c) => String(r[c] ?? ''))));
}

export const isError = (r: object): r is { server: string; error: string } => 'error' in r;
export const ms = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '–' : String(n));

/** Server CPU (every process, /proc) per update typed in the window, in µs. */
export const cpuPerUpdate = (r: TypingResult) => (r.updatesSent > 0 ? Math.round((r.serverProcess.cpuSeconds * 1e6) / r.updatesSent) : NaN);

/** Each figure of a round over the reference server's in the same round (null without one, or without a figure). */
export interface Ratios {
  server: string;
  p50: number | null;
  p99: number | null;
  cpuPerUpdate: number | null;
  rssPeak: number | null;
}

export function ratiosToReference(results: (TypingResult | { server: string; error: string })[]): Ratios[] {
  const reference = results.find((r): r is TypingResult => !isError(r) && r.server === 'reference');
  const over = (a: number, b: number | undefined) => (reference && b && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? Math.round((100 * a) / b) / 100 : null);
  return results.map((r) =>
    isError(r) || !reference
      ? { server: r.server, p50: null, p99: null, cpuPerUpdate: null, rssPeak: null }
      : {
          server: r.server,
          p50: over(r.relay.p50, reference.relay.p50),
          p99: over(r.relay.p99, reference.relay.p99),
          cpuPerUpdate: over(cpuPerUpdate(r), cpuPerUpdate(reference)),
          rssPeak: over(r.serverProcess.rssPeakMiB, reference.serverProcess.rssPeakMiB),
        },
  );
}

export const times = (n: number | null) => (n === null ? '–' : `${n}×`);

export function typingRows(results: (TypingResult | { server: string; error: string })[]): Row[] {
  const ratios = ratiosToReference(results);
  return results.map((r, i) =>
    isError(r)
      ? { server: r.server, error: r.error.split('\n')[0].slice(0, 80) }
      : {
          server: r.server,
          'in/s': r.updatesInPerSecond,
          delivered: `${r.deliveredPercent}%`,
          echoes: r.echoes,
          'relay p50': ms(r.relay.p50),
          p99: ms(r.relay.p99),
          max: ms(r.relay.max),
          'p50 ×ref': times(ratios[i]!.p50),
          'p99 ×ref': times(ratios[i]!.p99),
          'saved p50': ms(r.saved?.p50),
          'saved p99': ms(r.saved?.p99),
          'saved max': ms(r.saved?.max),
          'durable/s': r.durableUpdatesPerSecond ?? '–',
          'cpu %': r.serverProcess.cpuPercent,
          'cpu µs/update': cpuPerUpdate(r),
          'cpu ×ref': times(ratios[i]!.cpuPerUpdate),
          'rss peak MiB': Math.round(r.serverProcess.rssPeakMiB),
          'rss ×ref': times(ratios[i]!.rssPeak),
          'pg cpu %': r.postgres.cpuPercent,
          'gen cpu %': r.loadGeneratorCpuPercent,
          'gen lag p99': r.loadGeneratorLagP99Ms,
          load: r.loadAverage.join('→'),
          closed: Object.entries(r.closedByServer).map(([code, n]) => `${n}×${code}`).join(' ') || '0',
        },
  );
}

/** Every round's figures and ratios to the reference side by side, per server (one line per document count). */
export function roundsSummary(rounds: { docs: number; results: (TypingResult | { server: string; error: string })[] }[]): Row[] {
  const rows: Row[] = [];
  const keys = [...new Set(rounds.map((r) => r.docs))];
  for (const docs of keys) {
    const these = rounds.filter((r) => r.docs === docs);
    const servers = [...new Set(these.flatMap((r) => r.results.map((x) => x.server)))];
    for (const server of servers) {
      const cells = these.map((round) => {
        const r = round.results.find((x) => x.server === server);
        const ratio = ratiosToReference(round.results).find((x) => x.server === server);
        return { r: r && !isError(r) ? r : null, ratio };
      });
      const join = (f: (c: (typeof cells)[number]) => string) => cells.map(f).join(' / ');
      rows.push({
        docs,
        server,
        'p50 ms': join((c) => ms(c.r?.relay.p50)),
        'p99 ms': join((c) => ms(c.r?.relay.p99)),
        'p50 ×ref': join((c) => times(c.ratio?.p50 ?? null)),
        'p99 ×ref': join((c) => times(c.ratio?.p99 ?? null)),
        'cpu µs/update ×ref': join((c) => times(c.ratio?.cpuPerUpdate ?? null)),
        'rss peak MiB': join((c) => (c.r ? String(Math.round(c.r.serverProcess.rssPeakMiB)) : '–')),
        delivered: join((c) => (c.r ? `${c.r.deliveredPercent}%` : '–')),
        load: join((c) => (c.r ? String(c.r.loadAverage[1]) : '–')),
      });
    }
  }
  return rows;
}
