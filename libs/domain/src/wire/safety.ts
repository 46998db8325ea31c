import { z } from 'zod';
import { hasControlCharacter, TEXT } from './rest';

/**
 * The safety channel with the counselor (issue 26, item 4). Each partner answers the counselor's
 * safety questions privately at any time and writes to the counselor alone; neither the answers
 * nor their existence reach the other partner (no response, count, timestamp, notification, socket
 * frame, presence or audit entry). An answer the counselor marked as a risk alerts the counselor
 * at once and shows the partner the practice's safety resources. The counselor may pause joint
 * work, with the same neutral words to both partners.
 */

const line = (max: number) =>
  z
    .string(TEXT)
    .trim()
    .refine((s) => !hasControlCharacter(s), { error: 'must not contain control characters' })
    .min(1, { error: 'is required' })
    .max(max, { error: `must be at most ${max} characters` });

/** Words people type over several lines: no control characters except line breaks, trimmed, within `max`. */
const words = (max: number, required: boolean) =>
  z
    .string(TEXT)
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .refine((s) => !hasControlCharacter(s.replace(/\n/g, ' ')), { error: 'must not contain control characters' })
    .refine((s) => !required || s.length > 0, { error: 'is required' })
    .refine((s) => s.length <= max, { error: `must be at most ${max} characters` });

const questionId = z.string(TEXT).regex(/^[a-z0-9-]{1,40}$/, { error: 'must be 1 to 40 lowercase letters, digits or dashes' });
const scaleValue = z.number().int().min(0).max(10);

export const SAFETY_MESSAGE_MAX = 4000;
export const SAFETY_RESOURCES_MAX = 4000;
export const JOINT_WORK_NOTE_MAX = 1000;

export const SafetyQuestion = z.discriminatedUnion('kind', [
  z
    .object({
      id: questionId,
      kind: z.literal('scale'),
      prompt: line(300),
      low: line(60),
      high: line(60),
      /** The answers (inclusive range of the 0–10 scale) the counselor marked as a risk; null: none. */
      risk: z
        .object({ from: scaleValue, to: scaleValue })
        .strict()
        .refine((r) => r.from <= r.to, { error: 'the risk range must run from a lower to a higher number' })
        .nullable(),
    })
    .strict(),
  z
    .object({
      id: questionId,
      kind: z.literal('choice'),
      prompt: line(300),
      options: z.array(line(120)).min(2).max(8),
      /** The options (their indexes) the counselor marked as a risk. */
      riskOptions: z.array(z.number().int().min(0).max(7)).max(8),
    })
    .strict()
    .refine((q) => q.riskOptions.every((i) => i < q.options.length), { error: 'a risk mark names an option that does not exist', path: ['riskOptions'] }),
]);
export type SafetyQuestion = z.infer<typeof SafetyQuestion>;

/** `PUT /api/workspaces/:id/safety`: the counselor's questions, risk marks and the practice's safety resources. */
export const SetSafetyBody = z
  .object({
    questions: z
      .array(SafetyQuestion)
      .min(1, { error: 'needs at least one question' })
      .max(12, { error: 'must be at most 12 questions' })
      .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { error: 'each question needs its own id' }),
    resources: words(SAFETY_RESOURCES_MAX, true),
  })
  .strict();
export type SetSafetyBody = z.infer<typeof SetSafetyBody>;

/** `POST /api/workspaces/:id/safety/answers`: a partner's answers, a whole number 0–10 for a scale, an option's index for a choice. */
export const SafetyAnswersBody = z.object({ answers: z.record(questionId, scaleValue) }).strict();
export type SafetyAnswersBody = z.infer<typeof SafetyAnswersBody>;

/** A message in a thread: a partner's to the counselor, or the counselor's reply. */
export const SafetyMessageBody = z.object({ body: words(SAFETY_MESSAGE_MAX, true) }).strict();
export type SafetyMessageBody = z.infer<typeof SafetyMessageBody>;

/** `PUT /api/workspaces/:id/joint-work`: the counselor pauses or resumes joint work; the note is theirs alone. */
export const SetJointWorkBody = z.object({ paused: z.boolean(), note: words(JOINT_WORK_NOTE_MAX, false).optional() }).strict();
export type SetJointWorkBody = z.infer<typeof SetJointWorkBody>;

/** `POST /api/workspaces/:id/safety/alerts/seen`: the counselor has seen these alerts. */
export const SeenSafetyAlertsBody = z.object({ alertIds: z.array(z.string(TEXT).uuid({ error: 'must be an id' })).min(1).max(100) }).strict();
export type SeenSafetyAlertsBody = z.infer<typeof SeenSafetyAlertsBody>;

/** Our own neutral words, used until the counselor sets their own. */
export const DEFAULT_SAFETY_QUESTIONS: SafetyQuestion[] = [
  { id: 'safe-now', kind: 'scale', prompt: 'How safe do you feel at home right now?', low: 'Not safe at all', high: 'Completely safe', risk: { from: 0, to: 3 } },
  { id: 'afraid', kind: 'choice', prompt: 'Since we last spoke, have you felt afraid of your partner?', options: ['No', 'Sometimes', 'Often'], riskOptions: [1, 2] },
  {
    id: 'hurt',
    kind: 'choice',
    prompt: 'Since we last spoke, has anyone at home hurt you, threatened you, or made you do something you did not want to do?',
    options: ['No', 'Yes', 'I would rather not say'],
    riskOptions: [1],
  },
  { id: 'contact', kind: 'choice', prompt: 'Would you like your counselor to contact you privately?', options: ['Not now', 'Yes, when convenient', 'Yes, as soon as possible'], riskOptions: [2] },
];

export const DEFAULT_SAFETY_RESOURCES = [
  'If you are in danger right now, call your local emergency number (911 in the US and Canada, 999 in the UK, 112 in the EU, 000 in Australia).',
  'National Domestic Violence Hotline (US): 1-800-799-7233, or text START to 88788. Refuge (UK): 0808 2000 247, free, day and night.',
  'If it is safe to, tell someone you trust, and think about a safe place you could go and what you would take.',
  'Your counselor reads what you write here. You can leave this page at once with "Exit" at the top, or by pressing Esc three times.',
].join('\n\n');

/** One of a partner's answers, as they and the counselor read it. */
export interface SafetyAnswerView {
  id: string;
  answeredAt: string;
  answers: Record<string, number>;
}

/** The counselor's view of an answer: with which of its values they marked as a risk. */
export interface CounselorSafetyAnswerView extends SafetyAnswerView {
  /** The questions whose answer is a risk, as the marks were when it was given. */
  riskQuestionIds: string[];
}

export interface SafetyMessageView {
  id: string;
  /** Who wrote it: the partner whose thread it is, or the counselor. */
  from: 'partner' | 'counselor';
  body: string;
  at: string;
}

/**
 * `GET /api/workspaces/:id/safety`, for every member: the questions and resources, and (for a
 * partner) their own answers and their own thread. It depends on nothing the other partner does.
 */
export interface SafetyView {
  questions: SafetyQuestion[];
  resources: string;
  /** A partner's own answers, newest first (empty for the counselor). */
  myAnswers: SafetyAnswerView[];
  /** A partner's own thread with the counselor, oldest first (empty for the counselor). */
  myThread: SafetyMessageView[];
}

/** What answering gives back: the answer, and the safety resources when an answer was a risk. */
export interface SafetyAnswered {
  answer: SafetyAnswerView;
  /** The practice's safety resources, shown at once when an answer was one the counselor marked as a risk; null otherwise. */
  resources: string | null;
}

/** What waits for the counselor: an answer marked as a risk, or a message a partner wrote. */
export interface SafetyAlertView {
  id: string;
  kind: 'risk-answer' | 'message';
  partner: { accountId: string; name: string };
  /** The answer, for a risk answer. */
  answerId: string | null;
  at: string;
  /** When the counselor marked it seen; null while new. */
  seenAt: string | null;
}

/** `GET /api/workspaces/:id/safety/overview`: the counselor's alone. */
export interface SafetyOverview {
  partners: {
    accountId: string;
    name: string;
    answers: CounselorSafetyAnswerView[];
    thread: SafetyMessageView[];
  }[];
  /** Newest first. */
  alerts: SafetyAlertView[];
  jointWork: CounselorJointWorkView;
}

/** `GET /api/workspaces/:id/joint-work`: the same for both partners, with no reason and no name. */
export interface JointWorkView {
  paused: boolean;
  /** The neutral words to show while paused; null when not. */
  words: string | null;
}

/** The counselor's view of the pause: theirs alone, with their private note. */
export interface CounselorJointWorkView extends JointWorkView {
  since: string | null;
  note: string | null;
}

/** `/live` `safety:alert`: to the counselor's own sockets only, when a partner gives an answer marked as a risk or writes to them (no words in it). */
export interface SafetyAlertMessage {
  workspaceId: string;
  alert: SafetyAlertView;
}

/** `/live` `joint-work:state`: to every socket watching the workspace, the same for each. */
export interface JointWorkMessage {
  workspaceId: string;
  jointWork: JointWorkView;
}
