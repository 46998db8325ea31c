import { z } from 'zod';
import { LoginBody, NewPassword, TEXT, trivialPasswordReason } from './rest';
import { RecoveryCode } from './account-security';

/**
 * A way back for a person who forgot their password: their recovery codes (one set, which also
 * stands in for the authenticator app at two-step sign-in), and a one-time link their counselor
 * issues them. Neither logs the person in: they sign in afterwards, with two-step sign-in if on.
 */

/** `GET /api/me/recovery-codes`: how many unused codes the person has (0: none made yet, or all used). */
export interface RecoveryCodesStatusView {
  left: number;
  /** When the current set was made; null when there is none. */
  madeAt: string | null;
}

/**
 * `POST /api/me/recovery-codes`: a new set (the ones before stop working), shown once. The password
 * is asked unless the login began minutes ago (right after registering or signing in).
 */
export const MakeRecoveryCodesBody = z
  .object({
    password: z.string(TEXT).min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }).optional(),
  })
  .strict();
export type MakeRecoveryCodesBody = z.infer<typeof MakeRecoveryCodesBody>;

/** `POST /api/auth/recover`: the account's email, one unused recovery code, and a new password. */
export const RecoverWithCodeBody = z
  .object({
    email: LoginBody.shape.email,
    code: RecoveryCode,
    newPassword: NewPassword,
  })
  .strict()
  .superRefine((body, ctx) => {
    const reason = trivialPasswordReason(body.newPassword, { email: body.email });
    if (reason) ctx.addIssue({ code: 'custom', message: reason, path: ['newPassword'] });
  });
export type RecoverWithCodeBody = z.infer<typeof RecoverWithCodeBody>;

/** A forgotten password was replaced: every login of the account has ended; sign in with the new one. */
export interface PasswordReset {
  /** Two-step sign-in is on: a code from the app is asked at the next sign-in. */
  secondFactor: boolean;
}

/** `POST /api/workspaces/:id/recovery-links`: for which partner. */
export const CreateRecoveryLinkBody = z.object({ accountId: z.uuid({ error: 'must be an id' }) }).strict();
export type CreateRecoveryLinkBody = z.infer<typeof CreateRecoveryLinkBody>;

/** A recovery link waiting to be used, as the counselor sees it in the People card. */
export interface RecoveryLinkView {
  id: string;
  /** The partner it is for. */
  accountId: string;
  partnerName: string;
  issuedBy: string;
  createdAt: string;
  expiresAt: string;
}

/** Just issued: the link itself, shown to the counselor this once (only its hash is kept). */
export interface RecoveryLinkCreated extends RecoveryLinkView {
  url: string;
}

/** `GET /api/recovery-links/:token`: what the link's holder sees before setting a password. */
export interface RecoveryLinkPreview {
  displayName: string;
  email: string;
  expiresAt: string;
}

/** `POST /api/recovery-links/:token`: the new password. */
export const UseRecoveryLinkBody = z.object({ newPassword: NewPassword }).strict();
export type UseRecoveryLinkBody = z.infer<typeof UseRecoveryLinkBody>;

/**
 * `POST /api/auth/password-reset` (only when the practice has set up email): mail a one-time link
 * to this address. The answer is the same whether an account uses it or not.
 */
export const RequestPasswordResetBody = z.object({ email: LoginBody.shape.email }).strict();
export type RequestPasswordResetBody = z.infer<typeof RequestPasswordResetBody>;

/** The one answer to a reset request (202), whoever's address it was. */
export interface PasswordResetRequested {
  message: string;
}

/** `GET /api/password-resets/:token`: for which address the mailed link sets a password, and until when. */
export interface PasswordResetLinkPreview {
  email: string;
  expiresAt: string;
}

/** `POST /api/password-resets/:token`: the new password (the same rules as a recovery link's). */
export const UsePasswordResetLinkBody = UseRecoveryLinkBody;
export type UsePasswordResetLinkBody = UseRecoveryLinkBody;
