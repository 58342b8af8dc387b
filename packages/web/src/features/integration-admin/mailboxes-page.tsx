import { useState } from 'react';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { IntegrationAdminFrame } from './integration-admin-nav.tsx';
import { MAIL_LANGUAGES, integrationApi, integrationKeys, useMailboxes, type MailLanguage, type Mailbox } from './integration-admin-api.ts';

/** Mailboxes: addresses customers write to; each new e-mail opens a case of the mailbox's type, replies go out from it. */
export function MailboxesPage() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mailboxes = useMailboxes();
  const caseTypes = useCaseTypes();
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const caseTypeName = (key: string) => caseTypes.data?.find((c) => c.key === key)?.name ?? key;
  const remove = async (m: Mailbox) => {
    try {
      await integrationApi.deleteMailbox(m.key, m.version);
      await queryClient.invalidateQueries({ queryKey: integrationKeys.mailboxes });
      void message.success(t('integrationAdmin.deleted'));
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  return (
    <IntegrationAdminFrame
      title={t('integrationAdmin.mailboxes.title')}
      testId="mailboxes-page"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-mailbox">
          {t('integrationAdmin.mailboxes.new')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('integrationAdmin.mailboxes.intro')}
        </Typography.Paragraph>
        {mailboxes.isError && <LoadError error={mailboxes.error} retry={() => mailboxes.refetch()} />}
        <KeyboardScrollable label={t('integrationAdmin.mailboxes.title')}>
          <Table<Mailbox>
            rowKey="key"
            loading={mailboxes.isLoading}
            dataSource={mailboxes.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('integrationAdmin.mailboxes.empty')} /> }}
            data-testid="mailbox-list"
            columns={[
              {
                title: t('integrationAdmin.mailbox.name'),
                dataIndex: 'name',
                render: (name: string, m) => (
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      <Button type="link" style={{ padding: 0, height: 'auto', fontWeight: 600 }} onClick={() => setEditing(m)}>
                        {name}
                      </Button>
                      {!m.active && <Tag>{t('integrationAdmin.inactive')}</Tag>}
                    </Space>
                    <Typography.Text type="secondary">{m.address}</Typography.Text>
                  </Space>
                ),
              },
              { title: t('integrationAdmin.mailbox.caseType'), dataIndex: 'caseType', responsive: ['md'], render: caseTypeName },
              { title: t('integrationAdmin.mailbox.language'), dataIndex: 'language', responsive: ['lg'], render: (l: MailLanguage) => t(`integrationAdmin.language.${l}`) },
              {
                title: t('integrationAdmin.mailbox.stats'),
                key: 'stats',
                render: (_: unknown, m) => (
                  <Space size={4} wrap>
                    <Tag>{t('integrationAdmin.mailbox.received', { count: m.stats.received })}</Tag>
                    <Tag color="success">{t('integrationAdmin.mailbox.sent', { count: m.stats.sent })}</Tag>
                    <Tag color={m.stats.failed ? 'error' : 'default'}>{t('integrationAdmin.mailbox.failed', { count: m.stats.failed })}</Tag>
                  </Space>
                ),
              },
              {
                title: t('integrationAdmin.mailbox.lastReceived'),
                key: 'last',
                responsive: ['sm'],
                render: (_: unknown, m) => (m.stats.lastReceivedAt ? formatDateTime(m.stats.lastReceivedAt, locale) : t('integrationAdmin.never')),
              },
              {
                title: t('integrationAdmin.actions'),
                key: 'actions',
                render: (_: unknown, m) => (
                  <Space size={4}>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(m)} aria-label={t('integrationAdmin.mailboxes.edit', { name: m.name })}>
                      {t('integrationAdmin.edit')}
                    </Button>
                    <Popconfirm
                      title={t('integrationAdmin.mailboxes.deleteConfirm', { name: m.name })}
                      okText={t('integrationAdmin.delete')}
                      cancelText={t('integrationAdmin.cancel')}
                      onConfirm={() => remove(m)}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('integrationAdmin.mailboxes.deleteNamed', { name: m.name })} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </KeyboardScrollable>
      </Space>
      {editing && <MailboxDialog mailbox={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </IntegrationAdminFrame>
  );
}

interface MailboxValues {
  key: string;
  name: string;
  address: string;
  caseType: string;
  language: MailLanguage;
  active: boolean;
}

const FIELDS = ['key', 'name', 'address', 'caseType', 'language', 'active'];

function MailboxDialog({ mailbox, onClose }: { mailbox: Mailbox | undefined; onClose(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const caseTypes = useCaseTypes();
  const [form] = Form.useForm<MailboxValues>();
  const [busy, setBusy] = useState(false);
  const initialValues: MailboxValues = mailbox
    ? { key: mailbox.key, name: mailbox.name, address: mailbox.address, caseType: mailbox.caseType, language: mailbox.language, active: mailbox.active }
    : { key: '', name: '', address: '', caseType: '', language: 'zh-CN', active: true };

  const save = async (values: MailboxValues) => {
    setBusy(true);
    const { key, ...fields } = { ...values, name: values.name.trim(), address: values.address.trim() };
    try {
      if (mailbox) await integrationApi.updateMailbox(mailbox.key, mailbox.version, fields);
      else await integrationApi.createMailbox({ key, ...fields });
      await queryClient.invalidateQueries({ queryKey: integrationKeys.mailboxes });
      void message.success(t('integrationAdmin.saved'));
      onClose();
    } catch (error) {
      if (isProblem(error) && error.status === 412) void message.error(t('integrationAdmin.stale'));
      else if (isProblem(error, 'mailbox-exists')) form.setFields([{ name: mailbox ? 'address' : 'key', errors: [t('problemType.mailbox-exists')] }]);
      else if (applyFieldErrors(form, fieldErrorsOf(error, t), FIELDS).length > 0 || fieldErrorsOf(error).length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={mailbox ? t('integrationAdmin.mailboxes.edit', { name: mailbox.name }) : t('integrationAdmin.mailboxes.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('integrationAdmin.save')}
      cancelText={t('integrationAdmin.cancel')}
      okButtonProps={{ 'data-testid': 'save-mailbox' }}
    >
      <Form<MailboxValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void save(v)} scrollToFirstError data-testid="mailbox-form">
        <Space wrap align="start">
          <Form.Item
            name="key"
            label={t('integrationAdmin.mailbox.key')}
            extra={mailbox ? undefined : t('integrationAdmin.keyHint')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('integrationAdmin.keyHint') }]}
          >
            <Input disabled={Boolean(mailbox)} style={{ width: 200 }} data-testid="mailbox-key" />
          </Form.Item>
          <Form.Item name="name" label={t('integrationAdmin.mailbox.name')} rules={[{ required: true, whitespace: true, message: t('integrationAdmin.required') }]}>
            <Input maxLength={200} style={{ width: 240 }} data-testid="mailbox-name" />
          </Form.Item>
          <Form.Item name="active" label={t('integrationAdmin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item
          name="address"
          label={t('integrationAdmin.mailbox.address')}
          extra={t('integrationAdmin.mailbox.addressHint')}
          rules={[{ required: true, pattern: /^[^@\s]+@[^@\s]+$/, message: t('fieldError.email') }]}
        >
          <Input maxLength={254} inputMode="email" data-testid="mailbox-address" />
        </Form.Item>
        <Form.Item
          name="caseType"
          label={t('integrationAdmin.mailbox.caseType')}
          extra={t('integrationAdmin.mailbox.caseTypeHint')}
          rules={[{ required: true, message: t('integrationAdmin.required') }]}
        >
          <Select
            style={{ width: 280, maxWidth: '100%' }}
            loading={caseTypes.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))}
            data-testid="mailbox-case-type"
          />
        </Form.Item>
        <Form.Item name="language" label={t('integrationAdmin.mailbox.language')} extra={t('integrationAdmin.mailbox.languageHint')}>
          <Radio.Group optionType="button" options={MAIL_LANGUAGES.map((l) => ({ value: l, label: t(`integrationAdmin.language.${l}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
