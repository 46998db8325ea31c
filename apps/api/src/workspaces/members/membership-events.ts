/**
 * Emitted once a membership has ended (the counselor removed a partner, a partner left, an account
 * was deleted), after the change committed. The sync server closes that person's sockets to the
 * workspace's documents (4403) and the live-session gateway takes their sockets out of the
 * workspace at once; each one's sweep catches what another process ended.
 */
export const MEMBERSHIP_ENDED = 'membership.ended';
export interface MembershipEnded {
  workspaceId: string;
  accountId: string;
  /** Who ended it: the person themselves (left, deleted their account) or the counselor. */
  by: 'self' | 'counselor';
  /** The account of whoever ended it. */
  byAccountId: string;
}
