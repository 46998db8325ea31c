import { z } from 'zod';
import { hasControlCharacter, TEXT } from './rest';

/**
 * Leaving: downloading one's records, deleting one's account, ending a membership, and the
 * quick exit. REST shapes shared by the API and the web client.
 */

/** `DELETE /api/me`: the person confirms by typing their password. */
export const DeleteAccountBody = z
  .object({
    password: z
      .string(TEXT)
      .refine((s) => !hasControlCharacter(s), { error: 'must not contain control characters' })
      .min(1, { error: 'is required' })
      .max(200, { error: 'must be at most 200 characters' }),
  })
  .strict();
export type DeleteAccountBody = z.infer<typeof DeleteAccountBody>;

/** `GET /api/config`: what the web client needs to know before anyone logs in. */
export interface ClientConfigView {
  /** Where the quick exit goes: a neutral page that replaces the app in the tab's history. */
  quickExitUrl: string;
  /** How many years the counselor keeps clinical records after a person deletes their account. */
  recordRetentionYears: number;
  /**
   * The practice has set up email (SMTP_URL): "Forgot password?" can mail a reset link, and each
   * person may choose a short mail when something waits for them.
   */
  mail: boolean;
}

/** The name everything a deleted account wrote is attributed to. */
export const FORMER_MEMBER_NAME = 'A former member';

/** The file name of a records download: letters, digits and dashes only, dated. */
export function exportFileName(what: string, at: Date): string {
  const slug =
    what
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'records';
  return `kinship-${slug}-${at.toISOString().slice(0, 10)}.zip`;
}
