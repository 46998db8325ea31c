import type { ErrorCode } from '@kinship/domain/wire';

/**
 * The one error type services throw. Each code maps once to an HTTP status (http-error.filter.ts)
 * and to a sync close code (sync/close-codes.ts). Services never build HTTP responses.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  session_idle: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_many: 429,
  /** A counselor who must set up two-step sign-in before anything else (REQUIRE_TOTP_FOR_COUNSELORS). */
  second_factor_required: 403,
};
