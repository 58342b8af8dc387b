import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { departmentTreeData, useDepartments } from '../admin/admin-queries.ts';
import { slaAdminApi, slaKeys, useCalendars, type CalendarSummary } from './sla-admin-api.ts';
import { SlaAdminNav } from './sla-admin-nav.tsx';

/** Business calendars: the shipped ones and the branches' own; an administrator creates a branch calendar here. */
export function CalendarsPage() {
  const { t, locale } = useLocale();
  const calendars = useCalendars();
  const admin = useCan('sla:admin');
  const [creating, setCreating] = useState(false);
  return (
    <Card title={t('slaAdmin.calendars.title')} extra={<SlaAdminNav />}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {admin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-calendar">
            {t('slaAdmin.calendars.new')}
          </Button>
        )}
        {calendars.isError && <LoadError error={calendars.error} retry={() => calendars.refetch()} />}
        <Table<CalendarSummary>
          rowKey="id"
          loading={calendars.isLoading}
          dataSource={calendars.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="calendar-list"
          columns={[
            { title: t('slaAdmin.calendar.name'), dataIndex: 'name', render: (name: string, c) => <Link to={`/admin/calendars/${encodeURIComponent(c.key)}`}>{name}</Link> },
            { title: t('slaAdmin.calendar.key'), dataIndex: 'key', responsive: ['md'] },
            { title: t('slaAdmin.calendar.parent'), dataIndex: 'parentKey', render: (p: string | null) => p ?? '—', responsive: ['md'] },
            { title: t('slaAdmin.calendar.department'), dataIndex: 'departmentName', render: (d: string | null) => d ?? '—', responsive: ['lg'] },
            {
              title: t('slaAdmin.calendar.hours'),
              key: 'hours',
              render: (_: unknown, c) => (c.alwaysOpen ? <Tag color="blue">{t('slaAdmin.calendar.alwaysOpen')}</Tag> : c.timeZone),
            },
            { title: t('slaAdmin.calendar.version'), dataIndex: 'currentVersion', render: (v: number) => t('slaAdmin.versionN', { version: v }) },
            { title: t('slaAdmin.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at, locale), responsive: ['lg'] },
          ]}
        />
      </Space>
      {creating && <NewCalendarDialog calendars={calendars.data ?? []} onClose={() => setCreating(false)} />}
    </Card>
  );
}

interface NewCalendarValues {
  key: string;
  name: string;
  parentKey?: string;
  departmentId?: string;
}

/** A branch calendar starts empty: it inherits everything from its parent until the administrator marks what differs. */
function NewCalendarDialog({ calendars, onClose }: { calendars: CalendarSummary[]; onClose(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewCalendarValues>();
  const departments = useDepartments();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const save = async (values: NewCalendarValues) => {
    setBusy(true);
    try {
      const created = await slaAdminApi.createCalendar({
        key: values.key.trim(),
        name: values.name.trim(),
        ...(values.parentKey ? { parentKey: values.parentKey } : {}),
        ...(values.departmentId ? { departmentId: values.departmentId } : {}),
        definition: {},
      });
      await queryClient.invalidateQueries({ queryKey: slaKeys.calendars });
      void message.success(t('slaAdmin.saved'));
      onClose();
      void navigate(`/admin/calendars/${encodeURIComponent(created.key)}`);
    } catch (error) {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['key', 'name', 'parentKey', 'departmentId']);
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('slaAdmin.calendars.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('slaAdmin.create')} cancelText={t('slaAdmin.cancel')} confirmLoading={busy}>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ parentKey: 'cn-mainland' }} data-testid="new-calendar-form">
        <Form.Item name="key" label={t('slaAdmin.calendar.key')} extra={t('slaAdmin.keyHint')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('slaAdmin.keyHint') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('slaAdmin.calendar.name')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="parentKey" label={t('slaAdmin.calendar.parent')} extra={t('slaAdmin.calendar.parentHint')}>
          <Select allowClear options={calendars.map((c) => ({ value: c.key, label: c.name }))} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('slaAdmin.calendar.department')} extra={t('slaAdmin.calendar.departmentHint')}>
          <TreeSelect allowClear treeDefaultExpandAll loading={departments.isLoading} treeData={departmentTreeData(departments.data ?? [])} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
