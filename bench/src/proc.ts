/** Process figures read from /proc: CPU time (utime + stime) and resident memory. */
import { readFileSync } from 'node:fs';
import type { Client } from 'pg';

const TICKS_PER_SECOND = 100; // CLK_TCK on Linux

/** CPU seconds a process has used so far (user + system), or null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is [0], utime is field 14 overall → [11], stime → [12].
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export function rssMiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples a set of processes over a window: CPU used between start() and stop(), and the peak of
 * their summed RSS (sampled every `everyMs`).
 */
export class ProcessMeter {
  private startCpu = new Map<number, number>();
  private peak = 0;
  private last = 0;
  private timer: NodeJS.Timeout | null = null;
  private started = 0;

  constructor(private readonly pids: number[], private readonly everyMs = 200) {}

  start(): void {
    this.started = performance.now();
    for (const pid of this.pids) this.startCpu.set(pid, cpuSeconds(pid) ?? 0);
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  private sample(): void {
    this.last = this.pids.reduce((sum, pid) => sum + rssMiB(pid), 0);
    this.peak = Math.max(this.peak, this.last);
  }

  stop(): { cpuSeconds: number; cpuPercent: number; rssPeakMiB: number; rssEndMiB: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.started) / 1000;
    const cpu = this.pids.reduce((sum, pid) => sum + ((cpuSeconds(pid) ?? 0) - (this.startCpu.get(pid) ?? 0)), 0);
    return { cpuSeconds: round(cpu, 2), cpuPercent: round((100 * cpu) / seconds), rssPeakMiB: round(this.peak), rssEndMiB: round(this.last) };
  }
}

/**
 * PostgreSQL's CPU over a window: every backend of the bench database seen during it (polled from
 * pg_stat_activity, as pools open connections), plus the WAL writer, checkpointer and background
 * writer (shared with anything else on the server, so noisy when others use it).
 */
export class PostgresMeter {
  private seen = new Map<number, { first: number; last: number }>();
  private timer: NodeJS.Timeout | null = null;
  private started = 0;

  constructor(private readonly db: Client) {}

  private async poll(initial = false): Promise<void> {
    const rows: { pid: number }[] = (
      await this.db.query(
        `SELECT pid FROM pg_stat_activity
         WHERE (datname = current_database() AND pid <> pg_backend_pid()) OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
      )
    ).rows;
    for (const { pid } of rows) {
      const cpu = cpuSeconds(pid);
      if (cpu === null) continue;
      const entry = this.seen.get(pid);
      if (entry) entry.last = cpu;
      // A backend forked during the window started from nothing.
      else this.seen.set(pid, { first: initial ? cpu : 0, last: cpu });
    }
  }

  async start(): Promise<void> {
    this.started = performance.now();
    await this.poll(true);
    this.timer = setInterval(() => void this.poll().catch(() => undefined), 500);
  }

  async stop(): Promise<{ cpuSeconds: number; cpuPercent: number; backends: number }> {
    if (this.timer) clearInterval(this.timer);
    await this.poll();
    const seconds = (performance.now() - this.started) / 1000;
    let cpu = 0;
    for (const { first, last } of this.seen.values()) cpu += last - first;
    return { cpuSeconds: round(cpu), cpuPercent: round((100 * cpu) / seconds), backends: this.seen.size };
  }
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
