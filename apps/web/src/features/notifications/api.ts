import type { NoticeMailView, MarkNotificationsReadBody, NotificationsPage, NotificationsReadResult } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** The newest of one's own notifications, and how many are unread. */
export function fetchNotifications(signal?: AbortSignal): Promise<NotificationsPage> {
  return request<NotificationsPage>('GET', '/notifications', undefined, { signal });
}

export function markNotificationsRead(body: MarkNotificationsReadBody): Promise<NotificationsReadResult> {
  return request<NotificationsReadResult>('POST', '/notifications/read', body);
}

/** Whether a mail says something is waiting (only offered when the practice has set up email). */
export function fetchNoticeMail(signal?: AbortSignal): Promise<NoticeMailView> {
  return request<NoticeMailView>('GET', '/me/notice-mail', undefined, { signal });
}

export function setNoticeMail(enabled: boolean): Promise<NoticeMailView> {
  return request<NoticeMailView>('PUT', '/me/notice-mail', { enabled });
}
