import type { AccountView, LoginBody, RegisterBody } from '@kinship/domain';
import { request } from '../../shared/http';

export function register(body: RegisterBody): Promise<AccountView> {
  return request<AccountView>('POST', '/auth/register', body, { quietUnauthenticated: true });
}

export function login(body: LoginBody): Promise<AccountView> {
  return request<AccountView>('POST', '/auth/login', body, { quietUnauthenticated: true });
}

export function logout(): Promise<void> {
  return request<void>('POST', '/auth/logout', undefined, { quietUnauthenticated: true });
}

export function fetchMe(signal?: AbortSignal): Promise<AccountView> {
  return request<AccountView>('GET', '/me', undefined, { quietUnauthenticated: true, signal });
}
