import type { NotificationMessage, NotificationsPage, NotificationView } from '@kinship/domain/wire';

/**
 * The page of notifications held on screen, changed by what the socket says and what the person
 * does. Pure, so the rules are tested without a browser.
 */

/** A new notification from the socket: on top (once, even if the page was read again meanwhile), with the server's unread count. */
export function withNew(page: NotificationsPage | undefined, message: NotificationMessage): NotificationsPage | undefined {
  if (!page) return page;
  const known = page.notifications.some((n) => n.id === message.notification.id);
  return {
    ...page,
    notifications: known ? page.notifications : [message.notification, ...page.notifications],
    unread: message.unread,
  };
}

/** These notifications read now (all of them when `ids` is 'all'); the unread count follows. */
export function markedRead(page: NotificationsPage | undefined, ids: string[] | 'all', at: string): NotificationsPage | undefined {
  if (!page) return page;
  let newlyRead = 0;
  const notifications = page.notifications.map((n) => {
    if (n.readAt !== null || (ids !== 'all' && !ids.includes(n.id))) return n;
    newlyRead++;
    return { ...n, readAt: at };
  });
  return { ...page, notifications, unread: ids === 'all' ? 0 : Math.max(0, page.unread - newlyRead) };
}

/** The page a notification opens: its proposal, or its agreement. */
export function notificationHref(n: Pick<NotificationView, 'workspaceId' | 'agreementId' | 'proposalId'>): string {
  const workspace = `/workspaces/${encodeURIComponent(n.workspaceId)}`;
  return n.proposalId
    ? `${workspace}/agreements/${encodeURIComponent(n.agreementId)}/proposals/${encodeURIComponent(n.proposalId)}`
    : `${workspace}/documents/${encodeURIComponent(n.agreementId)}`;
}

/** The bell's accessible name: "Notifications, 3 unread". */
export function bellLabel(unread: number): string {
  return unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
}
