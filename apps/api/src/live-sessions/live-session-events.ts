import type { BringHereMessage, LiveSessionView } from '@kinship/domain';

/**
 * Emitted after a change to a workspace's live session is committed (and put in this process's
 * cache): the gateway tells every watcher, each seeing what they may, and the other processes.
 */
export const LIVE_SESSION_CHANGED = 'live-session.changed';
export interface LiveSessionChanged {
  workspaceId: string;
  /** The whole session (the counselor's view), or null once it has ended. Never sent as is to a partner. */
  session: LiveSessionView | null;
  version: number;
  /**
   * The session just before this change, as committed (the counselor's view); undefined when not
   * known. A viewer whose own view is the same before and after is not told again: the other
   * partner hears nothing when a time-out is asked for.
   */
  previous?: LiveSessionView | null;
}

/** The counselor asked everyone to come to this document, at this position. */
export const LIVE_BRING_HERE = 'live-session.bring-here';
export type LiveBringHere = BringHereMessage;
