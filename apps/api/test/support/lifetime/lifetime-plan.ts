/**
 * The lifetime spec's plan (lifetime.spec.ts): its days, what happens on which, its limits, and its
 * seeded choices.
 */

export const SEED = Number(process.env.LIFETIME_SEED ?? 2021);
export const DAYS = 40;
export const PROPOSAL_DAYS = [5, 10, 15, 20, 25, 30, 35, 40];
export const PASTE_DAY = 25;
/** A process SIGKILLed mid-typing on one day, started again on a later one. */
export const KILLS = [
  { day: 17, victim: 'one', restartDay: 19 },
  { day: 36, victim: 'two', restartDay: 37 },
];
export const REDIS_DOWN_DAY = 28;
export const REDIS_UP_DAY = 31;
/** The document quota the processes are given (SYNC_DOCUMENT_QUOTA_BYTES) and this spec holds every document to. */
export const DOCUMENT_QUOTA_BYTES = 4 * 1024 * 1024;
export const WORKSPACE_QUOTA_BYTES = 32 * 1024 * 1024;
/** How long a page may take to sync, or a receipt to come back, on this loaded two-core machine. */
export const WAIT_MS = 10_000;
/** Past this, the remaining days are skipped (and that is a failure), so a run that stalls still ends with its report. */
export const BUDGET_MS = 180_000;
/** No request waits longer than this: a process that never answers is reported, not waited on for ever. */
export const REQUEST_MS = 15_000;
/** LIFETIME_VERBOSE=1 prints each day as it ends. */
export const progress = (line: string) => process.env.LIFETIME_VERBOSE && process.stderr.write(`${new Date().toISOString()} ${line}\n`);
/** The colours Nest's logger puts around words. */
export const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/** Close codes no honest client here should ever get: the final 44xx refusals (4400 malformed, 4403 not allowed, 4413 over the limits, …) and 1009. */
export const refusedForGood = (code: number) => (code >= 4400 && code < 4500) || code === 1009;

// ---- Seeded randomness (mulberry32): one stream per actor, so concurrency does not reorder draws.

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export type Rng = () => number;
const streams = new Map<string, Rng>();
export function rngOf(actor: string): Rng {
  let rng = streams.get(actor);
  if (!rng) {
    let h = SEED;
    for (const ch of actor) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1);
    rng = prng(h);
    streams.set(actor, rng);
  }
  return rng;
}
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const WORDS = 'we talked about the evenings phones money holidays chores kids weekends family friends work sleep walks dinner'.split(' ');
export const words = (rng: Rng, n: number) => Array.from({ length: n }, () => pick(rng, WORDS)).join(' ');
/** Paces typing and times races: never waited on for an outcome. */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
