import { ErrorCode, SyncCloseCode } from '@kinship/domain/wire';

/** The one mapping from a domain error to the close code a refused sync connection gets. */
export const CLOSE_CODE_FOR: Record<ErrorCode, number> = {
  invalid: SyncCloseCode.malformed,
  unauthenticated: SyncCloseCode.unauthenticated,
  session_idle: SyncCloseCode.unauthenticated,
  forbidden: SyncCloseCode.forbidden,
  not_found: SyncCloseCode.notFound,
  conflict: SyncCloseCode.forbidden,
  gone: SyncCloseCode.notFound,
  too_many: SyncCloseCode.unavailable,
  second_factor_required: SyncCloseCode.forbidden,
};
