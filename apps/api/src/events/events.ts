import { Inject } from '@nestjs/common';
import { EventEmitter2, OnEvent as NestOnEvent } from '@nestjs/event-emitter';
import type { DocumentKind, DocumentTarget, LiveSessionView } from '@kinship/domain/rules';
import type { AuditKind, BringHereMessage, NotificationKind, NotificationMessage } from '@kinship/domain/wire';
import type { RequestOrigin } from '../common/request-origin';

/**
 * The API's internal events: each name with the one payload it carries. Features talk through
 * these (one emits, others listen with `@OnEvent`) and never import each other for it. Emit through
 * an `EventBus` (`@InjectEventBus()`), listen with this file's `OnEvent`: both check the payload
 * against this map.
 */
export interface Events {
  /** A session ended early (logout, an account deleted), so every socket opened with it can close. */
  'login.ended': LoginEnded;
  /** Once per session that ended because time ran out (idle, or its absolute end), for the audit trail. */
  'login.timed-out': LoginTimedOut;
  /**
   * Emitted (and awaited) after something a member did to an agreement or a proposal has been
   * committed: notifications listen.
   */
  'agreement.activity': AgreementActivity;
  /** After a document's record changes (renamed, archived, restored). */
  'document.changed': DocumentChanged;
  /**
   * By the sync server when it accepts an edit to a document whose workspace has a live session
   * (the live session records which documents changed, and by whom), and to every proposal (an
   * edit after an acceptance withdraws it).
   */
  'document.edited': DocumentEdited;
  /**
   * After a change to a workspace's live session is committed (and put in this process's cache):
   * the gateway tells every watcher, each seeing what they may, and the other processes.
   */
  'live-session.changed': LiveSessionChanged;
  /** The counselor asked everyone to come to this document, at this position. */
  'live-session.bring-here': LiveBringHere;
  /** A notification was stored for this person: notifications deliver it through the /live door to every socket they have open. */
  'notification.created': NotificationCreated;
  /**
   * Once a membership has ended (the counselor removed a partner, a partner left, an account was
   * deleted), after the change committed. The sync server closes that person's sockets to the
   * workspace's documents (4403) and the live-session gateway takes their sockets out of the
   * workspace at once; each one's sweep catches what another process ended.
   */
  'membership.ended': MembershipEnded;
  /**
   * Emitted (and awaited) where a deed the audit trail keeps happened: a login, a failed login, a
   * password or two-step change, a document created, renamed, archived or restored, a workspace
   * created, an invite, an export. The trail appends it with the current request's address and
   * device; recording never fails the deed.
   */
  'audit.deed': AuditDeed;
  /**
   * A document was opened to read (a REST read, or a sync connection admitted): the audit trail
   * records it, at most once per person and document in a while.
   */
  'document.opened': DocumentOpened;
}

export type EventName = keyof Events;

export const LOGIN_ENDED = 'login.ended' satisfies EventName;
export const LOGIN_TIMED_OUT = 'login.timed-out' satisfies EventName;
export const AGREEMENT_ACTIVITY = 'agreement.activity' satisfies EventName;
export const DOCUMENT_CHANGED = 'document.changed' satisfies EventName;
export const DOCUMENT_EDITED = 'document.edited' satisfies EventName;
export const LIVE_SESSION_CHANGED = 'live-session.changed' satisfies EventName;
export const LIVE_BRING_HERE = 'live-session.bring-here' satisfies EventName;
export const NOTIFICATION_CREATED = 'notification.created' satisfies EventName;
export const MEMBERSHIP_ENDED = 'membership.ended' satisfies EventName;
export const AUDIT_DEED = 'audit.deed' satisfies EventName;
export const DOCUMENT_OPENED = 'document.opened' satisfies EventName;

export interface LoginEnded {
  /** SHA-256 of the session's cookie token, as stored. */
  tokenHash: string;
  accountId: string;
}

export interface LoginTimedOut {
  accountId: string;
  /** The session's own device and coarse address, as it was opened. */
  userAgent: string | null;
  address: string | null;
}

export interface AgreementActivity {
  kind: NotificationKind;
  actorId: string;
  agreementId: string;
  /** Null when it is about the agreement alone. */
  proposalId: string | null;
  /** For a withdrawn acceptance: whose acceptance the edit withdrew. */
  about?: string;
}

export interface DocumentChanged {
  documentId: string;
  workspaceId: string;
  target: DocumentTarget;
  /** The record's revision after the change; sync rooms never go back to a lower one. */
  revision: number;
}

export interface DocumentEdited {
  documentId: string;
  workspaceId: string;
  accountId: string;
  kind: DocumentKind;
}

export interface LiveSessionChanged {
  workspaceId: string;
  /** The whole session (the counselor's view), or null once it has ended. Never sent as is to a partner. */
  session: LiveSessionView | null;
  version: number;
  /**
   * The session just before this change, as committed (the counselor's view); undefined when not
   * known. A viewer whose own view is the same before and after is not told again: the other
   * partner hears nothing when a time-out is asked for.
   */
  previous?: LiveSessionView | null;
}

export type LiveBringHere = BringHereMessage;

export interface NotificationCreated {
  recipientId: string;
  message: NotificationMessage;
}

export interface MembershipEnded {
  workspaceId: string;
  accountId: string;
  /** Who ended it: the person themselves (left, deleted their account) or the counselor. */
  by: 'self' | 'counselor';
  /** The account of whoever ended it. */
  byAccountId: string;
}

/** What happened, to what: the rest of an audit entry (who, when, where from) is filled in by the trail. */
export interface AuditDeed {
  kind: AuditKind;
  accountId: string | null;
  email?: string | null;
  workspaceId?: string | null;
  documentId?: string | null;
  inviteId?: string | null;
  subjectId?: string | null;
}

export interface DocumentOpened {
  accountId: string;
  documentId: string;
  workspaceId: string;
  /** Where from, when not the HTTP request being served (a sync connection's upgrade). */
  origin?: RequestOrigin;
}

/**
 * The application's event emitter (@nestjs/event-emitter's `EventEmitter2`), seen through the map:
 * only the names above, each with its own payload.
 */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: Events[E]): boolean;
  /** Resolves once every listener has (a listener declared with `promisify: true` is awaited). */
  emitAsync<E extends EventName>(event: E, payload: Events[E]): Promise<unknown[]>;
}

/** Injects the `EventBus` (the one `EventEmitter2`, typed). */
export const InjectEventBus = (): ParameterDecorator => Inject(EventEmitter2);

/** `@OnEvent` of @nestjs/event-emitter, for a name in the map: the method must take that event's payload. */
export function OnEvent<E extends EventName>(
  event: E,
  options?: Parameters<typeof NestOnEvent>[1],
): (target: object, key: string | symbol, descriptor: { value?: (payload: Events[E]) => unknown }) => void {
  return NestOnEvent(event, options);
}
