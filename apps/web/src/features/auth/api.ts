import type { AccountView, LoginBody, LoginResult, RegisterBody } from '@kinship/domain';
import { request } from '../../shared/http';

export function register(body: RegisterBody): Promise<AccountView> {
  return request<AccountView>('POST', '/auth/register', body, { quietUnauthenticated: true });
}

/** The account (signed in), or, with two-step sign-in on, a pending login waiting for the code. */
export function login(body: LoginBody): Promise<LoginResult> {
  return request<LoginResult>('POST', '/auth/login', body, { quietUnauthenticated: true });
}

export function logout(): Promise<void> {
  return request<void>('POST', '/auth/logout', undefined, { quietUnauthenticated: true });
}

export function fetchMe(signal?: AbortSignal): Promise<AccountView> {
  return request<AccountView>('GET', '/me', undefined, { quietUnauthenticated: true, signal });
}
