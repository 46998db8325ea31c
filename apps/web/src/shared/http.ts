import type { ApiErrorBody, ErrorCode } from '@kinship/domain/wire';

/**
 * The one way the web app talks to the REST API: JSON under /api, the login in a same-origin
 * cookie. Failures become ApiError (the server answered) or NetworkError (it could not be reached),
 * each with a sentence a person can read.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'unknown';
  /** The input at fault, for a 400 (matches the request body's property name). */
  readonly field?: string;

  constructor(status: number, body: Partial<ApiErrorBody> | null) {
    super(readableMessage(status, body));
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? 'unknown';
    this.field = body?.field;
  }
}

export class NetworkError extends Error {
  constructor() {
    super("We couldn't reach Kinship. Check your internet connection and try again.");
    this.name = 'NetworkError';
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'Something in the form needs another look.',
  401: 'Please log in to continue.',
  403: "You don't have access to this.",
  404: "We couldn't find this. It may have been removed, or the link may be mistyped.",
  409: 'This conflicts with something that already exists.',
  410: 'This link has already been used or has expired.',
  429: 'Too many attempts in a short time. Please wait a minute and try again.',
};

function readableMessage(status: number, body: Partial<ApiErrorBody> | null): string {
  const message = typeof body?.message === 'string' ? body.message.trim() : '';
  if (message && status < 500) return capitalize(message);
  if (status >= 500) return 'Something went wrong on our side. Your work is safe; please try again in a moment.';
  return FALLBACK_MESSAGES[status] ?? 'Something went wrong. Please try again.';
}

function capitalize(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Why a request found no login: `session_idle` (the API's code) when it ended because nothing happened for a while. */
export type LoginGone = 'unauthenticated' | 'session_idle';
type Unauthenticated = (why: LoginGone) => void;
const unauthenticatedListeners = new Set<Unauthenticated>();

/** Called whenever a request finds the login gone (401), so the app can ask to log in again (and say why). */
export function onUnauthenticated(listener: Unauthenticated): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** The login is known to be over without a 401 of a request (a connection was closed for it): told as a 401 is. */
export function reportLoginGone(why: LoginGone): void {
  unauthenticatedListeners.forEach((listener) => listener(why));
}

type SecondFactorRequired = () => void;
const secondFactorListeners = new Set<SecondFactorRequired>();

/** Called when the practice requires two-step sign-in of this counselor, who has not set it up (403 second_factor_required). */
export function onSecondFactorRequired(listener: SecondFactorRequired): () => void {
  secondFactorListeners.add(listener);
  return () => secondFactorListeners.delete(listener);
}

export interface RequestOptions {
  /** Do not report a 401 as a lost login (logging in, asking who is logged in). */
  quietUnauthenticated?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, isErrorBody(parsed) ? parsed : null);
    if (response.status === 401 && !options.quietUnauthenticated) {
      reportLoginGone(error.code === 'session_idle' ? 'session_idle' : 'unauthenticated');
    }
    if (error.code === 'second_factor_required') secondFactorListeners.forEach((listener) => listener());
    throw error;
  }
  if (parsed === null && response.status !== 204) {
    // A 200 with an HTML body means the request never reached the API (a proxy or fallback page).
    throw new ApiError(502, null);
  }
  return parsed as T;
}

function isErrorBody(value: unknown): value is Partial<ApiErrorBody> {
  return typeof value === 'object' && value !== null && 'message' in value;
}

/** The error's sentence for a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message;
  return 'Something went wrong. Please try again.';
}
