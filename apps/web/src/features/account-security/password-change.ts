/** Where the "Change password" card is: the texts that say "change your password" link here. */
export const CHANGE_PASSWORD_PATH = '/account/security#change-password';
export const CHANGE_PASSWORD_ANCHOR = 'change-password';

/** What changing the password did, in words: how many other devices were signed out. */
export function passwordChangedMessage(otherSessionsEnded: number): string {
  const ended =
    otherSessionsEnded === 0
      ? 'No other device was signed in.'
      : otherSessionsEnded === 1
        ? 'One other device was signed out.'
        : `${otherSessionsEnded} other devices were signed out.`;
  return `Your password is changed. ${ended} This device stays signed in.`;
}
