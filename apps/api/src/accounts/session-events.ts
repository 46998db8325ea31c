/** Emitted when a session ends early (logout), so every socket opened with it can close. */
export const SESSION_ENDED = 'session.ended';
export interface SessionEnded {
  /** SHA-256 of the session's cookie token, as stored. */
  tokenHash: string;
  accountId: string;
}

/** Emitted once per session that ended because time ran out (idle, or its absolute end), for the audit trail. */
export const SESSION_TIMED_OUT = 'session.timed-out';
export interface SessionTimedOut {
  accountId: string;
  /** The session's own device and coarse address, as it was opened. */
  userAgent: string | null;
  address: string | null;
}
