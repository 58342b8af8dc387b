import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Form, Input, Select, Space, Spin, Table } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import { notificationPreferencesKey, saveNotificationPreferences, useNotificationPreferences, type NotificationPreferences } from './notification-api.ts';

type Item = NotificationPreferences['items'][number];

/** The account page's notification settings: per kind, in the console and by e-mail; the address and the e-mail's language. */
export function NotificationPreferencesPanel() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const current = useNotificationPreferences();
  const [items, setItems] = useState<Item[]>([]);
  const [form] = Form.useForm<{ email: string; locale: NotificationPreferences['locale'] }>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!current.data) return;
    setItems(current.data.items);
    form.setFieldsValue({ email: current.data.email ?? '', locale: current.data.locale });
  }, [current.data, form]);
  if (current.isError) return <LoadError error={current.error} retry={() => current.refetch()} />;
  if (!current.data) return <Spin />;

  const toggle = (kind: Item['kind'], key: 'inApp' | 'email', value: boolean) => setItems((list) => list.map((i) => (i.kind === kind ? { ...i, [key]: value } : i)));
  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await saveNotificationPreferences({ items, email: values.email?.trim() ? values.email.trim() : null, locale: values.locale });
      await queryClient.invalidateQueries({ queryKey: notificationPreferencesKey });
      void message.success(t('notifications.prefs.saved'));
    } catch (error) {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['email', 'locale']);
      showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };
  const label = (kind: string) => t(`notifications.label.${kind}` as MessageKey);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="notification-preferences">
      <Table<Item>
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('notifications.prefs.kind'), dataIndex: 'kind', render: (kind: string) => label(kind) },
          {
            title: t('notifications.prefs.inApp'),
            dataIndex: 'inApp',
            width: 110,
            render: (value: boolean, row) => (
              <Checkbox checked={value} onChange={(e) => toggle(row.kind, 'inApp', e.target.checked)} aria-label={`${label(row.kind)}: ${t('notifications.prefs.inApp')}`} />
            ),
          },
          {
            title: t('notifications.prefs.email'),
            dataIndex: 'email',
            width: 110,
            render: (value: boolean, row) => (
              <Checkbox checked={value} onChange={(e) => toggle(row.kind, 'email', e.target.checked)} aria-label={`${label(row.kind)}: ${t('notifications.prefs.email')}`} />
            ),
          },
        ]}
      />
      <Form form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={save}>
        <Form.Item
          name="email"
          label={t('notifications.prefs.address')}
          extra={t('notifications.prefs.addressHelp')}
          rules={[{ pattern: /^[^@\s]+@[^@\s]+$/, message: t('notifications.prefs.addressInvalid') }]}
        >
          <Input type="email" autoComplete="email" maxLength={254} />
        </Form.Item>
        <Form.Item name="locale" label={t('notifications.prefs.language')}>
          <Select
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en-US', label: 'English' },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="notification-preferences-save">
          {t('notifications.prefs.save')}
        </Button>
      </Form>
    </Space>
  );
}
