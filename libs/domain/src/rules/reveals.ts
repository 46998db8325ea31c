/**
 * Drafts revealed together (issue 26, item 5): the counselor opens a prompt; each partner writes
 * their own draft, which only they may open until both have marked theirs done and the counselor
 * reveals; then both drafts are sealed (read-only) and open to both partners and the counselor at
 * once. The pure parts: a prompt's states and when a reveal may happen. Who may do what is in `can()`.
 */

export const REVEAL_PROMPT_STATES = ['open', 'withdrawn', 'revealed'] as const;
export type RevealPromptState = (typeof REVEAL_PROMPT_STATES)[number];

/** One partner's draft as the reveal rule needs it: done or not. */
export interface DraftStatus {
  accountId: string;
  done: boolean;
}

/**
 * Why a prompt may not be revealed now, or null when it may: it is open, the workspace has its two
 * partners, each has a draft for it, and every draft is marked done.
 */
export function revealRefusal(state: RevealPromptState, partnerIds: string[], drafts: DraftStatus[]): string | null {
  if (state === 'revealed') return 'These drafts have already been revealed';
  if (state === 'withdrawn') return 'This prompt was withdrawn';
  if (partnerIds.length < 2) return 'Both partners need to be in the workspace, each with a draft marked done';
  const done = new Set(drafts.filter((d) => d.done).map((d) => d.accountId));
  if (!partnerIds.every((id) => done.has(id))) return 'Both partners need to mark their drafts done before they are revealed';
  return null;
}
