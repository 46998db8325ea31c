/** Emitted when a session ends early (logout), so every socket opened with it can close. */
export const SESSION_ENDED = 'session.ended';
export interface SessionEnded {
  /** SHA-256 of the session's cookie token, as stored. */
  tokenHash: string;
  accountId: string;
}
