import { z } from 'zod';
import { hasControlCharacter, TEXT } from './rest';
import type { RevealPromptState } from '../rules/reveals';

/**
 * Drafts revealed together (issue 26, item 5), over REST at /api/workspaces/:id/reveals. Before a
 * reveal a partner's view holds their own draft and nothing of the other partner's (not whether it
 * exists, is written or is done); the counselor's holds each partner's done / not done.
 */

export const REVEAL_PROMPT_MAX = 500;

export const OpenRevealPromptBody = z
  .object({
    text: z
      .string(TEXT)
      .trim()
      .refine((s) => !hasControlCharacter(s), { error: 'must not contain control characters' })
      .min(1, { error: 'is required' })
      .max(REVEAL_PROMPT_MAX, { error: `must be at most ${REVEAL_PROMPT_MAX} characters` }),
  })
  .strict();
export type OpenRevealPromptBody = z.infer<typeof OpenRevealPromptBody>;

export const MarkDraftDoneBody = z.object({ done: z.boolean({ error: 'must be true or false' }) }).strict();
export type MarkDraftDoneBody = z.infer<typeof MarkDraftDoneBody>;

/** One revealed draft: its author and its text, block by block (paragraphs, headings as text). */
export interface RevealedDraftView {
  accountId: string;
  name: string;
  documentId: string;
  paragraphs: string[];
}

export interface RevealPromptView {
  id: string;
  text: string;
  state: RevealPromptState;
  openedAt: string;
  /** When it was revealed or withdrawn (null while open). */
  closedAt: string | null;
  /** A partner's own draft (null for the counselor, or before the partner's draft was made). */
  mine: { documentId: string; done: boolean } | null;
  /** The counselor's alone: each partner's done / not done (null to a partner, always). */
  statuses: { accountId: string; name: string; done: boolean }[] | null;
  /** Once revealed: both drafts, side by side, to both partners and the counselor (null before). */
  revealed: RevealedDraftView[] | null;
}

/** `GET /api/workspaces/:id/reveals`: the workspace's prompts, newest first. */
export interface RevealsView {
  prompts: RevealPromptView[];
}

/** The `/live` frame `reveal:revealed`, sent to both partners (and the counselor) in one emit. */
export interface RevealRevealedMessage {
  workspaceId: string;
  promptId: string;
}

/** The `/live` frame `reveal:changed`: a prompt opened or withdrawn (to the workspace), or a draft's done / not done (to the counselor alone). */
export interface RevealChangedMessage {
  workspaceId: string;
}
