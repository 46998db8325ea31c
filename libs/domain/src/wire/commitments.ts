import { z } from 'zod';
import { COMMITMENT_NOTE_MAX, COMMITMENT_OUTCOMES, COMMITMENT_RHYTHMS, COMMITMENT_TEXT_MAX, CommitmentOutcome, CommitmentRetiredReason, CommitmentRhythm } from '../rules/commitments';
import { hasControlCharacter, TEXT } from './rest';

/** Commitments (issue 26, item 1): REST bodies and views shared by the API and the web client. */

/** Words people type: no control characters except line breaks, trimmed, within `max`. */
const words = (max: number, required: boolean) =>
  z
    .string(TEXT)
    .transform((s) => s.trim())
    .refine((s) => !hasControlCharacter(s.replace(/\n/g, ' ')), { error: 'must not contain control characters' })
    .refine((s) => !required || s.length > 0, { error: 'is required' })
    .refine((s) => s.length <= max, { error: `must be at most ${max} characters` });

const uuid = z.string(TEXT).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: 'must be an id' });

/** `POST /api/workspaces/:id/commitments`: a partner's commitment on an item of the agreement in force. */
export const MakeCommitmentBody = z
  .object({ agreementId: uuid, itemId: z.string(TEXT).min(1).max(200), text: words(COMMITMENT_TEXT_MAX, true) })
  .strict();
export type MakeCommitmentBody = z.infer<typeof MakeCommitmentBody>;

/** `PATCH /api/commitments/:id`: its author rewords it. */
export const EditCommitmentBody = z.object({ text: words(COMMITMENT_TEXT_MAX, true) }).strict();
export type EditCommitmentBody = z.infer<typeof EditCommitmentBody>;

/** `PUT /api/workspaces/:id/commitments/rhythm`: the counselor sets the rhythm agreed with the couple. */
export const SetCommitmentRhythmBody = z.object({ rhythm: z.enum(COMMITMENT_RHYTHMS) }).strict();
export type SetCommitmentRhythmBody = z.infer<typeof SetCommitmentRhythmBody>;

/** `PUT /api/commitments/:id/check-ins/:period`: kept, partly or not this time, and an optional note. */
export const CommitmentCheckInBody = z
  .object({ outcome: z.enum(COMMITMENT_OUTCOMES), note: words(COMMITMENT_NOTE_MAX, false).optional() })
  .strict();
export type CommitmentCheckInBody = z.infer<typeof CommitmentCheckInBody>;

/** A commitment as everyone in the workspace sees it: never anything of its check-ins. */
export interface CommitmentView {
  id: string;
  workspaceId: string;
  agreementId: string;
  agreementTitle: string;
  itemId: string;
  /** The item's title in the version it was last carried into. */
  itemTitle: string;
  /** The version of the agreement it was made in or last carried into. */
  version: number;
  author: { accountId: string; name: string };
  text: string;
  createdAt: string;
  retired: { at: string; reason: CommitmentRetiredReason; inVersion: number | null; words: string } | null;
}

/** `GET /api/workspaces/:id/commitments`: the rhythm and every commitment, open to everyone in the workspace. */
export interface CommitmentsView {
  rhythm: CommitmentRhythm;
  commitments: CommitmentView[];
}

export interface CommitmentCheckInView {
  period: string;
  outcome: CommitmentOutcome;
  note: string | null;
}

/** One person's week: their commitments, and for each, their check-ins in the week's periods. */
export interface CommitmentPersonWeek {
  accountId: string;
  name: string;
  commitments: { commitment: CommitmentView; checkIns: CommitmentCheckInView[] }[];
}

/**
 * `GET /api/workspaces/:id/commitments/week?of=YYYY-MM-DD`: a calm view of one week. A partner sees
 * only their own; the counselor sees each partner's.
 */
export interface CommitmentWeekView {
  rhythm: CommitmentRhythm;
  /** The week's Monday (UTC). */
  weekOf: string;
  /** The periods in the week (one, or seven days), and the one check-ins may be made or changed in now. */
  periods: string[];
  currentPeriod: string;
  people: CommitmentPersonWeek[];
}
