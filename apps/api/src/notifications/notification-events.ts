import type { NotificationMessage } from '@kinship/domain';

/** A notification was stored for this person: the live gateway delivers it to every socket they have open. */
export const NOTIFICATION_CREATED = 'notification.created';
export interface NotificationCreated {
  recipientId: string;
  message: NotificationMessage;
}
