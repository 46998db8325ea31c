import { z } from 'zod';
import { pageLimit } from './rest';

/**
 * The audit trail: who read or changed what, when, from which address and device. One
 * append-only chain per deployment (each entry carries the SHA-256 of the one before), read over
 * REST: the counselor reads the workspace's trail (`/api/workspaces/:id/audit`, and as CSV),
 * each person their own account's (`/api/me/audit`).
 */

export const AUDIT_KINDS = [
  'login',
  /** Someone tried to log in and the password (or the email) was not right: `email` is what they typed. */
  'login-failed',
  'logout',
  /** Someone opened a document (REST read or a sync connection): at most once per person and document every few minutes. */
  'document-read',
  /** Someone edited a document: once per editing burst (edits less than two minutes apart). */
  'document-edited',
  'document-created',
  'document-renamed',
  'document-archived',
  'document-restored',
  'invite-created',
  'invite-withdrawn',
  'invite-accepted',
  /** Someone became a member of a workspace (its counselor, when they made it). */
  'membership-added',
  /** A membership ended (a partner left, or was removed). */
  'membership-removed',
  /** A session ended because time ran out: nothing happened for the idle time, or it reached its end. */
  'session-timed-out',
  'password-changed',
  'two-step-on',
  'two-step-off',
  /** Someone made a new set of recovery codes (the ones before stopped working). */
  'recovery-codes-made',
  /** Someone who forgot their password set a new one with a recovery code. */
  'password-reset',
  /** The counselor issued a partner a one-time link to set a new password (`subject`: the partner). */
  'recovery-link-issued',
  'recovery-link-withdrawn',
  /** The partner set a new password through the counselor's link. */
  'recovery-link-used',
  /**
   * Someone asked "Forgot password?" to mail a reset link to this address (`email`: what they
   * typed). Recorded for every request, for an unknown address too (then no one is the actor).
   */
  'password-reset-requested',
  /** The person set a new password through a link mailed to them. */
  'password-reset-link-used',
  /** Someone downloaded their own records (a zip of what they may see). */
  'records-exported',
  /** The counselor downloaded the whole workspace. */
  'workspace-exported',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** How each kind reads on screen and in the CSV. */
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  login: 'Logged in',
  'login-failed': 'Failed login',
  logout: 'Logged out',
  'document-read': 'Opened a document',
  'document-edited': 'Edited a document',
  'document-created': 'Created a document',
  'document-renamed': 'Renamed a document',
  'document-archived': 'Archived a document',
  'document-restored': 'Restored a document',
  'invite-created': 'Created an invite',
  'invite-withdrawn': 'Withdrew an invite',
  'invite-accepted': 'Accepted an invite',
  'membership-added': 'Joined the workspace',
  'membership-removed': 'Left the workspace',
  'session-timed-out': 'Signed out after a while',
  'password-changed': 'Changed the password',
  'two-step-on': 'Turned on two-step sign-in',
  'two-step-off': 'Turned off two-step sign-in',
  'recovery-codes-made': 'Made new recovery codes',
  'password-reset': 'Set a new password with a recovery code',
  'recovery-link-issued': 'Issued a password recovery link',
  'recovery-link-withdrawn': 'Withdrew a password recovery link',
  'recovery-link-used': 'Set a new password through a recovery link',
  'password-reset-requested': 'Asked for a password reset email',
  'password-reset-link-used': 'Set a new password through a reset email',
  'records-exported': 'Downloaded their records',
  'workspace-exported': 'Exported the workspace',
};

/** Kinds about an account rather than a workspace: in each person's own activity, never in a workspace's trail. */
export const ACCOUNT_AUDIT_KINDS: readonly AuditKind[] = ['login', 'login-failed', 'logout', 'session-timed-out', 'password-changed', 'two-step-on', 'two-step-off', 'records-exported', 'recovery-codes-made', 'password-reset', 'password-reset-requested', 'password-reset-link-used'];

export interface AuditEntryView {
  /** The entry's place in the chain (1, 2, 3…): newer entries have higher numbers. */
  id: string;
  at: string;
  kind: AuditKind;
  /** Who did it: null for a failed login (then `email` is what was typed). */
  actor: { accountId: string; name: string } | null;
  email: string | null;
  workspaceId: string | null;
  /** The document it concerns, with its title as it is now; the title is null when it is gone. */
  document: { id: string; title: string | null } | null;
  inviteId: string | null;
  /** Whose membership changed, for membership entries. */
  subject: { accountId: string; name: string } | null;
  ip: string | null;
  /** The browser or client, as its User-Agent names itself. */
  device: string | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

const entryId = z.string().regex(/^[1-9][0-9]{0,17}$/, { error: 'must be an entry number' });

/** `GET /api/workspaces/:id/audit?person=&document=&kind=&before=&limit=`: newest first. */
export const AuditQuery = z
  .object({
    person: z.uuid({ error: 'must be an id' }).optional(),
    document: z.uuid({ error: 'must be an id' }).optional(),
    kind: z.enum(AUDIT_KINDS, { error: 'is not a kind of audit entry' }).optional(),
    before: entryId.optional(),
    limit: pageLimit(200).default(AUDIT_PAGE_SIZE),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

/** `GET /api/workspaces/:id/audit.csv?person=&document=&kind=`: every matching entry, newest first. */
export const AuditCsvQuery = AuditQuery.omit({ before: true, limit: true });
export type AuditCsvQuery = z.infer<typeof AuditCsvQuery>;

/** `GET /api/me/audit?kind=&before=&limit=`: the caller's own account's entries. */
export const MyAuditQuery = AuditQuery.omit({ person: true, document: true });
export type MyAuditQuery = z.infer<typeof MyAuditQuery>;

/** What the chain check finds: every entry in order, or the first one that does not hold. */
export type AuditChainReport =
  | { ok: true; entries: number; head: string | null; headHash: string | null }
  | { ok: false; entries: number; brokenAt: string; reason: string };
