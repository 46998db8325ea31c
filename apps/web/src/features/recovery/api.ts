import type {
  PasswordReset,
  PasswordResetLinkPreview,
  PasswordResetRequested,
  RecoverWithCodeBody,
  RecoveryCodesStatusView,
  RecoveryCodesView,
  RecoveryLinkCreated,
  RecoveryLinkPreview,
  RecoveryLinkView,
} from '@kinship/domain/wire';
import { request } from '../../shared/http';

export function fetchRecoveryCodesStatus(signal?: AbortSignal): Promise<RecoveryCodesStatusView> {
  return request<RecoveryCodesStatusView>('GET', '/me/recovery-codes', undefined, { signal });
}

/** A new set of codes (the ones before stop working); the password is asked unless this login is minutes old. */
export function makeRecoveryCodes(password?: string): Promise<RecoveryCodesView> {
  return request<RecoveryCodesView>('POST', '/me/recovery-codes', password ? { password } : {});
}

/** "Forgot password?": nobody is signed in, so a 401 here is never a login that ended. */
export function recoverWithCode(body: RecoverWithCodeBody): Promise<PasswordReset> {
  return request<PasswordReset>('POST', '/auth/recover', body, { quietUnauthenticated: true });
}

const linksPath = (workspaceId: string) => `/workspaces/${encodeURIComponent(workspaceId)}/recovery-links`;

export function issueRecoveryLink(workspaceId: string, accountId: string): Promise<RecoveryLinkCreated> {
  return request<RecoveryLinkCreated>('POST', linksPath(workspaceId), { accountId });
}

export function listRecoveryLinks(workspaceId: string, signal?: AbortSignal): Promise<RecoveryLinkView[]> {
  return request<RecoveryLinkView[]>('GET', linksPath(workspaceId), undefined, { signal });
}

export function withdrawRecoveryLink(workspaceId: string, linkId: string): Promise<void> {
  return request<void>('DELETE', `${linksPath(workspaceId)}/${encodeURIComponent(linkId)}`);
}

export function fetchRecoveryLink(token: string, signal?: AbortSignal): Promise<RecoveryLinkPreview> {
  return request<RecoveryLinkPreview>('GET', `/recovery-links/${encodeURIComponent(token)}`, undefined, { signal, quietUnauthenticated: true });
}

export function setPasswordWithLink(token: string, newPassword: string): Promise<PasswordReset> {
  return request<PasswordReset>('POST', `/recovery-links/${encodeURIComponent(token)}`, { newPassword }, { quietUnauthenticated: true });
}

/** "Forgot password?" by email (only when the practice has set it up): one answer, whoever's address it is. */
export function requestPasswordReset(email: string): Promise<PasswordResetRequested> {
  return request<PasswordResetRequested>('POST', '/auth/password-reset', { email }, { quietUnauthenticated: true });
}

export function fetchPasswordResetLink(token: string, signal?: AbortSignal): Promise<PasswordResetLinkPreview> {
  return request<PasswordResetLinkPreview>('GET', `/password-resets/${encodeURIComponent(token)}`, undefined, { signal, quietUnauthenticated: true });
}

export function setPasswordWithResetLink(token: string, newPassword: string): Promise<PasswordReset> {
  return request<PasswordReset>('POST', `/password-resets/${encodeURIComponent(token)}`, { newPassword }, { quietUnauthenticated: true });
}
