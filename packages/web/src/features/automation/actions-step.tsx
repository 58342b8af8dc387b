import { Button, Card, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { ACTION_TYPES, NOTIFY_CHANNELS, type ActionType } from './automation-api.ts';
import { fieldLabel, subjectObjectType, triggerFromForm, userFieldsOf, type ActionFormValues, type RuleFormValues, type RuleNames } from './rule-model.ts';

const blankAction = (type: ActionType): ActionFormValues =>
  type === 'create-task' ? { type, title: '', assigneeKind: 'field', dueInDays: 3 } : type === 'notify' ? { type, channel: 'in-app', message: '', assigneeKind: 'field' } : { type };

/** Step 3: what the rule does, in order — each action with its own small form. */
export function ActionsStep({ names }: { names: RuleNames }) {
  const { t } = useLocale();
  return (
    <Card size="small" title={t('automation.step.actions')} data-testid="rule-step-actions" style={{ marginBottom: 12 }}>
      <Form.List name="actions" rules={[{ validator: async (_, list?: unknown[]) => (list && list.length > 0 ? undefined : Promise.reject(new Error(t('automation.actions.atLeastOne')))) }]}>
        {(fields, { add, remove }, { errors }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field) => (
              <ActionCard key={field.key} index={field.name} names={names} onRemove={fields.length > 1 ? () => remove(field.name) : undefined} />
            ))}
            <Form.ErrorList errors={errors} />
            <Space wrap>
              <Button icon={<PlusOutlined />} onClick={() => add(blankAction('create-task'))} data-testid="add-action">
                {t('automation.actions.add')}
              </Button>
            </Space>
          </Space>
        )}
      </Form.List>
    </Card>
  );
}

function ActionCard({ index, names, onRemove }: { index: number; names: RuleNames; onRemove?: () => void }) {
  const { t } = useLocale();
  const form = Form.useFormInstance<RuleFormValues>();
  const action = (Form.useWatch(['actions', index], form) ?? { type: 'create-task' }) as ActionFormValues;
  const trigger = Form.useWatch('trigger', form) as RuleFormValues['trigger'] | undefined;
  const at = (key: keyof ActionFormValues) => [index, key];
  const required = { required: true, whitespace: true, message: t('automation.required') };
  return (
    <Card
      size="small"
      type="inner"
      title={t('automation.actions.numbered', { n: index + 1 })}
      data-testid={`action-${index}`}
      extra={onRemove && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('automation.actions.remove', { n: index + 1 })} onClick={onRemove} />}
    >
      <Form.Item name={at('type')} label={t('automation.actions.type')}>
        <Select
          style={{ width: 220 }}
          options={ACTION_TYPES.map((a) => ({ value: a, label: t(`automation.actionType.${a}`) }))}
          onChange={(type: ActionType) => form.setFieldValue(['actions', index], blankAction(type))}
          aria-label={t('automation.actions.typeOf', { n: index + 1 })}
          data-testid={`action-${index}-type`}
        />
      </Form.Item>
      <Space wrap align="start">
        {(action.type === 'create-task' || action.type === 'create-case') && (
          <Form.Item name={at('title')} label={t('automation.action.title')} rules={[required]} extra={t('automation.action.titleHint')}>
            <Input maxLength={200} style={{ width: 300 }} data-testid={`action-${index}-title`} />
          </Form.Item>
        )}
        {action.type === 'create-case' && <CaseTypeItem index={index} names={names} />}
        {(action.type === 'create-task' || action.type === 'create-case' || action.type === 'assign') && (
          <AssigneeItems index={index} names={names} objectType={trigger ? subjectObjectTypeOf(trigger) : undefined} kind={action.assigneeKind} />
        )}
        {action.type === 'create-task' && (
          <Form.Item name={at('dueInDays')} label={t('automation.action.dueInDays')}>
            <InputNumber min={0} max={365} precision={0} style={{ width: 120 }} suffix={t('automation.daysUnit')} data-testid={`action-${index}-due`} />
          </Form.Item>
        )}
        {action.type === 'route' && <QueueItem index={index} />}
        {action.type === 'add-tag' && (
          <Form.Item name={at('tag')} label={t('automation.action.tag')} rules={[required]}>
            <Input maxLength={40} style={{ width: 200 }} />
          </Form.Item>
        )}
        {action.type === 'start-process' && <ProcessItem index={index} />}
        {action.type === 'call-connector' && (
          <>
            <Form.Item name={at('connector')} label={t('automation.action.connector')} rules={[required]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={at('operation')} label={t('automation.action.operation')}>
              <Input style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
      </Space>
      {action.type === 'create-task' && (
        <Form.Item name={at('description')} label={t('automation.action.description')}>
          <Input.TextArea rows={2} maxLength={2000} style={{ maxWidth: 620 }} />
        </Form.Item>
      )}
      {action.type === 'notify' && <NotifyItems index={index} names={names} objectType={trigger ? subjectObjectTypeOf(trigger) : undefined} action={action} />}
      {action.type === 'set-fields' && <SetFieldsItems index={index} />}
    </Card>
  );
}

function subjectObjectTypeOf(trigger: RuleFormValues['trigger']): string | undefined {
  try {
    return subjectObjectType(triggerFromForm(trigger));
  } catch {
    return undefined;
  }
}

/** A person: from a user field of the record (its relationship manager) or a fixed person. */
function AssigneeItems({ index, names, objectType, kind, label }: { index: number; names: RuleNames; objectType?: string; kind?: string; label?: string }) {
  const { t, locale } = useLocale();
  const type = names.objectTypes?.find((o) => o.key === objectType);
  const userFields = userFieldsOf(type);
  const canListUsers = useCan('user:admin');
  return (
    <>
      <Form.Item name={[index, 'assigneeKind']} label={label ?? t('automation.action.assignee')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'field', label: t('automation.assignee.fromField'), disabled: userFields.length === 0 && Boolean(type) },
            { value: 'user', label: t('automation.assignee.fixed'), disabled: !canListUsers },
            { value: 'none', label: t('automation.assignee.nobody') },
          ]}
          data-testid={`action-${index}-assignee-kind`}
        />
      </Form.Item>
      {kind === 'field' && (
        <Form.Item
          name={[index, 'assigneeField']}
          label={t('automation.assignee.field')}
          rules={[{ required: true, message: t('automation.required') }]}
          extra={!objectType ? t('automation.assignee.fieldHint') : undefined}
        >
          {type ? (
            <Select
              style={{ width: 200 }}
              options={userFields.map((f) => ({ value: f.key, label: fieldLabel(f, f.key, locale) }))}
              aria-label={t('automation.assignee.field')}
              data-testid={`action-${index}-assignee-field`}
            />
          ) : (
            <Input style={{ width: 200 }} aria-label={t('automation.assignee.field')} data-testid={`action-${index}-assignee-field`} />
          )}
        </Form.Item>
      )}
      {kind === 'user' && (
        <Form.Item name={[index, 'assigneeUserId']} label={t('automation.assignee.person')} rules={[{ required: true, message: t('automation.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 220 }}
            options={(names.users ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
            data-testid={`action-${index}-assignee-user`}
          />
        </Form.Item>
      )}
    </>
  );
}

function CaseTypeItem({ index, names }: { index: number; names: RuleNames }) {
  const { t } = useLocale();
  return (
    <Form.Item name={[index, 'caseType']} label={t('automation.action.caseType')} rules={[{ required: true, message: t('automation.required') }]}>
      <Select style={{ width: 200 }} options={(names.caseTypes ?? []).map((c) => ({ value: c.key, label: c.name }))} />
    </Form.Item>
  );
}

function QueueItem({ index }: { index: number }) {
  const { t } = useLocale();
  const queues = useQuery({ queryKey: ['automation', 'queues'], staleTime: 60_000, queryFn: async () => dataOf(await api.GET('/api/v1/queues')).items });
  return (
    <Form.Item name={[index, 'queueId']} label={t('automation.action.queue')} rules={[{ required: true, message: t('automation.required') }]}>
      <Select showSearch optionFilterProp="label" style={{ width: 240 }} loading={queues.isLoading} options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))} />
    </Form.Item>
  );
}

function ProcessItem({ index }: { index: number }) {
  const { t } = useLocale();
  const canRead = useCan('process:read');
  const processes = useQuery({ queryKey: ['automation', 'processes'], enabled: canRead, staleTime: 60_000, queryFn: async () => dataOf(await api.GET('/api/v1/processes')).items });
  return (
    <Form.Item name={[index, 'processKey']} label={t('automation.action.process')} rules={[{ required: true, message: t('automation.required') }]}>
      <Select showSearch optionFilterProp="label" style={{ width: 260 }} loading={processes.isLoading} options={(processes.data ?? []).map((p) => ({ value: p.key, label: p.name ?? p.key }))} />
    </Form.Item>
  );
}

function NotifyItems({ index, names, objectType, action }: { index: number; names: RuleNames; objectType?: string; action: ActionFormValues }) {
  const { t } = useLocale();
  const channel = action.channel ?? 'in-app';
  return (
    <>
      <Form.Item name={[index, 'channel']} label={t('automation.action.channel')}>
        <Radio.Group optionType="button" options={NOTIFY_CHANNELS.map((c) => ({ value: c, label: t(`automation.channel.${c}`) }))} />
      </Form.Item>
      <Space wrap align="start">
        {channel === 'webhook' ? (
          <Form.Item name={[index, 'url']} label={t('automation.action.url')} rules={[{ required: true, type: 'url', message: t('automation.action.urlHint') }]}>
            <Input style={{ width: 320 }} placeholder="https://" />
          </Form.Item>
        ) : (
          <AssigneeItems index={index} names={names} objectType={objectType} kind={action.assigneeKind} label={t('automation.action.recipient')} />
        )}
        {channel === 'email' && (
          <Form.Item name={[index, 'subject']} label={t('automation.action.subject')}>
            <Input maxLength={200} style={{ width: 280 }} />
          </Form.Item>
        )}
      </Space>
      <Form.Item
        name={[index, 'message']}
        label={t('automation.action.message')}
        rules={[{ required: true, whitespace: true, message: t('automation.required') }]}
        extra={t('automation.action.titleHint')}
      >
        <Input.TextArea rows={2} maxLength={2000} style={{ maxWidth: 620 }} />
      </Form.Item>
    </>
  );
}

function SetFieldsItems({ index }: { index: number }) {
  const { t } = useLocale();
  return (
    <Form.List name={[index, 'fieldRows']}>
      {(rows, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('automation.action.setFieldsHint')}</Typography.Text>
          {rows.map((row) => (
            <Space key={row.key} wrap align="start">
              <Form.Item name={[row.name, 'key']} rules={[{ required: true, whitespace: true, message: t('automation.required') }]} style={{ marginBottom: 0 }}>
                <Input style={{ width: 180 }} placeholder={t('automation.action.fieldKey')} aria-label={t('automation.action.fieldKey')} />
              </Form.Item>
              <Form.Item name={[row.name, 'value']} style={{ marginBottom: 0 }}>
                <Input style={{ width: 220 }} placeholder={t('automation.action.fieldValue')} aria-label={t('automation.action.fieldValue')} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('automation.action.removeField')} onClick={() => remove(row.name)} />
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
            {t('automation.action.addField')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
