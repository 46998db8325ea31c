import type { ChangePasswordBody, PasswordChanged, RecoveryCodesView, LoginActivityView, LoginView, TotpEnrollmentView, TotpStatusView } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** Where this account is signed in: its logins (the API's `sessions`). */
export function fetchLogins(signal?: AbortSignal): Promise<LoginView[]> {
  return request<LoginView[]>('GET', '/me/sessions', undefined, { signal });
}

export function logOutLogin(id: string): Promise<void> {
  return request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`);
}

/** "Log out all other devices" (includeCurrent false) or "Log out everywhere" (true). */
export function logOutLogins(includeCurrent: boolean): Promise<{ ended: number }> {
  return request<{ ended: number }>('POST', '/me/sessions/revoke-all', { includeCurrent }, { quietUnauthenticated: includeCurrent });
}

/** The person did something: the idle clock starts again. */
export function reportActivity(): Promise<LoginActivityView> {
  return request<LoginActivityView>('POST', '/me/activity');
}

/** When this login ends if nothing more happens (asking does not count as activity). */
export function fetchIdleDeadline(): Promise<LoginActivityView> {
  return request<LoginActivityView>('GET', '/me/activity', undefined, { quietUnauthenticated: true });
}

export function fetchTotpStatus(signal?: AbortSignal): Promise<TotpStatusView> {
  return request<TotpStatusView>('GET', '/me/totp', undefined, { signal });
}

export function startTotpEnrollment(): Promise<TotpEnrollmentView> {
  return request<TotpEnrollmentView>('POST', '/me/totp/enroll');
}

export function confirmTotp(code: string): Promise<RecoveryCodesView> {
  return request<RecoveryCodesView>('POST', '/me/totp/confirm', { code });
}

export function disableTotp(password: string, code: string): Promise<void> {
  return request<void>('POST', '/me/totp/disable', { password, code });
}

/** Changes the password; every other login is logged out, this one stays. */
export function changePassword(body: ChangePasswordBody): Promise<PasswordChanged> {
  return request<PasswordChanged>('POST', '/me/password', body);
}
