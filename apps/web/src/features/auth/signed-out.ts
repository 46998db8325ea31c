/**
 * Why the person is signed out, when they did not log out on this device themselves: `idle` (nothing
 * happened for a while), `ended` (the login ended while signed in here: logged out from another
 * device, "Log out everywhere", a password changed elsewhere), `deleted` (they deleted their account).
 */
export type SignedOutReason = 'idle' | 'ended' | 'deleted';

/**
 * Signed out already, and told again (the other requests and sockets of the same ending, or the
 * person's own Log out finishing): what was found first stays (an idle sign-out keeps saying so, and a
 * logout here is not later called an ending elsewhere by its own closing sockets). Two exceptions: a deletion is always said, and the person's own logout (no reason) clears an
 * `ended` that its own closing sockets reported a moment before.
 */
export function afterSignedOut(current: SignedOutReason | undefined, next: SignedOutReason | undefined): SignedOutReason | undefined {
  if (next === 'deleted') return next;
  if (next === undefined && current === 'ended') return undefined;
  return current;
}
