/** The two roles a member holds in a workspace. What each may do is in roles.ts. */
export const ROLES = ['counselor', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** A partner's place in a workspace is limited: a couple has two people. */
export const MAX_PARTNERS = 2;
