/**
 * Commitments (issue 26, item 1): a partner's own promise on an item of the agreement in force that
 * binds them, checked in on once per period of the workspace's rhythm. The pure parts: the rhythm,
 * its periods, the outcomes, and why a commitment was retired. Who may do what is in `can()`.
 */

export const COMMITMENT_RHYTHMS = ['daily', 'weekly'] as const;
export type CommitmentRhythm = (typeof COMMITMENT_RHYTHMS)[number];
/** Until the counselor sets one with the couple, a workspace checks in weekly. */
export const DEFAULT_COMMITMENT_RHYTHM: CommitmentRhythm = 'weekly';

export const COMMITMENT_OUTCOMES = ['kept', 'partly', 'not-this-time'] as const;
export type CommitmentOutcome = (typeof COMMITMENT_OUTCOMES)[number];
/** The words for each outcome: plain, with no praise or blame in them. */
export const COMMITMENT_OUTCOME_LABELS: Record<CommitmentOutcome, string> = {
  kept: 'Kept',
  partly: 'Partly',
  'not-this-time': 'Not this time',
};

/**
 * Why a commitment stopped: its owner retired it, or a new version of the agreement came into
 * force without its item (gone, retired, or now binding only the other partner).
 */
export const COMMITMENT_RETIRED_REASONS = ['by-owner', 'item-gone', 'item-retired', 'item-no-longer-binds'] as const;
export type CommitmentRetiredReason = (typeof COMMITMENT_RETIRED_REASONS)[number];

export function commitmentRetiredWords(reason: CommitmentRetiredReason, version: number | null): string {
  const inVersion = version === null ? '' : ` (version ${version})`;
  switch (reason) {
    case 'by-owner':
      return 'Retired by its author';
    case 'item-gone':
      return `Retired: its item is no longer in the agreement${inVersion}`;
    case 'item-retired':
      return `Retired: its item was retired from the agreement${inVersion}`;
    case 'item-no-longer-binds':
      return `Retired: its item no longer binds its author${inVersion}`;
  }
}

const DAY_MS = 86_400_000;

/** A calendar day (UTC) as `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` that names a real day; anything else is null. */
export function parseUtcDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const at = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(at.getTime()) || utcDay(at) !== value ? null : at;
}

/** The Monday (UTC) of the week holding this moment. */
export function mondayOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return utcDay(new Date(day.getTime() - sinceMonday * DAY_MS));
}

/** The period a moment falls in, named by its first day: the day itself (daily) or its week's Monday (weekly). Days are UTC. */
export function periodOf(rhythm: CommitmentRhythm, at: Date): string {
  return rhythm === 'daily' ? utcDay(at) : mondayOf(at);
}

/** The periods of the week starting on `monday`: seven days, or the one week. */
export function periodsOfWeek(rhythm: CommitmentRhythm, monday: string): string[] {
  if (rhythm === 'weekly') return [monday];
  const start = parseUtcDay(monday)!.getTime();
  return Array.from({ length: 7 }, (_, i) => utcDay(new Date(start + i * DAY_MS)));
}

/** The longest commitment and note, in characters. */
export const COMMITMENT_TEXT_MAX = 500;
export const COMMITMENT_NOTE_MAX = 2000;
