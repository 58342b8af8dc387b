import { Button, Card, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { ACTION_TYPES, CASE_PRIORITIES, type ActionType } from './automation-api.ts';
import { CASE_USER_FIELDS, fieldLabel, isCaseSubject, subjectObjectType, triggerFromForm, userFieldsOf, type ActionFormValues, type RuleFormValues, type RuleNames } from './rule-model.ts';

const blankAction = (type: ActionType): ActionFormValues =>
  type === 'create-task' || type === 'assign' || type === 'notify' ? { type, title: '', assigneeKind: 'field', ...(type === 'create-task' ? { dueInDays: 3 } : {}) } : { type };

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
        {action.type === 'create-case' && (
          <>
            <CaseTypeItem index={index} names={names} />
            <Form.Item name={at('priority')} label={t('automation.action.priority')}>
              <Select allowClear style={{ width: 140 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
            </Form.Item>
          </>
        )}
        {(action.type === 'create-task' || action.type === 'assign' || action.type === 'notify') && (
          <AssigneeItems
            index={index}
            names={names}
            objectType={trigger ? subjectObjectTypeOf(trigger) : undefined}
            caseSubject={isCaseSubject(trigger)}
            kind={action.assigneeKind}
            label={action.type === 'notify' ? t('automation.action.recipient') : undefined}
          />
        )}
        {action.type === 'create-task' && (
          <Form.Item name={at('dueInDays')} label={t('automation.action.dueInDays')}>
            <InputNumber min={0} max={365} precision={0} style={{ width: 120 }} suffix={t('automation.daysUnit')} data-testid={`action-${index}-due`} />
          </Form.Item>
        )}
        {action.type === 'add-tag' && (
          <Form.Item name={at('tag')} label={t('automation.action.tag')} rules={[required]}>
            <Input maxLength={40} style={{ width: 200 }} />
          </Form.Item>
        )}
        {action.type === 'start-process' && <ProcessItem index={index} />}
        {action.type === 'call-connector' && (
          <Form.Item
            name={at('url')}
            label={t('automation.action.url')}
            rules={[{ required: true, type: 'url', message: t('automation.action.urlHint') }]}
            extra={t('automation.action.connectorHint')}
          >
            <Input style={{ width: 340 }} placeholder="https://" />
          </Form.Item>
        )}
      </Space>
      {action.type === 'route' && <Typography.Paragraph type="secondary">{t('automation.action.routeHint')}</Typography.Paragraph>}
      {action.type === 'notify' && <Typography.Paragraph type="secondary">{t('automation.action.notifyHint')}</Typography.Paragraph>}
      {action.type === 'create-task' && (
        <Form.Item name={at('description')} label={t('automation.action.description')}>
          <Input.TextArea rows={2} maxLength={2000} style={{ maxWidth: 620 }} />
        </Form.Item>
      )}
      {(action.type === 'set-fields' || action.type === 'create-case') && <SetFieldsItems index={index} />}
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

/** A person: from a user field of the subject (its relationship manager), a fixed person, or a role in its department. */
function AssigneeItems({ index, names, objectType, caseSubject, kind, label }: { index: number; names: RuleNames; objectType?: string; caseSubject: boolean; kind?: string; label?: string }) {
  const { t, locale } = useLocale();
  const type = names.objectTypes?.find((o) => o.key === objectType);
  const fieldOptions = caseSubject
    ? CASE_USER_FIELDS.map((f) => ({ value: f, label: t(`automation.caseUserField.${f}`) }))
    : userFieldsOf(type).map((f) => ({ value: f.key, label: fieldLabel(f, f.key, locale) }));
  const canListUsers = useCan('user:admin');
  return (
    <>
      <Form.Item name={[index, 'assigneeKind']} label={label ?? t('automation.action.assignee')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'field', label: t('automation.assignee.fromField') },
            { value: 'user', label: t('automation.assignee.fixed'), disabled: !canListUsers },
            { value: 'role', label: t('automation.assignee.role') },
          ]}
          data-testid={`action-${index}-assignee-kind`}
        />
      </Form.Item>
      {kind === 'field' && (
        <Form.Item
          name={[index, 'assigneeField']}
          label={t('automation.assignee.field')}
          rules={[{ required: true, message: t('automation.required') }]}
          extra={fieldOptions.length === 0 ? (type ? t('automation.assignee.noUserFields') : t('automation.assignee.pickTypeFirst')) : undefined}
        >
          <Select style={{ width: 200 }} options={fieldOptions} aria-label={t('automation.assignee.field')} data-testid={`action-${index}-assignee-field`} />
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
      {kind === 'role' && (
        <Form.Item name={[index, 'assigneeRole']} label={t('automation.assignee.roleKey')} rules={[{ required: true, message: t('automation.required') }]} extra={t('automation.assignee.roleHint')}>
          <Input style={{ width: 200 }} />
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
