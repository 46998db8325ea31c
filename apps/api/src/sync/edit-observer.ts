import type { RequestOrigin } from '../common/request-origin';

/**
 * Told of every sync connection admitted and every edit accepted (the audit trail implements it;
 * the sync server imports nothing of the trail). `edited` is on the hot path: it must be
 * synchronous and allocate nothing in the common case.
 */
export interface EditObserver {
  /** A connection was admitted, from this origin: the edits that follow on it come from there. */
  syncAdmitted(accountId: string, documentId: string, workspaceId: string, origin: RequestOrigin): void;
  /** An edit the sync server accepted. */
  edited(accountId: string | null, documentId: string, workspaceId: string): void;
}

/** The DI token of the `EditObserver` (provided by the module that wires one in: the audit trail's). */
export const EDIT_OBSERVER = Symbol('EditObserver');
