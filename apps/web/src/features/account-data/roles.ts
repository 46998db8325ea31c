import type { WorkspaceSummary } from '@kinship/domain/wire';

/** Which roles the person holds across their workspaces: what the account pages say depends on it. */
export function rolesHeld(workspaces: readonly Pick<WorkspaceSummary, 'role'>[] | undefined): { counselor: boolean; partner: boolean } {
  return {
    counselor: workspaces?.some((w) => w.role === 'counselor') ?? false,
    // Until the list is known, or with no workspace at all, the partner's wording (the careful one) stands.
    partner: !workspaces || workspaces.length === 0 || workspaces.some((w) => w.role === 'partner'),
  };
}

/** What "Download my records" leaves out, by role. */
export function privateNotesSentence(roles: { counselor: boolean; partner: boolean }): string {
  if (roles.counselor && roles.partner) return 'The private notes you wrote as a counselor are part of it; your own counselor’s private notes are not.';
  if (roles.counselor) return 'Your own private notes are part of it. For a whole workspace (every document, session observations, the people), use Export workspace on its page.';
  return 'Your counselor’s private notes are not part of it.';
}
