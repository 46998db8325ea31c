/** Where the "Change password" card is: the texts that say "change your password" link here. */
export const CHANGE_PASSWORD_PATH = '/account/security#change-password';
export const CHANGE_PASSWORD_ANCHOR = 'change-password';

/** What changing the password did, in words: how many other devices were signed out. */
export function passwordChangedMessage(otherLoginsEnded: number): string {
  const ended =
    otherLoginsEnded === 0
      ? 'No other device was signed in.'
      : otherLoginsEnded === 1
        ? 'One other device was signed out.'
        : `${otherLoginsEnded} other devices were signed out.`;
  return `Your password is changed. ${ended} This device stays signed in.`;
}
