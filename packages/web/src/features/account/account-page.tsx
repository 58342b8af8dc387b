import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Modal, Popconfirm, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { KeyOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { ACTIONS, dataOf, type Action, type ApiToken, type Session } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { LoadError } from '../../components/load-error.tsx';
import { RecoveryCodes, TotpCodeInput, TotpSecret } from './totp-parts.tsx';
import { NotificationPreferencesPanel } from '../notifications/notification-preferences.tsx';
import { OutOfOfficePanel } from './out-of-office-panel.tsx';

const mfaKey = ['auth', 'mfa'] as const;
const tokensKey = ['auth', 'api-tokens'] as const;
const sessionsKey = ['auth', 'sessions'] as const;

/** The signed-in user's own settings: second factor, API tokens, sessions, notifications, out of office. */
export function AccountPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  return (
    <Card title={t('account.title')}>
      <Tabs
        activeKey={params.get('tab') ?? 'mfa'}
        onChange={(tab) => setParams({ tab }, { replace: true })}
        items={[
          { key: 'mfa', label: t('account.mfa'), children: <SecondFactor /> },
          { key: 'tokens', label: t('account.tokens'), children: <ApiTokens /> },
          { key: 'sessions', label: t('account.sessions'), children: <Sessions /> },
          { key: 'notifications', label: t('notifications.prefs.tab'), children: <NotificationPreferencesPanel /> },
          { key: 'out-of-office', label: t('ooo.tab'), children: <OutOfOfficePanel /> },
        ]}
      />
    </Card>
  );
}

function SecondFactor() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [codeForm] = Form.useForm<{ code: string }>();
  const [offForm] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const status = useQuery({ queryKey: mfaKey, queryFn: async () => dataOf(await api.GET('/api/v1/auth/mfa')) });

  const run = async (action: () => Promise<void>, form?: typeof codeForm | typeof offForm, fields: string[] = []) => {
    setBusy(true);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: mfaKey });
    } catch (error) {
      if (form) applyFieldErrors(form, fieldErrorsOf(error, t), fields);
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  if (status.isPending) return <Spin />;
  if (status.isError) return <LoadError error={status.error} retry={() => status.refetch()} />;
  const { totp, recoveryCodesLeft, requiredByRole } = status.data;

  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 560 }} size="middle">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('mfa.status')}>
          <Tag color={totp === 'active' ? 'green' : totp === 'pending' ? 'orange' : 'default'} data-testid="mfa-status">
            {t(`mfa.status.${totp}`)}
          </Tag>
        </Descriptions.Item>
        {totp === 'active' && <Descriptions.Item label={t('mfa.recoveryCodesLeft')}>{recoveryCodesLeft}</Descriptions.Item>}
        {requiredByRole && <Descriptions.Item label={t('mfa.requiredByRole')}>{t('mfa.requiredByRole.yes')}</Descriptions.Item>}
      </Descriptions>
      {codes && <RecoveryCodes codes={codes} />}
      {totp !== 'active' && !enrolment && (
        <Button type="primary" icon={<SafetyOutlined />} loading={busy} data-testid="start-totp" onClick={() => run(async () => setEnrolment(dataOf(await api.POST('/api/v1/auth/mfa/totp'))))}>
          {totp === 'pending' ? t('mfa.restart') : t('mfa.enable')}
        </Button>
      )}
      {enrolment && totp !== 'active' && (
        <Card size="small" title={t('mfa.enrol')}>
          <TotpSecret {...enrolment} />
          <Form
            form={codeForm}
            layout="vertical"
            style={{ marginTop: 12 }}
            onFinish={({ code }) =>
              run(
                async () => {
                  const { recoveryCodes } = dataOf(await api.POST('/api/v1/auth/mfa/totp/confirm', { body: { code } }));
                  setCodes(recoveryCodes);
                  setEnrolment(null);
                  void message.success(t('mfa.enabled'));
                },
                codeForm,
                ['code'],
              )
            }
          >
            <Form.Item name="code" label={t('mfa.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('mfa.codeInvalid') }]}>
              <TotpCodeInput />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="confirm-totp">
              {t('mfa.confirm')}
            </Button>
          </Form>
        </Card>
      )}
      {totp === 'active' && (
        <Space wrap align="start">
          <Form
            form={codeForm}
            layout="inline"
            onFinish={({ code }) =>
              run(
                async () => {
                  setCodes(dataOf(await api.POST('/api/v1/auth/mfa/recovery-codes', { body: { code } })).recoveryCodes);
                  codeForm.resetFields();
                },
                codeForm,
                ['code'],
              )
            }
          >
            <Form.Item name="code" label={t('mfa.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('mfa.codeInvalid') }]}>
              <TotpCodeInput />
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              {t('mfa.regenerate')}
            </Button>
          </Form>
          {!requiredByRole && (
            <Form
              form={offForm}
              layout="inline"
              onFinish={({ password }) =>
                run(
                  async () => {
                    await api.DELETE('/api/v1/auth/mfa/totp', { body: { password } });
                    offForm.resetFields();
                    setCodes(null);
                    void message.success(t('mfa.disabled'));
                  },
                  offForm,
                  ['password'],
                )
              }
            >
              <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required') }]}>
                <Input.Password autoComplete="current-password" style={{ width: 160 }} />
              </Form.Item>
              <Button danger htmlType="submit" loading={busy}>
                {t('mfa.disable')}
              </Button>
            </Form>
          )}
        </Space>
      )}
    </Space>
  );
}

interface TokenValues {
  name: string;
  scopes: Action[];
  expiresAt: Dayjs;
}

function ApiTokens() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TokenValues>();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: tokensKey, queryFn: async (): Promise<ApiToken[]> => dataOf(await api.GET('/api/v1/auth/api-tokens')).items });
  const create = useMutation({
    mutationFn: async (values: TokenValues) =>
      dataOf(await api.POST('/api/v1/auth/api-tokens', { body: { name: values.name, scopes: values.scopes, expiresAt: values.expiresAt.endOf('day').toISOString() } })),
    onSuccess: async (created) => {
      setCreating(false);
      form.resetFields();
      setSecret(created.token);
      await queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (error) => {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['name', 'scopes', 'expiresAt']);
      showProblem(message, error, t);
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => api.DELETE('/api/v1/auth/api-tokens/{id}', { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
    onError: (error) => showProblem(message, error, t),
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('tokens.explain')}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-token">
        {t('tokens.new')}
      </Button>
      {tokens.isError && <LoadError error={tokens.error} retry={() => tokens.refetch()} />}
      <Table<ApiToken>
        rowKey="id"
        size="small"
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty description={t('tokens.empty')} /> }}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          { title: t('tokens.scopes'), dataIndex: 'scopes', render: (scopes: string[]) => scopes.map((s) => <Tag key={s}>{s}</Tag>) },
          { title: t('case.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v, locale) },
          { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', width: 140, render: (v: string) => formatDateTime(v, locale) },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 110,
            render: (_, token) =>
              token.revokedAt ? (
                <Tag>{t('tokens.revoked')}</Tag>
              ) : (
                <Popconfirm title={t('tokens.revokeConfirm', { name: token.name })} onConfirm={() => revoke.mutate(token.id)} okText={t('tokens.revoke')} cancelText={t('caseView.cancel')}>
                  <Button size="small" danger>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('tokens.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('designer.create')}
        cancelText={t('caseView.cancel')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ expiresAt: dayjs().add(90, 'day'), scopes: ['case:read'] }}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, message: t('signIn.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true, message: t('signIn.required') }]}>
            <Select mode="multiple" options={ACTIONS.map((a) => ({ value: a, label: a }))} />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('tokens.expiresAt')} rules={[{ required: true, message: t('signIn.required') }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(1, 'year'))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={t('tokens.created')}
        onOk={() => setSecret(null)}
        onCancel={() => setSecret(null)}
        okText={t('tokens.done')}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={t('tokens.onlyOnce')} style={{ marginBottom: 12 }} />
        <Typography.Text code copyable data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
          {secret}
        </Typography.Text>
      </Modal>
    </Space>
  );
}

function Sessions() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: sessionsKey, queryFn: async (): Promise<Session[]> => dataOf(await api.GET('/api/v1/auth/sessions')).items });
  const revoke = useMutation({
    mutationFn: async (id: string) => api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
    onError: (error) => showProblem(message, error, t),
  });
  const revokeOthers = useMutation({
    mutationFn: async () => dataOf(await api.POST('/api/v1/auth/sessions/revoke-others')),
    onSuccess: async ({ revoked }) => {
      void message.success(t('sessions.revokedCount', { count: revoked }));
      await queryClient.invalidateQueries({ queryKey: sessionsKey });
    },
    onError: (error) => showProblem(message, error, t),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Popconfirm title={t('sessions.revokeOthersConfirm')} onConfirm={() => revokeOthers.mutate()} okText={t('sessions.revokeOthers')} cancelText={t('caseView.cancel')}>
        <Button icon={<KeyOutlined />} loading={revokeOthers.isPending}>
          {t('sessions.revokeOthers')}
        </Button>
      </Popconfirm>
      {sessions.isError && <LoadError error={sessions.error} retry={() => sessions.refetch()} />}
      <Table<Session>
        rowKey="id"
        size="small"
        loading={sessions.isPending}
        dataSource={sessions.data ?? []}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty description={t('sessions.empty')} /> }}
        columns={[
          {
            title: t('sessions.method'),
            dataIndex: 'authMethod',
            width: 160,
            render: (m: string, s) => (
              <Space>
                {m}
                {s.current && <Tag color="blue">{t('sessions.current')}</Tag>}
              </Space>
            ),
          },
          { title: t('sessions.ip'), dataIndex: 'clientIp', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('sessions.agent'), dataIndex: 'userAgent', ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: t('case.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v, locale) },
          { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', width: 140, render: (v: string) => formatDateTime(v, locale) },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 100,
            render: (_, s) =>
              !s.current && (
                <Button size="small" danger onClick={() => revoke.mutate(s.id)}>
                  {t('sessions.revoke')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}
