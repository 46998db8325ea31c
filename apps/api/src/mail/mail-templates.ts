import type { MailMessage } from './mailer';

/**
 * What Kinship mails, written here and nowhere else. Other people may read a person's inbox, so
 * no mail holds anything from Kinship but a link: never a name, a title, a sentence, a count or a
 * workspace. The only thing that varies is the link (and a reset link's lifetime).
 */

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function html(paragraphs: string[], link: { href: string; label: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const href = escapeHtml(link.href);
  return `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5; color: #1f2933">
${body}
<p><a href="${href}">${escapeHtml(link.label)}</a></p>
<p style="color: #52606d; font-size: 0.9em">${href}</p>
</body></html>
`;
}

const durationWords = (minutes: number) =>
  minutes % 60 === 0 ? (minutes === 60 ? 'one hour' : `${minutes / 60} hours`) : minutes === 1 ? 'one minute' : `${minutes} minutes`;

/** "Forgot password?": a one-time link to set a new password. */
export function passwordResetMail(url: string, ttlMinutes: number): MailMessage {
  const paragraphs = [
    'Someone asked to set a new password for the Kinship account that uses this address.',
    `To set one, open this link within ${durationWords(ttlMinutes)}. It works once, and every device signed in to the account will be signed out.`,
    'If it was not you, ignore this mail: nothing changes unless the link is opened.',
  ];
  return {
    subject: 'Set a new Kinship password',
    text: `${paragraphs.slice(0, 2).join('\n\n')}\n\n${url}\n\n${paragraphs[2]}\n`,
    html: html(paragraphs, { href: url, label: 'Set a new password' }),
  };
}

/** A person who chose it hears that something waits for them, and nothing of what. */
export function somethingWaitingMail(appUrl: string): MailMessage {
  const paragraphs = [
    'Something new is waiting for you in Kinship.',
    'Sign in to see it. You can turn these emails off in Account and security.',
  ];
  return {
    subject: 'Something new is waiting for you in Kinship',
    text: `${paragraphs.join('\n\n')}\n\n${appUrl}\n`,
    html: html(paragraphs, { href: appUrl, label: 'Open Kinship' }),
  };
}
