import { useEffect, useState } from 'react';
import { App, Button, DatePicker, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { LoadError } from '../../components/load-error.tsx';

type OutOfOffice = components['schemas']['OutOfOffice'];

const oooKey = ['me', 'out-of-office'] as const;
const STATE_COLOR: Record<OutOfOffice['state'], string> = { scheduled: 'blue', active: 'green', ended: 'default', revoked: 'default' };

interface RuleValues {
  delegateId: string;
  startsAt: Dayjs;
  endsAt: Dayjs;
  processKeys?: string[];
  reason?: string;
}

/**
 * 外出委托 on the account page: my out-of-office rules (while one is active, tasks given to me go
 * to its delegate, who acts for me), a form to add one and a way to revoke one.
 */
export function OutOfOfficePanel() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleValues>();
  const [creating, setCreating] = useState(false);
  const rules = useQuery({ queryKey: oooKey, queryFn: async (): Promise<OutOfOffice[]> => dataOf(await api.GET('/api/v1/out-of-office')).items });
  const create = useMutation({
    mutationFn: async (values: RuleValues) =>
      dataOf(
        await api.POST('/api/v1/out-of-office', {
          body: {
            delegateId: values.delegateId,
            startsAt: values.startsAt.toISOString(),
            endsAt: values.endsAt.toISOString(),
            ...(values.processKeys?.length ? { processKeys: values.processKeys } : {}),
            ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setCreating(false);
      form.resetFields();
      void message.success(t('ooo.created'));
      await queryClient.invalidateQueries({ queryKey: oooKey });
    },
    onError: (error) => {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['delegateId', 'startsAt', 'endsAt', 'processKeys', 'reason']);
      showProblem(message, error, t);
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => api.DELETE('/api/v1/out-of-office/{id}', { params: { path: { id } } }),
    onSuccess: async () => {
      void message.success(t('ooo.revoked'));
      await queryClient.invalidateQueries({ queryKey: oooKey });
    },
    onError: (error) => showProblem(message, error, t),
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="out-of-office">
      <Typography.Paragraph type="secondary">{t('ooo.explain')}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-out-of-office">
        {t('ooo.new')}
      </Button>
      {rules.isError && <LoadError error={rules.error} retry={() => rules.refetch()} />}
      <Table<OutOfOffice>
        rowKey="id"
        size="small"
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty description={t('ooo.empty')} /> }}
        columns={[
          { title: t('ooo.delegate'), dataIndex: 'delegateName', render: (name: string | null) => name ?? '—' },
          {
            title: t('ooo.period'),
            key: 'period',
            render: (_, rule) => t('ooo.range', { from: formatDateTime(rule.startsAt, locale), to: formatDateTime(rule.endsAt, locale) }),
          },
          {
            title: t('ooo.processes'),
            dataIndex: 'processKeys',
            render: (keys: string[] | null) => (keys ? keys.map((key) => <Tag key={key}>{key}</Tag>) : t('ooo.allProcesses')),
          },
          { title: t('ooo.reason'), dataIndex: 'reason', ellipsis: true, render: (reason: string | null) => reason ?? '—' },
          { title: t('ooo.state'), dataIndex: 'state', width: 100, render: (state: OutOfOffice['state']) => <Tag color={STATE_COLOR[state]}>{t(`ooo.state.${state}`)}</Tag> },
          {
            title: t('ooo.actions'),
            key: 'actions',
            width: 100,
            render: (_, rule) =>
              (rule.state === 'scheduled' || rule.state === 'active') && (
                <Popconfirm title={t('ooo.revokeConfirm', { name: rule.delegateName ?? '—' })} onConfirm={() => revoke.mutate(rule.id)} okText={t('ooo.revoke')} cancelText={t('ooo.cancel')}>
                  <Button size="small" danger loading={revoke.isPending && revoke.variables === rule.id}>
                    {t('ooo.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('ooo.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('ooo.save')}
        cancelText={t('ooo.cancel')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => create.mutate(values)}
          initialValues={{ startsAt: dayjs().startOf('minute'), endsAt: dayjs().add(1, 'day').endOf('day').startOf('minute') }}
        >
          <Form.Item name="delegateId" label={t('ooo.delegate')} rules={[{ required: true, message: t('ooo.required') }]}>
            <DelegatePicker />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="startsAt" label={t('ooo.startsAt')} rules={[{ required: true, message: t('ooo.required') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item
              name="endsAt"
              label={t('ooo.endsAt')}
              dependencies={['startsAt']}
              rules={[
                { required: true, message: t('ooo.required') },
                ({ getFieldValue }) => ({
                  validator: (_, value?: Dayjs) => {
                    const start = getFieldValue('startsAt') as Dayjs | undefined;
                    return !value || !start || value.isAfter(start) ? Promise.resolve() : Promise.reject(new Error(t('ooo.endsAfterStart')));
                  },
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          </Space>
          <Form.Item name="processKeys" label={t('ooo.processes')} extra={t('ooo.processesHint')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} placeholder={t('ooo.allProcesses')} aria-label={t('ooo.processes')} open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="reason" label={t('ooo.reason')}>
            <Input maxLength={500} placeholder={t('ooo.reasonHint')} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** Searches the active people one may name as a delegate (GET /out-of-office/delegates), on the server. */
function DelegatePicker({ value, onChange, id }: { value?: string; onChange?: (value: string) => void; id?: string }) {
  const { t } = useLocale();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const people = useQuery({
    queryKey: ['out-of-office', 'delegates', q],
    placeholderData: keepPreviousData,
    queryFn: async () => dataOf(await api.GET('/api/v1/out-of-office/delegates', { params: { query: { limit: 20, ...(q ? { q } : {}) } } })).items,
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(next: string) => onChange?.(next)}
      placeholder={t('ooo.pickDelegate')}
      aria-label={t('ooo.delegate')}
      loading={people.isFetching}
      style={{ width: '100%' }}
      options={(people.data ?? []).map((p) => ({ value: p.id, label: `${p.displayName} (${p.username}${p.departmentName ? ` · ${p.departmentName}` : ''})` }))}
      data-testid="delegate-picker"
    />
  );
}
