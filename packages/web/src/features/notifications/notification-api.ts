import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

export type NotificationItem = components['schemas']['Notification'];
export type NotificationPreferences = components['schemas']['NotificationPreferences'];

export const notificationsKey = ['notifications'] as const;
const preferencesKey = ['me', 'notification-preferences'] as const;
/** The bell asks every 30 s; react-query stops asking while the tab is hidden (refetchIntervalInBackground off). */
export const UNREAD_POLL_MS = 30_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: [...notificationsKey, 'unread-count'],
    queryFn: async () => dataOf(await api.GET('/api/v1/notifications/unread-count')).count,
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
  });
}

export function useNotifications(unread: boolean, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...notificationsKey, 'list', { unread }],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => dataOf(await api.GET('/api/v1/notifications', { params: { query: { unread: unread || undefined, limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const markNotificationRead = async (id: string) => {
  await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }).then(dataOf);
};
export const markAllNotificationsRead = async () => {
  await api.POST('/api/v1/notifications/read-all').then(dataOf);
};

export function useNotificationPreferences() {
  return useQuery({ queryKey: preferencesKey, queryFn: async () => dataOf(await api.GET('/api/v1/me/notification-preferences')) });
}
export { preferencesKey as notificationPreferencesKey };

export const saveNotificationPreferences = async (body: { items: NotificationPreferences['items']; email: string | null; locale: NotificationPreferences['locale'] }) =>
  dataOf(await api.PUT('/api/v1/me/notification-preferences', { body }));
