import type { AccountView, LoginBody, LoginResult, RegisterBody } from '@kinship/domain/wire';
import { ApiError, reportLoginGone, request } from '../../shared/http';

export function register(body: RegisterBody): Promise<AccountView> {
  return request<AccountView>('POST', '/auth/register', body, { quietUnauthenticated: true });
}

/** The account (signed in), or, with two-step sign-in on, a pending login waiting for the code. */
export function login(body: LoginBody): Promise<LoginResult> {
  return request<LoginResult>('POST', '/auth/login', body, { quietUnauthenticated: true });
}

/** The login's second step: a code from the app or a recovery code, with the pending login. */
export function completeLogin(pendingLogin: string, code: string): Promise<AccountView> {
  return request<AccountView>('POST', '/auth/login/second-factor', { pendingLogin, code }, { quietUnauthenticated: true });
}

export function logout(): Promise<void> {
  return request<void>('POST', '/auth/logout', undefined, { quietUnauthenticated: true });
}

export function fetchMe(signal?: AbortSignal): Promise<AccountView> {
  return request<AccountView>('GET', '/me', undefined, { quietUnauthenticated: true, signal });
}

/**
 * Is this login still on? Asked when a connection was closed or refused by the server (which happens
 * when the login ends elsewhere): a 401 signs the app out, saying why, as any request's 401 does.
 */
export async function checkSession(): Promise<'live' | 'gone' | 'unknown'> {
  try {
    await request<AccountView>('GET', '/me');
    return 'live';
  } catch (error) {
    return error instanceof ApiError && error.status === 401 ? 'gone' : 'unknown';
  }
}

/**
 * The server closed a connection because this login is over (sync 4401): asks once to learn why
 * (idle or not), and signs out even when the server cannot be asked.
 */
export async function loginEnded(): Promise<void> {
  if ((await checkSession()) !== 'gone') reportLoginGone('unauthenticated');
}
