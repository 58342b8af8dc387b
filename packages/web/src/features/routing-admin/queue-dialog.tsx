import { useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, TreeSelect } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf, isProblem, type FieldError, type Group } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { departmentTreeData, groupsKey, useUsers } from '../admin/admin-queries.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { useCalendars } from '../sla-admin/sla-admin-api.ts';
import { newQueueValues, placeQueueErrors, queueToValues, valuesToCreateBody, valuesToUpdateBody, type QueueValues } from './queue-model.ts';
import { ChannelSelect } from './routing-inputs.tsx';
import { DISPATCH_MODES, ROUTING_STRATEGIES, routingAdminApi, routingAdminKeys, useProfiles, useVisibleDepartments, type Queue } from './routing-admin-api.ts';

/** Creates a queue or changes one (the whole queue, against the version read); a server problem shows on the field it names. */
export function QueueDialog({ queue, queues, onClose }: { queue: Queue | undefined; queues: Queue[]; onClose(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<QueueValues>();
  const [elsewhere, setElsewhere] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [initialValues] = useState<QueueValues>(() => (queue ? queueToValues(queue) : newQueueValues()));
  const mode = Form.useWatch('mode', form) ?? initialValues.mode;
  const strategy = Form.useWatch('strategy', form) ?? initialValues.strategy;
  const overflowQueueId = Form.useWatch('overflowQueueId', form) ?? initialValues.overflowQueueId;

  const save = async (values: QueueValues) => {
    setBusy(true);
    setElsewhere([]);
    try {
      if (queue) await routingAdminApi.updateQueue(queue.id, queue.version, valuesToUpdateBody(values));
      else await routingAdminApi.createQueue(valuesToCreateBody(values));
      await Promise.all([queryClient.invalidateQueries({ queryKey: routingAdminKeys.queues }), queryClient.invalidateQueries({ queryKey: routingAdminKeys.profiles })]);
      void message.success(t('routingAdmin.saved'));
      onClose();
    } catch (error) {
      if (isProblem(error) && error.status === 412) {
        void message.error(t('routingAdmin.stale'));
        return;
      }
      const { onFields, elsewhere: rest } = placeQueueErrors(fieldErrorsOf(error, t));
      form.setFields(onFields);
      setElsewhere(rest);
      if (onFields.length === 0 && rest.length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={760}
      title={queue ? t('routingAdmin.queues.edit', { name: queue.name }) : t('routingAdmin.queues.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('routingAdmin.save')}
      cancelText={t('routingAdmin.cancel')}
      okButtonProps={{ 'data-testid': 'save-queue' }}
    >
      {elsewhere.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('problem.validation')}
          description={elsewhere.map((e) => e.reason).join(t('routingAdmin.listSeparator'))}
          data-testid="queue-errors"
        />
      )}
      <Form<QueueValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void save(values)} scrollToFirstError data-testid="queue-form">
        <Space wrap align="start">
          <Form.Item
            name="key"
            label={t('routingAdmin.queue.key')}
            extra={queue ? undefined : t('routingAdmin.keyHint')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('routingAdmin.keyHint') }]}
          >
            <Input disabled={Boolean(queue)} style={{ width: 200 }} data-testid="queue-key" />
          </Form.Item>
          <Form.Item name="name" label={t('routingAdmin.queue.name')} rules={[{ required: true, whitespace: true, message: t('routingAdmin.required') }]}>
            <Input maxLength={200} style={{ width: 260 }} data-testid="queue-name" />
          </Form.Item>
          <Form.Item name="active" label={t('routingAdmin.queue.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('routingAdmin.queue.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <DepartmentField />
        <PeopleFields />
        <Space wrap align="start">
          <CaseTypesField />
          <Form.Item name="channels" label={t('routingAdmin.queue.channels')} extra={t('routingAdmin.anyHint')}>
            <ChannelSelect style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item name="strategy" label={t('routingAdmin.queue.strategy')} extra={t(`routingAdmin.strategyHint.${strategy}`)}>
          <Radio.Group optionType="button" options={ROUTING_STRATEGIES.map((s) => ({ value: s, label: t(`routingAdmin.strategy.${s}`) }))} data-testid="queue-strategy" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="mode" label={t('routingAdmin.queue.mode')} extra={t(`routingAdmin.modeHint.${mode}`)}>
            <Radio.Group optionType="button" options={DISPATCH_MODES.map((m) => ({ value: m, label: t(`routingAdmin.mode.${m}`) }))} />
          </Form.Item>
          {mode === 'push' && (
            <Form.Item name="offerTimeoutSeconds" label={t('routingAdmin.queue.offerTimeout')} extra={t('routingAdmin.queue.offerTimeoutHint')} style={{ maxWidth: 320 }}>
              <InputNumber min={5} max={86_400} step={30} style={{ width: 140 }} />
            </Form.Item>
          )}
        </Space>
        <Space wrap align="start">
          <Form.Item name="overflowQueueId" label={t('routingAdmin.queue.overflowQueue')}>
            <Select
              allowClear
              style={{ width: 220 }}
              placeholder={t('routingAdmin.queue.noOverflow')}
              options={queues.filter((q) => q.id !== queue?.id).map((q) => ({ value: q.id, label: q.name }))}
              data-testid="queue-overflow"
            />
          </Form.Item>
          <Form.Item
            name="overflowAfterMinutes"
            label={t('routingAdmin.queue.overflowAfter')}
            extra={overflowQueueId ? t('routingAdmin.queue.overflowHint') : t('routingAdmin.queue.overflowNeedsQueue')}
            style={{ maxWidth: 300 }}
          >
            <InputNumber min={1} max={30 * 1440} disabled={!overflowQueueId} style={{ width: 140 }} data-testid="queue-overflow-after" />
          </Form.Item>
          <CalendarField />
        </Space>
      </Form>
    </Modal>
  );
}

function DepartmentField() {
  const t = useLocale().t;
  const departments = useVisibleDepartments();
  return (
    <Form.Item name="departmentId" label={t('routingAdmin.queue.department')}>
      <TreeSelect
        allowClear
        showSearch
        treeNodeFilterProp="title"
        treeDefaultExpandAll
        style={{ maxWidth: 360 }}
        loading={departments.isLoading}
        treeData={departmentTreeData(departments.data ?? [])}
      />
    </Form.Item>
  );
}

/**
 * Members and groups. A user administrator picks from every user and group (as in administration's
 * groups); without that right the people already in queues are offered and group keys are typed.
 */
function PeopleFields() {
  const t = useLocale().t;
  const userAdmin = useCan('user:admin');
  const users = useUsers(undefined, userAdmin);
  const profiles = useProfiles();
  const groups = useQuery({ queryKey: groupsKey, enabled: userAdmin, queryFn: async (): Promise<Group[]> => dataOf(await api.GET('/api/v1/groups')).items });
  const people = new Map<string, string>();
  for (const p of profiles.data ?? []) people.set(p.userId, p.displayName);
  for (const u of users.data ?? []) if (u.status === 'active') people.set(u.id, `${u.displayName} (${u.username})`);
  return (
    <Space wrap align="start">
      <Form.Item name="memberIds" label={t('routingAdmin.queue.members')} extra={t('routingAdmin.queue.membersHint')} style={{ maxWidth: 420 }}>
        <Select
          mode="multiple"
          allowClear
          style={{ width: 360, maxWidth: '100%' }}
          loading={users.isLoading || profiles.isLoading}
          showSearch={{ optionFilterProp: 'label' }}
          options={[...people].map(([value, label]) => ({ value, label }))}
          data-testid="queue-members"
        />
      </Form.Item>
      <Form.Item name="groupKeys" label={t('routingAdmin.queue.groups')}>
        {userAdmin ? (
          <Select mode="multiple" allowClear style={{ width: 260 }} loading={groups.isLoading} options={(groups.data ?? []).map((g) => ({ value: g.key, label: g.name }))} />
        ) : (
          <Select mode="tags" open={false} suffixIcon={null} style={{ width: 260 }} />
        )}
      </Form.Item>
    </Space>
  );
}

function CaseTypesField() {
  const t = useLocale().t;
  const caseTypes = useCaseTypes();
  return (
    <Form.Item name="caseTypes" label={t('routingAdmin.queue.caseTypes')} extra={t('routingAdmin.anyHint')}>
      <Select
        mode="multiple"
        allowClear
        style={{ width: 300, maxWidth: '100%' }}
        loading={caseTypes.isLoading}
        options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))}
        data-testid="queue-case-types"
      />
    </Form.Item>
  );
}

function CalendarField() {
  const t = useLocale().t;
  const calendars = useCalendars();
  return (
    <Form.Item name="calendarKey" label={t('routingAdmin.queue.calendar')} extra={t('routingAdmin.queue.calendarHint')} style={{ maxWidth: 300 }}>
      <Select
        allowClear
        style={{ width: 220 }}
        placeholder={t('routingAdmin.queue.naturalTime')}
        loading={calendars.isLoading}
        options={(calendars.data ?? []).map((c) => ({ value: c.key, label: c.name }))}
      />
    </Form.Item>
  );
}
