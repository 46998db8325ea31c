import { queryOptions } from '@tanstack/react-query';
import { fetchPasswordResetLink, fetchRecoveryCodesStatus, fetchRecoveryLink, listRecoveryLinks } from './api';

/** The cache keys of this feature, defined once. */
export const recoveryKeys = {
  codes: ['me', 'recovery-codes'] as const,
  links: (workspaceId: string) => ['recovery-links', workspaceId] as const,
  link: (token: string) => ['recovery-link', token] as const,
  resetLink: (token: string) => ['password-reset-link', token] as const,
};

export const recoveryCodesQuery = () => queryOptions({ queryKey: recoveryKeys.codes, queryFn: ({ signal }) => fetchRecoveryCodesStatus(signal) });

export const recoveryLinksQuery = (workspaceId: string) =>
  queryOptions({ queryKey: recoveryKeys.links(workspaceId), queryFn: ({ signal }) => listRecoveryLinks(workspaceId, signal) });

export const recoveryLinkQuery = (token: string) =>
  queryOptions({ queryKey: recoveryKeys.link(token), queryFn: ({ signal }) => fetchRecoveryLink(token, signal), retry: false });

export const passwordResetLinkQuery = (token: string) =>
  queryOptions({ queryKey: recoveryKeys.resetLink(token), queryFn: ({ signal }) => fetchPasswordResetLink(token, signal), retry: false });

/** The link a partner opens, built on this site's address, where they will land. */
export function recoveryLinkUrl(url: string): string {
  const token = url.split('/recover/')[1] ?? '';
  return new URL(`/recover/${token}`, window.location.origin).href;
}
