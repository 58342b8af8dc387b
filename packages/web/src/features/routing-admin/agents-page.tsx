import { useState, type CSSProperties, type ReactNode } from 'react';
import { Alert, App, AutoComplete, Badge, Button, Empty, Form, InputNumber, Modal, Progress, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { FieldError } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { departmentTreeData } from '../admin/admin-queries.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { describeLoad, loadPercent, profileToValues, valuesToProfileBody, type ProfileValues } from './profile-model.ts';
import { describeSkill, languageName } from './rule-model.ts';
import { ChannelPicker, LanguageSelect } from './routing-inputs.tsx';
import { RoutingAdminFrame } from './routing-admin-nav.tsx';
import { useRoutingNames } from './routing-names.ts';
import { routingAdminApi, routingAdminKeys, useProfiles, useQueues, useVisibleDepartments, departmentLabel, type Presence, type RoutingProfile } from './routing-admin-api.ts';

const PRESENCE_STATUS: Record<Presence, 'success' | 'warning' | 'default' | 'error'> = { available: 'success', busy: 'error', away: 'warning', offline: 'default' };

function PresenceBadge({ presence, t }: { presence: Presence; t: Translate }) {
  return <Badge status={PRESENCE_STATUS[presence]} text={t(`routingAdmin.presence.${presence}`)} />;
}

/** Agents in queues or with a profile: presence, load against capacity, queues; an administrator edits their profile. */
export function AgentsPage() {
  const { t } = useLocale();
  const canAdmin = useCan('routing:admin');
  const profiles = useProfiles();
  const queues = useQueues();
  const departments = useVisibleDepartments();
  const names = useRoutingNames();
  const [editing, setEditing] = useState<RoutingProfile | null>(null);
  const queueName = (id: string) => queues.data?.find((q) => q.id === id)?.name ?? '—';

  return (
    <RoutingAdminFrame title={t('routingAdmin.agents.title')} testId="agents-page">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('routingAdmin.agents.intro')}
        </Typography.Paragraph>
        {!canAdmin && <Alert type="info" showIcon title={t('routingAdmin.readOnly')} data-testid="routing-read-only" />}
        {profiles.isError && <LoadError error={profiles.error} retry={() => profiles.refetch()} />}
        <Table<RoutingProfile>
          rowKey="userId"
          loading={profiles.isLoading}
          dataSource={profiles.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('routingAdmin.agents.empty')} /> }}
          data-testid="agent-list"
          columns={[
            {
              title: t('routingAdmin.agents.name'),
              dataIndex: 'displayName',
              render: (name: string, p) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{name}</Typography.Text>
                  <Typography.Text type="secondary">{departmentLabel(departments.data, p.departmentId, t)}</Typography.Text>
                </Space>
              ),
            },
            { title: t('routingAdmin.agents.presence'), dataIndex: 'presence', render: (presence: Presence) => <PresenceBadge presence={presence} t={t} /> },
            {
              title: t('routingAdmin.agents.load'),
              key: 'load',
              render: (_: unknown, p) => {
                const percent = loadPercent(p.load, p.capacity);
                return (
                  <Space orientation="vertical" size={0} style={{ minWidth: 120 }}>
                    <span>{describeLoad(p.load, p.capacity, t)}</span>
                    {percent !== undefined && <Progress percent={percent} size="small" showInfo={false} status={percent >= 100 ? 'exception' : 'normal'} aria-hidden />}
                  </Space>
                );
              },
            },
            {
              title: t('routingAdmin.agents.queues'),
              dataIndex: 'queueIds',
              responsive: ['md'],
              render: (ids: string[]) => (ids.length ? ids.map((id) => <Tag key={id}>{queueName(id)}</Tag>) : '—'),
            },
            {
              title: t('routingAdmin.agents.skills'),
              dataIndex: 'skills',
              responsive: ['lg'],
              render: (skills: RoutingProfile['skills']) =>
                skills.length
                  ? skills.map((s) => (
                      <Tag key={s.skill}>
                        {describeSkill(s.skill, t, names)} · {s.level}
                      </Tag>
                    ))
                  : t('routingAdmin.agents.none'),
            },
            {
              title: t('routingAdmin.agents.languages'),
              dataIndex: 'languages',
              responsive: ['lg'],
              render: (languages: string[]) => (languages.length ? languages.map((l) => languageName(l, t)).join(t('routingAdmin.listSeparator')) : t('routingAdmin.agents.none')),
            },
            ...(canAdmin
              ? [
                  {
                    title: '',
                    key: 'edit',
                    render: (_: unknown, p: RoutingProfile) => (
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={t('routingAdmin.agents.edit', { name: p.displayName })} data-testid="edit-profile">
                        {t('routingAdmin.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
      {editing && <ProfileDialog profile={editing} onClose={() => setEditing(null)} />}
    </RoutingAdminFrame>
  );
}

function ProfileDialog({ profile, onClose }: { profile: RoutingProfile; onClose(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useVisibleDepartments();
  const caseTypes = useCaseTypes();
  const [form] = Form.useForm<ProfileValues>();
  const [initialValues] = useState(() => profileToValues(profile));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const skillOptions = (caseTypes.data ?? []).map((c) => ({ value: `case-type:${c.key}`, label: `case-type:${c.key} · ${c.name}` }));

  const save = async (values: ProfileValues) => {
    setBusy(true);
    setErrors([]);
    try {
      await routingAdminApi.saveProfile(profile.userId, valuesToProfileBody(values));
      await queryClient.invalidateQueries({ queryKey: routingAdminKeys.profiles });
      void message.success(t('routingAdmin.saved'));
      onClose();
    } catch (error) {
      const found = fieldErrorsOf(error, t);
      setErrors(found);
      if (found.length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('routingAdmin.agents.edit', { name: profile.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('routingAdmin.save')}
      cancelText={t('routingAdmin.cancel')}
      okButtonProps={{ 'data-testid': 'save-profile' }}
    >
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('problem.validation')}
          description={errors.map((e) => e.reason).join(t('routingAdmin.listSeparator'))}
          data-testid="profile-errors"
        />
      )}
      <Form<ProfileValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void save(values)} data-testid="profile-form">
        <div style={{ marginBottom: 8 }}>{t('routingAdmin.agents.skills')}</div>
        <Form.List name="skills">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item name={[field.name, 'skill']} rules={[{ required: true, whitespace: true, message: t('routingAdmin.required') }]} style={{ marginBottom: 0 }}>
                    <AutoComplete
                      options={skillOptions}
                      style={{ width: 260 }}
                      aria-label={t('routingAdmin.skill.name')}
                      filterOption={(input, option) => String(option?.value ?? '').includes(input)}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'level']} rules={[{ required: true, message: t('routingAdmin.required') }]} style={{ marginBottom: 0 }}>
                    <InputNumber min={1} max={5} precision={0} style={{ width: 110 }} aria-label={t('routingAdmin.skill.level')} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('routingAdmin.act.removeSkill', { n: field.name + 1 })} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Typography.Text type="secondary">{t('routingAdmin.skill.hint')}</Typography.Text>
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ skill: '', level: 3 })}>
                {t('routingAdmin.act.addSkill')}
              </Button>
            </Space>
          )}
        </Form.List>
        <Space wrap align="start">
          <Form.Item name="languages" label={t('routingAdmin.agents.languages')}>
            <LanguageSelect style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="branchIds" label={t('routingAdmin.agents.branches')} extra={t('routingAdmin.agents.branchesHint')} style={{ maxWidth: 340 }}>
            <TreeSelect multiple allowClear treeDefaultExpandAll treeNodeFilterProp="title" style={{ width: 300 }} treeData={departmentTreeData(departments.data ?? [])} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('routingAdmin.agents.capacity')}</Typography.Title>
        <Form.Item name="capacityTotal" label={t('routingAdmin.agents.total')} extra={t('routingAdmin.agents.totalHint')}>
          <InputNumber min={0} max={10_000} precision={0} style={{ width: 140 }} placeholder={t('routingAdmin.agents.noLimit')} data-testid="capacity-total" />
        </Form.Item>
        <Space wrap align="start" size="large">
          <CountRows name="byChannel" label={t('routingAdmin.agents.byChannel')} picker={(props) => <ChannelPicker {...props} />} />
          <CountRows
            name="byCaseType"
            label={t('routingAdmin.agents.byCaseType')}
            picker={(props) => <Select {...props} options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))} />}
          />
        </Space>
      </Form>
    </Modal>
  );
}

/** A capacity map as rows: which channel (or case type) and how many open items at most. */
function CountRows({ name, label, picker }: { name: 'byChannel' | 'byCaseType'; label: string; picker: (props: { style: CSSProperties; 'aria-label': string }) => ReactNode }) {
  const { t } = useLocale();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical">
          <Typography.Text>{label}</Typography.Text>
          {fields.map((field) => (
            <Space key={field.key} align="start">
              <Form.Item name={[field.name, 'key']} rules={[{ required: true, message: t('routingAdmin.required') }]} style={{ marginBottom: 0 }}>
                {picker({ style: { width: 160 }, 'aria-label': label })}
              </Form.Item>
              <Form.Item name={[field.name, 'count']} rules={[{ required: true, message: t('routingAdmin.required') }]} style={{ marginBottom: 0 }}>
                <InputNumber min={0} max={10_000} precision={0} style={{ width: 90 }} aria-label={t('routingAdmin.agents.count')} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('routingAdmin.agents.removeLimit', { n: field.name + 1 })} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ key: undefined, count: 1 })}>
            {t('routingAdmin.agents.addLimit')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
