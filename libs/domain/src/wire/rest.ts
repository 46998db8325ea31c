import { z } from 'zod';
import { DOCUMENT_KINDS, DocumentKind } from '../rules/document-kinds';
import { Role } from '../rules/role';

/**
 * The REST contract: request bodies as zod schemas (the API validates with them, the web app
 * checks forms with them) and response shapes as types. Defined here once.
 */

/**
 * C0 control characters (U+0000–U+001F, tab and newline included) and DEL never belong in a name,
 * title, note, email or password: none of these fields is multi-line, and PostgreSQL cannot even
 * store a NUL. Checked after trimming, so surrounding whitespace is still simply trimmed. (The
 * email format already excludes them.)
 */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const noControlCharacters = { error: 'must not contain control characters (invisible codes such as NUL or escape)' };

/**
 * A text field's own error: "is required" when it is missing, "must be text" when something else
 * was sent (a number, null). Its checks (min, max, patterns) name their own.
 */
export const TEXT = {
  error: (issue: { input?: unknown; code?: string }) => (issue.input === undefined ? 'is required' : issue.code === 'invalid_type' ? 'must be text' : undefined),
};

const email = z.email({ error: 'must be an email address' }).max(254).transform((s) => s.trim().toLowerCase());
/** A page's size in a query string: a whole number from 1 to `max`, written in digits. */
export const pageLimit = (max: number) =>
  z
    .string({ error: 'must be a whole number' })
    .regex(/^\d{1,6}$/, { error: `must be a whole number from 1 to ${max}` })
    .transform(Number)
    .pipe(z.number().min(1, { error: `must be a whole number from 1 to ${max}` }).max(max, { error: `must be a whole number from 1 to ${max}` }));

/** A new password: 10 to 200 characters (the server also refuses common ones). */
export const NewPassword = z
  .string(TEXT)
  .refine((s) => !hasControlCharacter(s), noControlCharacters)
  .min(10, { error: 'must be at least 10 characters' })
  .max(200, { error: 'must be at most 200 characters' });
const displayName = z
  .string(TEXT)
  .trim()
  .refine((s) => !hasControlCharacter(s), noControlCharacters)
  .min(1, { error: 'is required' })
  .max(60, { error: 'must be at most 60 characters' });

/** Keyboard rows, for passwords that are a run of neighbouring keys. */
const KEYBOARD_ROWS = ['1234567890-=', 'qwertyuiop[]', "asdfghjkl;'", 'zxcvbnm,./'];

/** A run of characters each one up (or each one down) from the last: 1234567890, 0987654321, abcdefghij, qwertyuiop. */
function isSequence(password: string): boolean {
  const s = password.toLowerCase();
  // Digits wrap around (…8, 9, 0, 1…); letters do not (the extra slot is never a letter's index).
  const steps = (base: string, wraps: boolean) => {
    const modulo = wraps ? base.length : base.length + 1;
    const codes = [...s].map((ch) => base.indexOf(ch));
    if (codes.some((c) => c < 0)) return false;
    const up = codes.every((c, i) => i === 0 || c === (codes[i - 1] + 1) % modulo);
    const down = codes.every((c, i) => i === 0 || c === (codes[i - 1] + modulo - 1) % modulo);
    return up || down;
  };
  const reversed = [...s].reverse().join('');
  return (
    steps('0123456789', true) ||
    steps('abcdefghijklmnopqrstuvwxyz', false) ||
    KEYBOARD_ROWS.some((row) => row.includes(s) || row.includes(reversed))
  );
}

/**
 * Trivial passwords, refused as NIST SP 800-63B asks (the list of common and breached passwords is
 * checked by the server on registration): only spaces, one character repeated, a sequence, or the
 * person's own email, the part of it before the @, or their name. The message names why.
 */
export function trivialPasswordReason(password: string, context: { email?: string; displayName?: string } = {}): string | null {
  if (password.trim() === '') return 'must not be only spaces';
  if ([...password].every((ch) => ch === password[0])) return 'must not be one character repeated';
  if (isSequence(password)) return 'must not be a simple sequence such as 1234567890 or abcdefghij';
  const p = password.trim().toLowerCase();
  const email = context.email?.trim().toLowerCase();
  if (email && (p === email || p === email.split('@')[0])) return 'must not be your email address or part of it';
  if (context.displayName && p === context.displayName.trim().toLowerCase()) return 'must not be your name';
  return null;
}

export const RegisterBody = z
  .object({ email, password: NewPassword, displayName })
  .strict()
  .superRefine((body, ctx) => {
    const reason = trivialPasswordReason(body.password, body);
    if (reason) ctx.addIssue({ code: 'custom', message: reason, path: ['password'] });
  });
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z
  .object({
    email,
    // Login never says a password is too short: any wrong password is just wrong.
    password: z
      .string(TEXT)
      .refine((s) => !hasControlCharacter(s), noControlCharacters)
      .min(1, { error: 'is required' })
      .max(200, { error: 'must be at most 200 characters' }),
  })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const CreateWorkspaceBody = z
  .object({
    name: z
      .string(TEXT)
      .trim()
      .refine((s) => !hasControlCharacter(s), noControlCharacters)
      .min(1, { error: 'is required' })
      .max(120, { error: 'must be at most 120 characters' }),
  })
  .strict();
export type CreateWorkspaceBody = z.infer<typeof CreateWorkspaceBody>;

export const CreateInviteBody = z
  .object({
    role: z.literal('partner', { error: 'only partners are invited; must be "partner"' }),
    /** Whom the link is for, in the counselor's words ("Sam"), so pending invites can be told apart. */
    note: z
      .string()
      .trim()
      .refine((s) => !hasControlCharacter(s), noControlCharacters)
      .max(80, { error: 'must be at most 80 characters' })
      .transform((s) => (s === '' ? null : s))
      .nullable()
      .optional(),
  })
  .strict();
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;

const title = z
  .string(TEXT)
  .trim()
  .refine((s) => !hasControlCharacter(s), noControlCharacters)
  .min(1, { error: 'is required' })
  .max(200, { error: 'must be at most 200 characters' });

export const CreateDocumentBody = z
  .object({
    kind: z.enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(', ')}` }),
    title,
  })
  .strict();
export type CreateDocumentBody = z.infer<typeof CreateDocumentBody>;

export const UpdateDocumentBody = z
  .object({ title: title.optional(), archived: z.boolean({ error: 'must be true or false' }).optional() })
  .strict()
  .refine((b) => b.title !== undefined || b.archived !== undefined, {
    error: 'give a title or archived',
    path: ['title'],
  });
export type UpdateDocumentBody = z.infer<typeof UpdateDocumentBody>;

// ---- Responses ----

export interface AccountView {
  id: string;
  email: string;
  displayName: string;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  role: Role;
}

export interface MemberView {
  accountId: string;
  displayName: string;
  role: Role;
  joinedAt: string;
}

export interface WorkspaceDetail extends WorkspaceSummary {
  createdAt: string;
  members: MemberView[];
  /** How many more partners may still join. */
  openPartnerPlaces: number;
}

export interface InviteCreated {
  id: string;
  token: string;
  url: string;
  expiresAt: string;
  note: string | null;
}

/**
 * An invite not yet used, not expired and not withdrawn, as the counselor sees it in the list.
 * Only the token's hash is stored, so the link itself cannot be shown again: a lost link is
 * withdrawn and a new one made.
 */
export interface PendingInviteView {
  id: string;
  note: string | null;
  role: Role;
  createdAt: string;
  expiresAt: string;
  /** The display name of whoever made it. */
  invitedBy: string;
}

/** What a person holding an invite link may learn before accepting it. */
export interface InvitePreview {
  workspaceName: string;
  invitedBy: string;
  role: Role;
  expiresAt: string;
}

export interface InviteAccepted {
  workspaceId: string;
  role: Role;
}

export interface DocumentView {
  id: string;
  workspaceId: string;
  kind: DocumentKind;
  title: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface HealthView {
  status: 'ok' | 'degraded';
  database: { ok: boolean; driver: 'postgres' | 'pglite' };
  redis?: { ok: boolean };
}

/**
 * `session_idle`: a 401 like `unauthenticated`, said of a session that ended because nothing
 * happened for the idle time, so the app can tell the person why they must log in again.
 */
export const ERROR_CODES = [
  'invalid',
  'unauthenticated',
  'session_idle',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'too_many',
  'second_factor_required',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every error body the API sends. `field` names the input at fault for a 400. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: ErrorCode;
  field?: string;
}
