import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CASE_PRIORITIES } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useT } from '../../app/locale.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';
import { departmentTreeData, useDepartments, useUsers } from '../admin/admin-queries.ts';
import { describeDuration, describeLevelAt } from './policy-model.ts';
import { ProcessKeySelect, StepFields } from './step-picker.tsx';
import { ACTION_TYPES, LEVEL_AT_KINDS, RECIPIENT_KINDS, SLA_TARGET_KINDS, useCalendars, type SlaLevelAt } from './sla-admin-api.ts';

type NamePath = (string | number)[];

/** A duration typed as ISO 8601 (PT48H, PT30M, P3D), read back in words under the input. */
function DurationInput({ name, path, label, required, testId }: { name: NamePath; path: NamePath; label: string; required?: boolean; testId?: string }) {
  // Only the target's own duration carries the format hint; the per-priority ones say their value in words once given.
  const t = useT();
  return (
    <Form.Item noStyle shouldUpdate>
      {(form) => {
        const value = form.getFieldValue(path) as string | undefined;
        return (
          <Form.Item
            name={name}
            label={label}
            rules={required ? [{ required: true, whitespace: true, message: t('slaAdmin.required') }] : []}
            extra={value ? describeDuration(value, t) : required ? t('slaAdmin.duration.hint') : undefined}
          >
            <Input style={{ width: 120 }} placeholder="PT24H" data-testid={testId} />
          </Form.Item>
        );
      }}
    </Form.Item>
  );
}

/** The targets of a policy: kind, step, duration (per priority too), calendar, pause statuses and levels. */
export function TargetsFields() {
  const t = useT();
  const calendars = useCalendars();
  return (
    <Form.List name={['definition', 'targets']}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((field) => (
            <Card
              key={field.key}
              size="small"
              data-testid={`target-${field.name}`}
              title={
                <Form.Item noStyle shouldUpdate>
                  {(form) => {
                    const kind = form.getFieldValue(['definition', 'targets', field.name, 'kind']) as string | undefined;
                    return t('slaAdmin.target.title', { n: field.name + 1, kind: kind ? t(`slaAdmin.kind.${kind}` as MessageKey) : '' });
                  }}
                </Form.Item>
              }
              extra={<Button type="text" danger icon={<DeleteOutlined />} aria-label={t('slaAdmin.target.remove', { n: field.name + 1 })} onClick={() => remove(field.name)} />}
            >
              <Space wrap align="start">
                <Form.Item name={[field.name, 'key']} label={t('slaAdmin.target.key')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('slaAdmin.keyHint') }]}>
                  <Input style={{ width: 150 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'kind']} label={t('slaAdmin.target.kind')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
                  <Select style={{ width: 140 }} options={SLA_TARGET_KINDS.map((k) => ({ value: k, label: t(`slaAdmin.kind.${k}`) }))} />
                </Form.Item>
                <DurationInput
                  name={[field.name, 'duration']}
                  path={['definition', 'targets', field.name, 'duration']}
                  label={t('slaAdmin.target.duration')}
                  required
                  testId={`target-${field.name}-duration`}
                />
                <Form.Item name={[field.name, 'calendar']} label={t('slaAdmin.target.calendar')}>
                  <Select
                    allowClear
                    style={{ width: 200 }}
                    placeholder={t('slaAdmin.target.departmentCalendar')}
                    loading={calendars.isLoading}
                    options={(calendars.data ?? []).map((c) => ({ value: c.key, label: c.name }))}
                  />
                </Form.Item>
              </Space>
              <Form.Item noStyle shouldUpdate>
                {(form) =>
                  form.getFieldValue(['definition', 'targets', field.name, 'kind']) === 'step' && (
                    <Space wrap align="start">
                      <Form.Item name={[field.name, 'label']} label={t('slaAdmin.target.label')}>
                        <Input style={{ width: 160 }} />
                      </Form.Item>
                      <StepFields targetIndex={field.name} />
                    </Space>
                  )
                }
              </Form.Item>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t('slaAdmin.target.byPriority')}
              </Typography.Paragraph>
              <Space wrap align="start">
                {CASE_PRIORITIES.map((p) => (
                  <DurationInput key={p} name={[field.name, 'durationByPriority', p]} path={['definition', 'targets', field.name, 'durationByPriority', p]} label={t(`priority.${p}`)} />
                ))}
              </Space>
              <Form.Item name={[field.name, 'pauseStatuses']} label={t('slaAdmin.target.pauseStatuses')} extra={t('slaAdmin.target.pauseHint')}>
                <Select mode="tags" open={false} suffixIcon={null} style={{ maxWidth: 400 }} />
              </Form.Item>
              <LevelsFields targetIndex={field.name} />
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ key: `target-${fields.length + 1}`, kind: 'resolution', duration: 'PT72H', levels: [] })} data-testid="add-target">
            {t('slaAdmin.target.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

function LevelsFields({ targetIndex }: { targetIndex: number }) {
  const t = useT();
  return (
    <Form.List name={[targetIndex, 'levels']}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{t('slaAdmin.level.title')}</Typography.Text>
          {fields.map((field) => (
            <Card
              key={field.key}
              size="small"
              type="inner"
              title={
                <Form.Item noStyle shouldUpdate>
                  {(form) => describeLevelAt(form.getFieldValue(['definition', 'targets', targetIndex, 'levels', field.name, 'at']) as SlaLevelAt | undefined, t) || t('slaAdmin.level.new')}
                </Form.Item>
              }
              extra={<Button type="text" danger icon={<DeleteOutlined />} aria-label={t('slaAdmin.level.remove', { n: field.name + 1 })} onClick={() => remove(field.name)} />}
            >
              <Space wrap align="start">
                <Form.Item name={[field.name, 'at', 'kind']} label={t('slaAdmin.level.at')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
                  <Select style={{ width: 150 }} options={LEVEL_AT_KINDS.map((k) => ({ value: k, label: t(`slaAdmin.levelAt.${k}`) }))} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {(form) => {
                    const kind = form.getFieldValue(['definition', 'targets', targetIndex, 'levels', field.name, 'at', 'kind']) as string | undefined;
                    if (kind === 'share')
                      return (
                        <Form.Item name={[field.name, 'at', 'share']} label={t('slaAdmin.level.share')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
                          <InputNumber min={0.01} max={0.99} step={0.05} style={{ width: 100 }} />
                        </Form.Item>
                      );
                    if (kind === 'before-due' || kind === 'after-due')
                      return (
                        <Form.Item name={[field.name, 'at', 'duration']} label={t('slaAdmin.level.offset')} rules={[{ required: true, whitespace: true, message: t('slaAdmin.required') }]}>
                          <Input style={{ width: 110 }} placeholder="PT1H" />
                        </Form.Item>
                      );
                    return null;
                  }}
                </Form.Item>
              </Space>
              <ActionsFields listName={[field.name, 'actions']} pathPrefix={['definition', 'targets', targetIndex, 'levels', field.name, 'actions']} />
            </Card>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ at: { kind: 'breach' }, actions: [] })}>
            {t('slaAdmin.level.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

function ActionsFields({ listName, pathPrefix }: { listName: NamePath; pathPrefix: NamePath }) {
  const t = useT();
  return (
    <Form.List name={listName}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((field) => (
            <div key={field.key} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start', borderInlineStart: '3px solid #e6f4ff', paddingInlineStart: 8 }}>
              <Form.Item name={[field.name, 'type']} label={t('slaAdmin.action.type')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
                <Select style={{ width: 150 }} options={ACTION_TYPES.map((a) => ({ value: a, label: t(`slaAdmin.action.${a}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {(form) => <ActionParams type={form.getFieldValue([...pathPrefix, field.name, 'type']) as string | undefined} name={field.name} path={[...pathPrefix, field.name]} />}
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('slaAdmin.action.remove', { n: field.name + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 22 }} />
            </div>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'notify', recipients: [{ kind: 'assignee' }] })}>
            {t('slaAdmin.action.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

function ActionParams({ type, name, path }: { type: string | undefined; name: number; path: NamePath }) {
  const t = useT();
  const departments = useDepartments();
  switch (type) {
    case 'notify':
      return (
        <Form.List name={[name, 'recipients']}>
          {(fields, { add, remove }) => (
            <Space orientation="vertical" size={0}>
              <span>{t('slaAdmin.action.recipients')}</span>
              {fields.map((field) => (
                <Space key={field.key} align="start" size={4}>
                  <RecipientFields name={field.name} path={[...path, 'recipients', field.name]} />
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    disabled={fields.length === 1}
                    aria-label={t('slaAdmin.action.removeRecipient', { n: field.name + 1 })}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => add({ kind: 'supervisors' })}>
                {t('slaAdmin.action.addRecipient')}
              </Button>
            </Space>
          )}
        </Form.List>
      );
    case 'raise-priority':
      return (
        <Form.Item name={[name, 'to']} label={t('slaAdmin.action.priorityTo')}>
          <Select allowClear style={{ width: 140 }} placeholder={t('slaAdmin.action.oneStep')} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
        </Form.Item>
      );
    case 'transfer':
      return (
        <Space wrap align="start">
          <Form.Item name={[name, 'queue']} label={t('slaAdmin.action.queue')}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name={[name, 'departmentId']} label={t('slaAdmin.cond.department')}>
            <TreeSelect allowClear style={{ width: 200 }} treeDefaultExpandAll treeData={departmentTreeData(departments.data ?? [])} />
          </Form.Item>
          <Form.Item name={[name, 'unassign']} valuePropName="checked" label=" ">
            <Checkbox>{t('slaAdmin.action.unassign')}</Checkbox>
          </Form.Item>
        </Space>
      );
    case 'route-to-reviewer':
      return (
        <Space orientation="vertical" size={0}>
          <span>{t('slaAdmin.action.reviewer')}</span>
          <RecipientFields name={[name, 'reviewer']} path={[...path, 'reviewer']} />
        </Space>
      );
    case 'start-process':
      return (
        <Form.Item name={[name, 'processKey']} label={t('slaAdmin.action.processKey')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
          <ProcessKeySelect />
        </Form.Item>
      );
    case 'add-tag':
      return (
        <Form.Item name={[name, 'tag']} label={t('slaAdmin.action.tag')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
          <Input style={{ width: 140 }} />
        </Form.Item>
      );
    default:
      return null;
  }
}

function RecipientFields({ name, path }: { name: number | NamePath; path: NamePath }) {
  const t = useT();
  // Listing users is user administration; an SLA administrator without it picks no user here.
  const users = useUsers(undefined, useCan('user:admin'));
  const base = Array.isArray(name) ? name : [name];
  return (
    <Space align="start" size={4} wrap>
      <Form.Item name={[...base, 'kind']} rules={[{ required: true, message: t('slaAdmin.required') }]} style={{ marginBottom: 4 }}>
        <Select style={{ width: 130 }} aria-label={t('slaAdmin.action.recipientKind')} options={RECIPIENT_KINDS.map((k) => ({ value: k, label: t(`slaAdmin.recipient.${k}`) }))} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {(form) => {
          const kind = form.getFieldValue([...path, 'kind']) as string | undefined;
          const param = kind === 'role' ? 'role' : kind === 'group' ? 'group' : kind === 'user' ? 'userId' : undefined;
          if (!param) return null;
          if (param === 'userId')
            return (
              <Form.Item name={[...base, param]} rules={[{ required: true, message: t('slaAdmin.required') }]} style={{ marginBottom: 4 }}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 180 }}
                  aria-label={t('slaAdmin.recipient.param.userId')}
                  loading={users.isLoading}
                  options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                />
              </Form.Item>
            );
          return (
            <Form.Item name={[...base, param]} rules={[{ required: true, whitespace: true, message: t('slaAdmin.required') }]} style={{ marginBottom: 4 }}>
              <Input style={{ width: 160 }} aria-label={t(`slaAdmin.recipient.param.${param}` as MessageKey)} placeholder={t(`slaAdmin.recipient.param.${param}` as MessageKey)} />
            </Form.Item>
          );
        }}
      </Form.Item>
    </Space>
  );
}
