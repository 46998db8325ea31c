/**
 * Guided repair (issue 26, item 6): after a hurtful incident, the two partners go through it in
 * steps, each gated on both finishing the one before. The step machine is pure: the API validates
 * every move with `applyRepairMove` and keeps the state; the web app reads the same rules to show
 * whose turn it is. Who may start, pause or unlock betrayal repair is in `can()` (roles.ts).
 */

export const REPAIR_KINDS = ['incident', 'betrayal'] as const;
export type RepairKind = (typeof REPAIR_KINDS)[number];

export const REPAIR_STEPS = ['calm', 'feelings', 'views', 'triggers', 'owns', 'differently', 'done'] as const;
export type RepairStep = (typeof REPAIR_STEPS)[number];

/** Each step's name, as the screens say it. */
export const REPAIR_STEP_LABELS: Record<RepairStep, string> = {
  calm: 'Calm enough to start',
  feelings: 'What I felt',
  views: 'Each of our views',
  triggers: 'What set me off',
  owns: 'What I own',
  differently: 'One thing I will do differently',
  done: 'Done',
};

/** The feelings a partner picks from: plain words, none of them blaming. */
export const REPAIR_FEELINGS = [
  'hurt',
  'sad',
  'lonely',
  'scared',
  'worried',
  'angry',
  'frustrated',
  'ashamed',
  'embarrassed',
  'overwhelmed',
  'unseen',
  'unimportant',
  'disappointed',
  'confused',
  'numb',
  'tired',
] as const;
export type RepairFeeling = (typeof REPAIR_FEELINGS)[number];

/** The shortest break, in minutes: the server refuses to resume before it has passed. */
export const REPAIR_BREAK_MINUTES = 20;
export const REPAIR_BREAK_MS = REPAIR_BREAK_MINUTES * 60_000;
/** The longest text a partner writes into one step (a view, a restatement, an apology part). */
export const REPAIR_TEXT_MAX = 2000;

export type RepairStatus = 'open' | 'done' | 'closed';
export type ViewsPhase = 'tell' | 'restate' | 'confirm';

/** One partner's turn at telling their view, and the other's restatements of it. */
export interface ViewRound {
  teller: string;
  telling: string | null;
  restatements: string[];
  /** The teller said it was heard (the round is over). */
  heard: boolean;
}

export interface Apology {
  /** What I did. */
  did: string;
  /** What it did to you. */
  impact: string;
  /** What I will do. */
  will: string;
  /** How you will see it. */
  see: string;
}

export interface SentApology extends Apology {
  from: string;
  sentAt: string;
}

/** Everything the repair holds (sealed at rest as one value by the API). Partners are account ids. */
export interface RepairState {
  kind: RepairKind;
  status: RepairStatus;
  step: RepairStep;
  /** The two partners, in telling order (the first tells their view first). */
  partners: [string, string];
  calm: Record<string, boolean>;
  feelings: Record<string, RepairFeeling[]>;
  views: { round: 0 | 1; phase: ViewsPhase; rounds: ViewRound[] };
  triggers: Record<string, string>;
  owns: Record<string, string>;
  differently: Record<string, string>;
  /** A break: who called it and when it may end (ISO); null when none. */
  breakBy: string | null;
  breakUntil: string | null;
  /** The counselor's pause: who, since when; null when not paused. */
  pausedBy: string | null;
  pausedAt: string | null;
  apologies: SentApology[];
  /** What a partner's "one thing" became: a proposed agreement item, a commitment. */
  outcomes: Record<string, { agreementId?: string; proposalId?: string; commitmentId?: string }>;
  closedBy: string | null;
  endedAt: string | null;
}

export type RepairMove =
  | { type: 'calm' }
  | { type: 'feelings'; feelings: RepairFeeling[] }
  | { type: 'tell'; text: string }
  | { type: 'restate'; text: string }
  | { type: 'heard' }
  | { type: 'not-quite' }
  | { type: 'trigger'; text: string }
  | { type: 'own'; text: string }
  | { type: 'differently'; text: string }
  | { type: 'break' }
  | { type: 'resume' }
  | { type: 'pause' }
  | { type: 'unpause' }
  | { type: 'apology'; apology: Apology }
  | { type: 'close' };
export type RepairMoveType = RepairMove['type'];

export interface RepairActor {
  accountId: string;
  role: 'partner' | 'counselor';
}

export type RepairRefusal = { ok: false; code: 'forbidden' | 'conflict'; message: string };
export type RepairResult = { ok: true; state: RepairState } | RepairRefusal;

/** A new repair, at its first step. `first` tells their view first. */
export function newRepair(kind: RepairKind, partners: [string, string]): RepairState {
  return {
    kind,
    status: 'open',
    step: 'calm',
    partners,
    calm: {},
    feelings: {},
    views: { round: 0, phase: 'tell', rounds: [] },
    triggers: {},
    owns: {},
    differently: {},
    breakBy: null,
    breakUntil: null,
    pausedBy: null,
    pausedAt: null,
    apologies: [],
    outcomes: {},
    closedBy: null,
    endedAt: null,
  };
}

/** The steps where each partner gives one entry; the repair moves on once both have. */
const EACH_STEP: Partial<Record<RepairMoveType, { step: RepairStep; key: 'feelings' | 'triggers' | 'owns' | 'differently' }>> = {
  feelings: { step: 'feelings', key: 'feelings' },
  trigger: { step: 'triggers', key: 'triggers' },
  own: { step: 'owns', key: 'owns' },
  differently: { step: 'differently', key: 'differently' },
};

function nextStep(step: RepairStep): RepairStep {
  return REPAIR_STEPS[Math.min(REPAIR_STEPS.indexOf(step) + 1, REPAIR_STEPS.length - 1)]!;
}

/** The teller and the listener of the views round now. */
export function viewsTurn(state: RepairState): { teller: string; listener: string } {
  const teller = state.partners[state.views.round];
  const listener = state.partners[state.views.round === 0 ? 1 : 0];
  return { teller, listener };
}

/** Whether this partner has done their part of the step now (for the views step: both rounds heard). */
export function hasFinished(state: RepairState, step: RepairStep, accountId: string): boolean {
  switch (step) {
    case 'calm':
      return state.calm[accountId] === true;
    case 'feelings':
      return accountId in state.feelings;
    case 'views':
      return state.views.rounds.filter((r) => r.heard).length === 2;
    case 'triggers':
      return accountId in state.triggers;
    case 'owns':
      return accountId in state.owns;
    case 'differently':
      return accountId in state.differently;
    case 'done':
      return state.step === 'done';
  }
}

/** Whether the break has run its course at `now` (false when there is none). */
export function breakOver(state: RepairState, now: Date): boolean {
  return state.breakUntil !== null && now.getTime() >= Date.parse(state.breakUntil);
}

const refuse = (code: 'forbidden' | 'conflict', message: string): RepairRefusal => ({ ok: false, code, message });

/**
 * One move by one person, checked against every rule of the flow: a closed or finished repair, the
 * counselor's pause, a break, the step now, whose turn it is. `name` gives a person's name for the
 * refusal words. Returns the new state (the old one is never changed) or a refusal.
 */
export function applyRepairMove(previous: RepairState, actor: RepairActor, move: RepairMove, now: Date, name: (accountId: string) => string = () => 'the other partner'): RepairResult {
  if (previous.status !== 'open') return refuse('conflict', previous.status === 'done' ? 'This repair is finished: nothing more is written into it' : 'This repair was set aside: nothing more is written into it');
  const state: RepairState = structuredClone(previous);
  const isPartner = actor.role === 'partner' && state.partners.includes(actor.accountId);
  const me = actor.accountId;

  // The counselor's own moves: pause, unpause, close. Nothing else is theirs.
  if (move.type === 'pause' || move.type === 'unpause') {
    if (actor.role !== 'counselor') return refuse('forbidden', 'Only the counselor pauses or resumes a repair');
    if (move.type === 'pause') {
      if (state.pausedBy) return refuse('conflict', 'The repair is already paused');
      state.pausedBy = me;
      state.pausedAt = now.toISOString();
    } else {
      if (!state.pausedBy) return refuse('conflict', 'The repair is not paused');
      state.pausedBy = null;
      state.pausedAt = null;
    }
    return { ok: true, state };
  }
  if (move.type === 'close') {
    if (actor.role !== 'counselor' && !isPartner) return refuse('forbidden', 'Only the counselor or one of the partners sets a repair aside');
    state.status = 'closed';
    state.closedBy = me;
    state.endedAt = now.toISOString();
    return { ok: true, state };
  }
  if (!isPartner) {
    return refuse('forbidden', actor.role === 'counselor' ? 'The partners do the repair’s steps themselves; the counselor can pause it' : 'Only the two partners in this repair take its steps');
  }
  if (state.pausedBy) return refuse('conflict', 'The counselor has paused this repair: nothing moves until they resume it');

  if (move.type === 'break') {
    if (state.breakUntil) return refuse('conflict', `A break is already on, until ${state.breakUntil}`);
    state.breakBy = me;
    state.breakUntil = new Date(now.getTime() + REPAIR_BREAK_MS).toISOString();
    return { ok: true, state };
  }
  if (move.type === 'resume') {
    if (!state.breakUntil) return refuse('conflict', 'There is no break to end');
    if (!breakOver(state, now)) return refuse('conflict', `A break lasts at least ${REPAIR_BREAK_MINUTES} minutes: it ends at ${state.breakUntil}`);
    state.breakBy = null;
    state.breakUntil = null;
    return { ok: true, state };
  }
  if (state.breakUntil) {
    return refuse('conflict', breakOver(state, now) ? 'The break is over: resume the repair first' : `You are on a break until ${state.breakUntil}: nothing is written into the repair until it ends`);
  }

  if (move.type === 'apology') {
    state.apologies.push({ ...move.apology, from: me, sentAt: now.toISOString() });
    return { ok: true, state };
  }

  if (state.step === 'done') return refuse('conflict', 'Every step is done');

  if (move.type === 'calm') {
    if (state.step !== 'calm') return wrongStep(state);
    state.calm[me] = true;
    return advanceIfBoth(state, 'calm', now);
  }

  const each = EACH_STEP[move.type];
  if (each) {
    if (state.step !== each.step) return wrongStep(state);
    if (move.type === 'feelings') {
      if (move.feelings.length === 0) return refuse('conflict', 'Pick at least one feeling');
      state.feelings[me] = [...new Set(move.feelings)];
    } else {
      (state[each.key] as Record<string, string>)[me] = (move as { text: string }).text;
    }
    return advanceIfBoth(state, each.step, now);
  }

  if (move.type === 'tell' || move.type === 'restate' || move.type === 'heard' || move.type === 'not-quite') {
    if (state.step !== 'views') return wrongStep(state);
    const { teller, listener } = viewsTurn(state);
    const round = state.views.rounds[state.views.round];
    switch (move.type) {
      case 'tell':
        if (me !== teller) return refuse('forbidden', `It is ${name(teller)}’s turn to tell their view; yours comes next`);
        if (state.views.phase !== 'tell') return refuse('conflict', `Your view is told: now ${name(listener)} says it back in their words`);
        state.views.rounds[state.views.round] = { teller, telling: move.text, restatements: [], heard: false };
        state.views.phase = 'restate';
        return { ok: true, state };
      case 'restate':
        if (me !== listener) return refuse('forbidden', `${name(listener)} says ${name(teller)}’s view back; you are the one being heard now`);
        if (state.views.phase !== 'restate') return refuse('conflict', state.views.phase === 'tell' ? `${name(teller)} has not told their view yet` : `${name(teller)} is saying whether they were heard`);
        round!.restatements.push(move.text);
        state.views.phase = 'confirm';
        return { ok: true, state };
      case 'heard':
      case 'not-quite':
        if (me !== teller) return refuse('forbidden', `Only ${name(teller)}, whose view it is, says whether it was heard`);
        if (state.views.phase !== 'confirm') return refuse('conflict', `There is no restatement to answer yet`);
        if (move.type === 'not-quite') {
          state.views.phase = 'restate';
          return { ok: true, state };
        }
        round!.heard = true;
        if (state.views.round === 0) {
          state.views.round = 1;
          state.views.phase = 'tell';
        } else {
          state.step = nextStep('views');
        }
        return { ok: true, state };
    }
  }
  return refuse('conflict', 'That is not a step of this repair');
}

function wrongStep(state: RepairState): RepairRefusal {
  return refuse('conflict', `That belongs to another step: the repair is at “${REPAIR_STEP_LABELS[state.step]}”`);
}

function advanceIfBoth(state: RepairState, step: RepairStep, now: Date): RepairResult {
  if (state.partners.every((p) => hasFinished(state, step, p))) {
    state.step = nextStep(step);
    if (state.step === 'done') {
      state.status = 'done';
      state.endedAt = now.toISOString();
    }
  }
  return { ok: true, state };
}

/**
 * Whose move it is, in words for `viewer` (an account id; the counselor's view names both).
 * `null` when the repair is not open.
 */
export function repairTurnWords(state: RepairState, viewer: string, name: (accountId: string) => string): string | null {
  if (state.status !== 'open') return null;
  if (state.pausedBy) return 'The counselor has paused the repair.';
  if (state.breakUntil) return 'You are on a break.';
  const you = (id: string) => (id === viewer ? 'you' : name(id));
  if (state.step === 'views') {
    const { teller, listener } = viewsTurn(state);
    if (state.views.phase === 'tell') return teller === viewer ? 'Your turn: tell your view.' : `${name(teller)} is telling their view.`;
    if (state.views.phase === 'restate') return listener === viewer ? `Your turn: say ${name(teller)}’s view back in your words.` : `${you(listener)[0]!.toUpperCase()}${you(listener).slice(1)} is saying ${teller === viewer ? 'your' : `${name(teller)}’s`} view back.`;
    return teller === viewer ? `Your turn: did ${name(listener)} hear you?` : `${name(teller)} is saying whether they were heard.`;
  }
  const waiting = state.partners.filter((p) => !hasFinished(state, state.step, p));
  if (waiting.includes(viewer)) return 'Your turn.';
  if (waiting.length === 1) return `Waiting for ${name(waiting[0]!)}.`;
  return 'Waiting for both partners.';
}

/**
 * Whether a partner may turn their "one thing I will do differently" into a proposed agreement
 * item or a commitment now: theirs, written, the repair not set aside, not paused, not on a break,
 * and not made into that already. Null when they may; otherwise the refusal.
 */
export function outcomeRefusal(state: RepairState, actor: RepairActor, what: 'proposal' | 'commitment', now: Date): RepairRefusal | null {
  if (actor.role !== 'partner' || !state.partners.includes(actor.accountId)) return refuse('forbidden', 'Only a partner turns their own “one thing” into an agreement item or a commitment');
  if (state.status === 'closed') return refuse('conflict', 'This repair was set aside: nothing more is written into it');
  if (state.pausedBy) return refuse('conflict', 'The counselor has paused this repair: nothing moves until they resume it');
  if (state.breakUntil) return refuse('conflict', breakOver(state, now) ? 'The break is over: resume the repair first' : `You are on a break until ${state.breakUntil}: nothing is written into the repair until it ends`);
  if (!(actor.accountId in state.differently)) return refuse('conflict', 'Write your one thing first, in the last step');
  const done = state.outcomes[actor.accountId];
  if (what === 'proposal' && done?.proposalId) return refuse('conflict', 'Your one thing is already a proposed agreement item');
  if (what === 'commitment' && done?.commitmentId) return refuse('conflict', 'Your one thing is already a commitment');
  return null;
}
