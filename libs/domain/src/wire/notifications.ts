import { z } from 'zod';
import { pageLimit } from './rest';
import type { DocumentKind } from '../rules/document-kinds';
import { can, type Role } from '../rules/roles';

/**
 * Notifications: what happened to an agreement or a proposal while a member looked elsewhere.
 * One row per recipient (every member of the workspace but the person who acted), made when the
 * event happens, read over REST (`/api/notifications`) and delivered at once over the live socket
 * (`notification:new`) to every tab the recipient has open.
 */

export const NOTIFICATION_KINDS = [
  'proposal.opened',
  'proposal.commented',
  'proposal.accepted',
  'proposal.declined',
  /** The author took the proposal back, or an edit withdrew a partner's acceptance. */
  'proposal.withdrawn',
  'version.in-force',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The only kinds of document anyone is notified about: never a counselor's private notes, nor anything else. */
export const NOTIFIABLE_DOCUMENT_KINDS: readonly DocumentKind[] = ['agreement', 'proposal'];

/**
 * Whether a member with this role may be told about a document of this kind: it must be an
 * agreement or a proposal, and the member must be able to read it (the one rule, `can`).
 */
export function mayBeNotified(role: Role | null, kind: DocumentKind): boolean {
  return NOTIFIABLE_DOCUMENT_KINDS.includes(kind) && can({ role }, { type: 'document.read', document: { kind, archived: false } });
}

export interface NotificationView {
  id: string;
  workspaceId: string;
  kind: NotificationKind;
  actor: { accountId: string; name: string };
  agreementId: string;
  /** Null when the notification is about the agreement itself. */
  proposalId: string | null;
  /** A short plain sentence: "Alex proposed a change to “Evenings”". */
  text: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationsPage {
  notifications: NotificationView[];
  unread: number;
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: string | null;
}

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** `GET /api/notifications?before=<id>&limit=<n>`: newest first. */
export const NotificationsQuery = z
  .object({
    before: z.uuid({ error: 'must be an id' }).optional(),
    limit: pageLimit(100).default(NOTIFICATIONS_PAGE_SIZE),
  })
  .strict();
export type NotificationsQuery = z.infer<typeof NotificationsQuery>;

/** `POST /api/notifications/read`: these (one's own) notifications, or all of them. */
export const MarkNotificationsReadBody = z.union([
  z.object({ ids: z.array(z.uuid({ error: 'must be an id' })).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBody>;

export interface NotificationsReadResult {
  /** How many were marked read now. */
  marked: number;
  unread: number;
}

/** The live socket's `notification:new`: one new notification, and the recipient's unread count now. */
export interface NotificationMessage {
  notification: NotificationView;
  unread: number;
}

/**
 * `GET|PUT /api/me/notice-mail`: whether the person wants a short mail when something waits for
 * them ("Something new is waiting for you in Kinship", with a link and nothing else), off unless
 * they choose it; offered only when the practice has set up email (`available`).
 */
export interface NoticeMailView {
  available: boolean;
  enabled: boolean;
}

export const SetNoticeMailBody = z.object({ enabled: z.boolean({ error: 'must be true or false' }) }).strict();
export type SetNoticeMailBody = z.infer<typeof SetNoticeMailBody>;
