import type { MarkNotificationsReadBody, NotificationsPage, NotificationsReadResult } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** The newest of one's own notifications, and how many are unread. */
export function fetchNotifications(signal?: AbortSignal): Promise<NotificationsPage> {
  return request<NotificationsPage>('GET', '/notifications', undefined, { signal });
}

export function markNotificationsRead(body: MarkNotificationsReadBody): Promise<NotificationsReadResult> {
  return request<NotificationsReadResult>('POST', '/notifications/read', body);
}
