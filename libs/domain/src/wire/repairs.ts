import { z } from 'zod';
import {
  Apology,
  hasFinished,
  REPAIR_FEELINGS,
  REPAIR_KINDS,
  REPAIR_STEPS,
  REPAIR_TEXT_MAX,
  RepairFeeling,
  RepairKind,
  RepairState,
  RepairStatus,
  RepairStep,
  repairTurnWords,
  SentApology,
  ViewRound,
  ViewsPhase,
} from '../rules/repair';
import { hasControlCharacter, TEXT } from './rest';

/** Guided repair (issue 26, item 6): REST bodies and views shared by the API and the web client. */

const words = (max: number) =>
  z
    .string(TEXT)
    .transform((s) => s.trim())
    .refine((s) => !hasControlCharacter(s.replace(/\n/g, ' ')), { error: 'must not contain control characters' })
    .refine((s) => s.length > 0, { error: 'is required' })
    .refine((s) => s.length <= max, { error: `must be at most ${max} characters` });

const uuid = z.string(TEXT).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: 'must be an id' });
const text = words(REPAIR_TEXT_MAX);

/** `POST /api/workspaces/:id/repairs`: start one (incident, or betrayal once the counselor unlocked it). */
export const StartRepairBody = z.object({ kind: z.enum(REPAIR_KINDS) }).strict();
export type StartRepairBody = z.infer<typeof StartRepairBody>;

/** `PUT /api/workspaces/:id/repairs/betrayal`: the counselor unlocks betrayal repair, or locks it again. */
export const SetBetrayalUnlockBody = z.object({ unlocked: z.boolean() }).strict();
export type SetBetrayalUnlockBody = z.infer<typeof SetBetrayalUnlockBody>;

/** `POST /api/repairs/:id/moves`: one move, always the caller's own (there is no field naming anyone else). */
export const RepairMoveBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('calm') }).strict(),
  z.object({ type: z.literal('feelings'), feelings: z.array(z.enum(REPAIR_FEELINGS)).min(1, { error: 'pick at least one feeling' }).max(REPAIR_FEELINGS.length) }).strict(),
  z.object({ type: z.literal('tell'), text }).strict(),
  z.object({ type: z.literal('restate'), text }).strict(),
  z.object({ type: z.literal('heard') }).strict(),
  z.object({ type: z.literal('not-quite') }).strict(),
  z.object({ type: z.literal('trigger'), text }).strict(),
  z.object({ type: z.literal('own'), text }).strict(),
  z.object({ type: z.literal('differently'), text }).strict(),
  z.object({ type: z.literal('break') }).strict(),
  z.object({ type: z.literal('resume') }).strict(),
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('unpause') }).strict(),
  z.object({ type: z.literal('close') }).strict(),
]);
export type RepairMoveBody = z.infer<typeof RepairMoveBody>;

/** `PUT /api/repairs/:id/apology`: the caller's apology, kept as their draft, or sent to the other partner (`send`). */
export const RepairApologyBody = z
  .object({ did: text, impact: text, will: text, see: text, send: z.boolean() })
  .strict();
export type RepairApologyBody = z.infer<typeof RepairApologyBody>;

/** `POST /api/repairs/:id/proposal`: the caller's "one thing" as a proposed item of this agreement (in force). */
export const RepairProposalBody = z.object({ agreementId: uuid }).strict();
export type RepairProposalBody = z.infer<typeof RepairProposalBody>;

/** `POST /api/repairs/:id/commitment`: the caller's "one thing" as their commitment on an item binding them. */
export const RepairCommitmentBody = z.object({ agreementId: uuid, itemId: z.string(TEXT).min(1).max(200) }).strict();
export type RepairCommitmentBody = z.infer<typeof RepairCommitmentBody>;

export interface RepairPerson {
  accountId: string;
  name: string;
}

/**
 * A repair as one member sees it. Both partners see what the flow shares; in the steps where each
 * writes their own entry, the other's entry shows once both have finished that step (the counselor
 * sees every entry). A partner's apology draft reaches only them.
 */
export interface RepairView {
  id: string;
  workspaceId: string;
  kind: RepairKind;
  status: RepairStatus;
  step: RepairStep;
  /** Goes up by one with every change both partners see (never with a draft). */
  version: number;
  startedAt: string;
  startedBy: RepairPerson;
  /** In telling order. */
  partners: RepairPerson[];
  /** Each step's progress: which partner has done their part. */
  progress: Record<RepairStep, Record<string, boolean>>;
  feelings: Record<string, RepairFeeling[]>;
  views: { round: 0 | 1; phase: ViewsPhase; teller: string; listener: string; rounds: ViewRound[] };
  triggers: Record<string, string>;
  owns: Record<string, string>;
  differently: Record<string, string>;
  breakBy: string | null;
  breakUntil: string | null;
  paused: { by: string; at: string } | null;
  apologies: SentApology[];
  outcomes: RepairState['outcomes'];
  /** Whose move it is, in words for this viewer (null when the repair is not open). */
  turn: string | null;
  /** The caller's own apology draft (never anyone else's). */
  myApologyDraft: Apology | null;
  closedBy: string | null;
  endedAt: string | null;
}

export interface RepairSummary {
  id: string;
  kind: RepairKind;
  status: RepairStatus;
  step: RepairStep;
  startedAt: string;
  endedAt: string | null;
}

/**
 * `GET /api/workspaces/:id/repairs`: whether betrayal repair is unlocked, the current repair (the
 * open one, or else the latest finished one), and the earlier ones.
 */
export interface RepairsView {
  betrayalUnlocked: boolean;
  current: RepairView | null;
  past: RepairSummary[];
}

/** `repair:changed` on `/live`: a repair of this workspace changed; pages read it again. Carries no words. */
export interface RepairChangedMessage {
  workspaceId: string;
  repairId: string;
  version: number;
}

/**
 * What of a repair's state `viewer` may see: everything but the other partner's entry in a step
 * they are both still writing (the counselor sees it all).
 */
export function visibleRepair(
  state: RepairState,
  viewer: { accountId: string; role: 'partner' | 'counselor' },
  name: (accountId: string) => string,
): Pick<RepairView, 'kind' | 'status' | 'step' | 'progress' | 'feelings' | 'views' | 'triggers' | 'owns' | 'differently' | 'breakBy' | 'breakUntil' | 'paused' | 'apologies' | 'outcomes' | 'turn' | 'closedBy' | 'endedAt'> {
  const past = (step: RepairStep) => REPAIR_STEPS.indexOf(state.step) > REPAIR_STEPS.indexOf(step);
  const show = <T>(step: RepairStep, entries: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(entries).filter(([who]) => viewer.role === 'counselor' || who === viewer.accountId || past(step)));
  const progress = Object.fromEntries(
    REPAIR_STEPS.map((step) => [step, Object.fromEntries(state.partners.map((p) => [p, step === state.step ? hasFinished(state, step, p) : past(step)]))]),
  ) as Record<RepairStep, Record<string, boolean>>;
  const teller = state.partners[state.views.round];
  const listener = state.partners[state.views.round === 0 ? 1 : 0];
  return {
    kind: state.kind,
    status: state.status,
    step: state.step,
    progress,
    feelings: show('feelings', state.feelings),
    views: { ...state.views, teller, listener },
    triggers: show('triggers', state.triggers),
    owns: show('owns', state.owns),
    differently: show('differently', state.differently),
    breakBy: state.breakBy,
    breakUntil: state.breakUntil,
    paused: state.pausedBy ? { by: state.pausedBy, at: state.pausedAt! } : null,
    apologies: state.apologies,
    outcomes: state.outcomes,
    turn: repairTurnWords(state, viewer.accountId, name),
    closedBy: state.closedBy,
    endedAt: state.endedAt,
  };
}
