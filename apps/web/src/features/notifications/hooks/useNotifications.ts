import { useEffect } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationsPage } from '@kinship/domain/wire';
import { agreementKeys } from '../../agreements/queries';
import { fetchNotifications, markNotificationsRead } from '../api';
import { NotificationSocket } from '../notification-socket';
import { markedRead, withNew } from '../notifications-state';

export const notificationKeys = { all: ['notifications'] as const };

export const notificationsQuery = () => queryOptions({ queryKey: notificationKeys.all, queryFn: ({ signal }) => fetchNotifications(signal) });

/**
 * One's own notifications: read over REST (what waited while away), kept current by the app-wide
 * socket while signed in, and marked read per item or all at once.
 */
export function useNotifications() {
  const client = useQueryClient();
  const query = useQuery(notificationsQuery());

  useEffect(() => {
    const socket = new NotificationSocket({
      onNotification: (message) => {
        client.setQueryData<NotificationsPage>(notificationKeys.all, (page) => withNew(page, message));
        // An open agreement or proposal page shows what happened at once, not at its next read.
        void client.invalidateQueries({ queryKey: agreementKeys.agreement(message.notification.agreementId) });
      },
      onConnect: () => void client.invalidateQueries({ queryKey: notificationKeys.all }),
    });
    socket.start();
    return () => socket.stop();
  }, [client]);

  const mark = useMutation({
    mutationFn: (ids: string[] | 'all') => markNotificationsRead(ids === 'all' ? { all: true } : { ids }),
    onMutate: (ids) => client.setQueryData<NotificationsPage>(notificationKeys.all, (page) => markedRead(page, ids, new Date().toISOString())),
    onSuccess: (result) => client.setQueryData<NotificationsPage>(notificationKeys.all, (page) => (page ? { ...page, unread: result.unread } : page)),
    onError: () => void client.invalidateQueries({ queryKey: notificationKeys.all }),
  });

  return {
    page: query.data,
    error: query.error,
    loading: query.isPending,
    markRead: (ids: string[]) => mark.mutate(ids),
    markAllRead: () => mark.mutate('all'),
    marking: mark.isPending,
  };
}
