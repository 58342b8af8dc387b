import { useEffect, useState } from 'react';
import { App, Badge, Button, Drawer, Empty, List, Space, Spin, Switch, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { markAllNotificationsRead, markNotificationRead, notificationsKey, useNotifications, useUnreadCount, type NotificationItem } from './notification-api.ts';
import { notificationText } from './notification-text.ts';

/**
 * The header's bell: the unread count (asked every 30 s while the tab is visible) and a drawer
 * with the notifications, each leading to its task or case; opening one marks it read.
 */
export function NotificationBell({ narrow }: { narrow: boolean }) {
  const { t } = useLocale();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  const location = useLocation();
  // Following a notification's link closes the drawer: the screen it leads to is what matters.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation
  useEffect(() => setOpen(false), [location.pathname]);
  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]} overflowCount={99}>
        <Button
          type="text"
          size="small"
          icon={<BellOutlined />}
          onClick={() => setOpen(true)}
          aria-label={count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
          aria-haspopup="dialog"
          aria-expanded={open}
          style={{ color: '#fff' }}
          data-testid="notification-bell"
          data-unread={count}
        />
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} placement="right" size={narrow ? 340 : 420} title={t('notifications.title')} destroyOnHidden data-testid="notification-drawer">
        {open && <NotificationList />}
      </Drawer>
    </>
  );
}

function NotificationList() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const list = useNotifications(onlyUnread, true);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey });
  const run = async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      await refresh();
    }
  };
  const anyUnread = items.some((n) => !n.readAt) || (list.data?.pages[0]?.unreadCount ?? 0) > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space size="small">
          <Switch size="small" id="notifications-only-unread" checked={onlyUnread} onChange={setOnlyUnread} aria-label={t('notifications.onlyUnread')} data-testid="notifications-only-unread" />
          <span aria-hidden="true">{t('notifications.onlyUnread')}</span>
        </Space>
        <Button size="small" icon={<CheckOutlined />} disabled={!anyUnread} onClick={() => run(markAllNotificationsRead)} data-testid="notifications-read-all">
          {t('notifications.markAllRead')}
        </Button>
      </Space>
      {list.isPending ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description={t(onlyUnread ? 'notifications.emptyUnread' : 'notifications.empty')} />
      ) : (
        <List
          dataSource={items}
          rowKey="id"
          data-testid="notification-list"
          renderItem={(n: NotificationItem) => (
            <List.Item
              data-testid="notification-item"
              data-kind={n.kind}
              data-unread={n.readAt ? 'false' : 'true'}
              actions={
                n.readAt
                  ? []
                  : [
                      <Button key="read" size="small" type="link" onClick={() => run(() => markNotificationRead(n.id))} aria-label={`${t('notifications.markRead')}: ${notificationText(n, t)}`}>
                        {t('notifications.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                // A long case title or name wraps inside the drawer instead of widening the page on a phone.
                style={{ minWidth: 0, overflowWrap: 'anywhere' }}
                title={
                  n.link ? (
                    <Link to={n.link} onClick={() => (n.readAt ? undefined : void run(() => markNotificationRead(n.id)))} style={{ fontWeight: n.readAt ? 'normal' : 600 }}>
                      {notificationText(n, t)}
                    </Link>
                  ) : (
                    <Typography.Text strong={!n.readAt}>{notificationText(n, t)}</Typography.Text>
                  )
                }
                description={
                  <Space size="small" wrap>
                    {!n.readAt && <Badge status="processing" text={t('notifications.unread')} />}
                    <span>{formatDateTime(n.createdAt, locale)}</span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      {list.hasNextPage && (
        <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('notifications.more')}
        </Button>
      )}
    </Space>
  );
}
