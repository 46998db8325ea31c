import { z } from 'zod';
import { NewPassword, TEXT, trivialPasswordReason, type AccountView } from './rest';

/**
 * Sessions a person controls and the second factor (TOTP): request bodies and response shapes,
 * used by the API and the web client alike.
 */

/** A six-digit code from an authenticator app (spaces allowed, as apps show "123 456"). */
export const TotpCode = z
  .string(TEXT)
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { error: 'must be the 6 digits your authenticator app shows' }));

/** A recovery code as handed out (xxxx-xxxx-xxxx-xxxx, letters and digits); case, spaces and dashes do not matter. */
export const RecoveryCode = z
  .string(TEXT)
  .transform((s) => s.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z2-7]{16}$/, { error: 'must be one of your recovery codes (16 letters and digits)' }));

/** A TOTP code or, failing that, a recovery code: whichever the person typed. */
export const SecondFactorCode = z
  .string(TEXT)
  .max(64)
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: 'is required' }));

export const SecondFactorBody = z
  .object({
    /** The pending login the password step answered with. */
    pendingLogin: z.string(TEXT).min(1).max(100),
    code: SecondFactorCode,
  })
  .strict();
export type SecondFactorBody = z.infer<typeof SecondFactorBody>;

export const ConfirmTotpBody = z.object({ code: TotpCode }).strict();
export type ConfirmTotpBody = z.infer<typeof ConfirmTotpBody>;

export const DisableTotpBody = z
  .object({
    password: z.string(TEXT).min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }),
    code: SecondFactorCode,
  })
  .strict();
export type DisableTotpBody = z.infer<typeof DisableTotpBody>;

/**
 * `POST /api/me/password`: the password now and a new one. The other sessions are logged out; this
 * one stays. The server also refuses a common password, or the person's own email or name.
 */
export const ChangePasswordBody = z
  .object({
    currentPassword: z.string(TEXT).min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }),
    newPassword: NewPassword,
  })
  .strict()
  .superRefine((body, ctx) => {
    const reason = body.newPassword === body.currentPassword ? 'must be different from your current password' : trivialPasswordReason(body.newPassword);
    if (reason) ctx.addIssue({ code: 'custom', message: reason, path: ['newPassword'] });
  });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** What changing the password did: how many other sessions were logged out. */
export interface PasswordChanged {
  otherSessionsEnded: number;
}

export const RevokeLoginsBody = z
  .object({
    /** true: every session, this one too ("Log out everywhere"); false: all but this one. */
    includeCurrent: z.boolean({ error: 'must be true or false' }),
  })
  .strict();
export type RevokeLoginsBody = z.infer<typeof RevokeLoginsBody>;

/** The password was right and the account has a second factor: send the code with this token. */
export interface SecondFactorNeeded {
  secondFactor: 'totp';
  pendingLogin: string;
  /** ISO time after which the password has to be given again. */
  expiresAt: string;
}

/** What logging in answers: the account (a session began), or a request for the second factor. */
export type LoginResult = AccountView | SecondFactorNeeded;

export const needsSecondFactor = (result: LoginResult): result is SecondFactorNeeded => 'secondFactor' in result;

/** One of a person's live sessions, as they see it in their list. */
export interface LoginView {
  /** A public id: never the cookie's token or its hash. */
  id: string;
  /** "Firefox 128 on Windows 10", from the user agent; "Unknown device" without one. */
  device: string;
  /** The address it was opened from, coarse (e.g. 203.0.113.x); null when unknown. */
  place: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** The session this request came with. */
  current: boolean;
}

/** The caller's session: when it ends unless the person does something. */
export interface LoginActivityView {
  /** ISO time the session ends if the person does nothing before then. */
  idleDeadline: string;
  /** How long a session may stay unused, in milliseconds. */
  idleMs: number;
}

export interface TotpStatusView {
  enabled: boolean;
  /** Unused recovery codes; 0 when two-step sign-in is off. */
  recoveryCodesLeft: number;
  /** This deployment asks counselors to use two-step sign-in, and this person is a counselor. */
  required: boolean;
}

/** A new secret to put into an authenticator app; it takes effect once a code from it is confirmed. */
export interface TotpEnrollmentView {
  /** Base32, for typing into the app by hand. */
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code (an SVG data URL). */
  qrCode: string;
}

/** Shown once, when two-step sign-in is turned on. */
export interface RecoveryCodesView {
  recoveryCodes: string[];
}
