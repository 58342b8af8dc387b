import { useState } from 'react';
import { Alert, App, AutoComplete, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Spin, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router-dom';
import { CASE_PRIORITIES, type FieldError } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { PageTrail } from '../processes/page-trail.tsx';
import { useCaseTypes } from '../cases/case-queries.ts';
import { describeRuleField, newRuleValues, ruleFieldName, ruleToValues, valuesToCreateBody, valuesToSaveBody, type RuleValues } from './rule-model.ts';
import { ChannelSelect, LanguageSelect, RiskSelect, TagSelect, TierSelect, TypedValues } from './routing-inputs.tsx';
import { RoutingAdminNav } from './routing-admin-nav.tsx';
import { routingAdminApi, routingAdminKeys, RULE_SUBJECTS, SLA_STATES, useQueues, useRule, useVisibleDepartments, type RoutingRule } from './routing-admin-api.ts';

type RuleFormValues = Omit<RuleValues, 'effectiveFrom' | 'effectiveTo'> & { effectiveFrom?: Dayjs | null; effectiveTo?: Dayjs | null };

const toForm = (values: RuleValues): RuleFormValues => ({
  ...values,
  effectiveFrom: values.effectiveFrom ? dayjs(values.effectiveFrom) : null,
  effectiveTo: values.effectiveTo ? dayjs(values.effectiveTo) : null,
});
const fromForm = (values: RuleFormValues): RuleValues => ({
  ...values,
  effectiveFrom: values.effectiveFrom ? values.effectiveFrom.toISOString() : undefined,
  effectiveTo: values.effectiveTo ? values.effectiveTo.toISOString() : null,
});

/** One routing rule: conditions and actions, effective dates; a change is saved as a new version with a reason. */
export function RulePage() {
  const { key = 'new' } = useParams();
  const isNew = key === 'new';
  const rule = useRule(isNew ? undefined : key);
  if (!isNew && rule.isError) return <LoadError error={rule.error} retry={() => rule.refetch()} />;
  if (!isNew && !rule.data) return <Spin />;
  return <RuleEditor key={rule.data ? `${rule.data.id}:${rule.data.version}` : 'new'} rule={isNew ? undefined : rule.data} />;
}

function RuleEditor({ rule }: { rule: RoutingRule | undefined }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canAdmin = useCan('routing:admin');
  const [form] = Form.useForm<RuleFormValues>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [asking, setAsking] = useState<RuleFormValues | null>(null);
  const [busy, setBusy] = useState(false);
  const [initialValues] = useState<RuleFormValues>(() => toForm(rule ? ruleToValues(rule) : newRuleValues()));
  const appliesTo = Form.useWatch('appliesTo', form) ?? initialValues.appliesTo;

  const save = async (formValues: RuleFormValues, reason: string) => {
    setBusy(true);
    setErrors([]);
    try {
      const values = fromForm(formValues);
      const saved = rule ? await routingAdminApi.saveRule(rule.key, valuesToSaveBody(values, reason)) : await routingAdminApi.createRule(valuesToCreateBody(values));
      await Promise.all([queryClient.invalidateQueries({ queryKey: routingAdminKeys.rules }), queryClient.invalidateQueries({ queryKey: routingAdminKeys.rule(saved.key) })]);
      setAsking(null);
      void message.success(t('routingAdmin.saved'));
      void navigate(rule ? '/admin/routing/rules' : `/admin/routing/rules/${encodeURIComponent(saved.key)}`, { replace: !rule });
    } catch (error) {
      const found = fieldErrorsOf(error, t);
      setErrors(found);
      form.setFields(found.map((e) => ({ name: ruleFieldName(e.field), errors: [e.reason] })) as never);
      setAsking(null);
      if (found.length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<PageTrail items={[{ to: '/admin/routing/rules', label: t('routingAdmin.rules.title') }, { label: rule?.name ?? t('routingAdmin.rules.new') }]} />} data-testid="rule-page">
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <RoutingAdminNav />
      </div>
      {!canAdmin && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('routingAdmin.readOnly')} data-testid="routing-read-only" />}
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('problem.validation')}
          data-testid="rule-errors"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {errors.map((e) => (
                <li key={`${e.field}:${e.reason}`}>
                  {describeRuleField(e.field, t)}: {e.reason}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        disabled={!canAdmin}
        initialValues={initialValues}
        onFinish={(values) => (rule ? setAsking(values) : void save(values, ''))}
        scrollToFirstError
        data-testid="rule-form"
      >
        <Space wrap align="start">
          <Form.Item
            name="key"
            label={t('routingAdmin.rule.key')}
            extra={rule ? undefined : t('routingAdmin.keyHint')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('routingAdmin.keyHint') }]}
          >
            <Input disabled={Boolean(rule) || !canAdmin} style={{ width: 200 }} data-testid="rule-key" />
          </Form.Item>
          <Form.Item name="name" label={t('routingAdmin.rule.name')} rules={[{ required: true, whitespace: true, message: t('routingAdmin.required') }]}>
            <Input maxLength={200} style={{ width: 280 }} data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="enabled" label={t('routingAdmin.rule.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="appliesTo" label={t('routingAdmin.rule.appliesTo')}>
            <Radio.Group optionType="button" options={RULE_SUBJECTS.map((s) => ({ value: s, label: t(`routingAdmin.subject.${s}`) }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="effectiveFrom" label={t('routingAdmin.rule.effectiveFrom')} extra={t('routingAdmin.rule.effectiveFromHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="effectiveTo" label={t('routingAdmin.rule.effectiveTo')} extra={t('routingAdmin.rule.effectiveToHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="rule-effective-to" />
          </Form.Item>
        </Space>
        <ConditionsCard appliesTo={appliesTo} />
        <ActionsCard />
        {canAdmin && (
          <Button type="primary" htmlType="submit" data-testid="save-rule">
            {rule ? t('routingAdmin.rule.saveVersion') : t('routingAdmin.rule.create')}
          </Button>
        )}
      </Form>
      {asking && <ReasonDialog busy={busy} onClose={() => setAsking(null)} onSave={(reason) => void save(asking, reason)} />}
    </Card>
  );
}

function ConditionsCard({ appliesTo }: { appliesTo: RoutingRule['appliesTo'] }) {
  const { t } = useLocale();
  const caseTypes = useCaseTypes();
  const departments = useVisibleDepartments();
  const branchCodes = (departments.data ?? []).map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }));
  const cond = (name: string) => ['conditions', name];
  return (
    <Card size="small" title={t('routingAdmin.rule.condTitle')} style={{ marginBottom: 12 }} data-testid="rule-conditions">
      <Space wrap align="start">
        <Form.Item name={cond('caseTypes')} label={t('routingAdmin.cond.caseTypes')}>
          <Select
            mode="multiple"
            allowClear
            style={{ width: 260 }}
            loading={caseTypes.isLoading}
            options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))}
            data-testid="rule-case-types"
          />
        </Form.Item>
        <Form.Item name={cond('channels')} label={t('routingAdmin.cond.channels')}>
          <ChannelSelect style={{ width: 220 }} data-testid="rule-channels" />
        </Form.Item>
        <Form.Item name={cond('sources')} label={t('routingAdmin.cond.sources')} extra={t('routingAdmin.cond.typeToAdd')}>
          <TypedValues style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name={cond('categories')} label={t('routingAdmin.cond.categories')} extra={t('routingAdmin.cond.typeToAdd')}>
          <TypedValues style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name={cond('products')} label={t('routingAdmin.cond.products')} extra={t('routingAdmin.cond.typeToAdd')}>
          <TypedValues style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name={cond('customerTiers')} label={t('routingAdmin.cond.customerTiers')}>
          <TierSelect style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name={cond('tags')} label={t('routingAdmin.cond.tags')}>
          <TagSelect style={{ width: 220 }} />
        </Form.Item>
        <Form.Item
          name={cond('customerRegions')}
          label={t('routingAdmin.cond.customerRegions')}
          extra={t('routingAdmin.cond.customerRegionsHint')}
          style={{ maxWidth: 320 }}
          rules={[
            { validator: async (_, value?: string[]) => ((value ?? []).every((v) => /^[0-9]{2,6}$/.test(v)) ? undefined : Promise.reject(new Error(t('routingAdmin.cond.customerRegionsHint')))) },
          ]}
        >
          <TypedValues style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name={cond('customerBranches')} label={t('routingAdmin.cond.customerBranches')} extra={t('routingAdmin.cond.customerBranchesHint')}>
          <Select mode="tags" allowClear style={{ width: 220 }} optionFilterProp="label" options={branchCodes} />
        </Form.Item>
        <Form.Item name={cond('riskLevels')} label={t('routingAdmin.cond.riskLevels')}>
          <RiskSelect style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name={cond('slaStates')} label={t('routingAdmin.cond.slaStates')}>
          <Select mode="multiple" allowClear style={{ width: 200 }} options={SLA_STATES.map((s) => ({ value: s, label: t(`routingAdmin.slaState.${s}`) }))} />
        </Form.Item>
        <Form.Item name={cond('priorities')} label={t('routingAdmin.cond.priorities')}>
          <Select mode="multiple" allowClear style={{ width: 200 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
        </Form.Item>
        {appliesTo === 'task' && (
          <>
            <Form.Item name={cond('processKeys')} label={t('routingAdmin.cond.processKeys')} extra={t('routingAdmin.cond.typeToAdd')}>
              <TypedValues style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name={cond('taskElementIds')} label={t('routingAdmin.cond.taskElementIds')} extra={t('routingAdmin.cond.typeToAdd')}>
              <TypedValues style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
      </Space>
      <Form.Item name={cond('feel')} label={t('routingAdmin.cond.feel')} extra={t('routingAdmin.cond.feelHint')}>
        <Input.TextArea rows={2} maxLength={2000} style={{ fontFamily: 'monospace', maxWidth: 720 }} data-testid="rule-feel" />
      </Form.Item>
    </Card>
  );
}

function ActionsCard() {
  const { t } = useLocale();
  const queues = useQueues();
  const caseTypes = useCaseTypes();
  const keep = Form.useWatch(['actions', 'keepWithPreviousHandler'], Form.useFormInstance()) as boolean | undefined;
  const skillOptions = (caseTypes.data ?? []).map((c) => ({ value: `case-type:${c.key}`, label: `case-type:${c.key} · ${c.name}` }));
  return (
    <Card size="small" title={t('routingAdmin.rule.actTitle')} style={{ marginBottom: 12 }} data-testid="rule-actions">
      <Space wrap align="start">
        <Form.Item name={['actions', 'queueId']} label={t('routingAdmin.act.queue')} extra={t('routingAdmin.act.queueHint')} style={{ maxWidth: 320 }}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 260 }}
            loading={queues.isLoading}
            options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
            data-testid="rule-queue"
          />
        </Form.Item>
        <Form.Item name={['actions', 'priorityBoost']} label={t('routingAdmin.act.boost')} extra={t('routingAdmin.act.boostHint')} style={{ maxWidth: 260 }}>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('routingAdmin.act.noBoost')}
            options={[1, 2, 3].map((n) => ({ value: n, label: t('routingAdmin.act.boostN', { count: n }) }))}
            data-testid="rule-boost"
          />
        </Form.Item>
        <Form.Item name={['actions', 'requiredLanguages']} label={t('routingAdmin.act.languages')}>
          <LanguageSelect style={{ width: 220 }} />
        </Form.Item>
      </Space>
      <div style={{ marginBottom: 8 }}>{t('routingAdmin.act.skills')}</div>
      <Form.List name={['actions', 'requiredSkills']}>
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
            {fields.map((field) => (
              <Space key={field.key} wrap align="start">
                <Form.Item
                  name={[field.name, 'skill']}
                  rules={[{ required: true, whitespace: true, message: t('routingAdmin.required') }]}
                  style={{ marginBottom: 0 }}
                  extra={t('routingAdmin.skill.hint')}
                >
                  <AutoComplete options={skillOptions} style={{ width: 260 }} aria-label={t('routingAdmin.skill.name')} filterOption={(input, option) => String(option?.value ?? '').includes(input)} />
                </Form.Item>
                <Form.Item name={[field.name, 'minLevel']} rules={[{ required: true, message: t('routingAdmin.required') }]} style={{ marginBottom: 0 }}>
                  <InputNumber min={1} max={5} precision={0} style={{ width: 120 }} aria-label={t('routingAdmin.act.minLevel')} prefix="≥" />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('routingAdmin.act.removeSkill', { n: field.name + 1 })} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ skill: '', minLevel: 3 })}>
              {t('routingAdmin.act.addSkill')}
            </Button>
          </Space>
        )}
      </Form.List>
      <Form.Item name={['actions', 'pushToCustomerBranch']} valuePropName="checked" extra={t('routingAdmin.act.pushToBranchHint')}>
        <Checkbox data-testid="rule-push-branch">{t('routingAdmin.act.pushToBranch')}</Checkbox>
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name={['actions', 'keepWithPreviousHandler']} valuePropName="checked" extra={t('routingAdmin.act.keepHint')} style={{ maxWidth: 420 }}>
          <Checkbox>{t('routingAdmin.act.keep')}</Checkbox>
        </Form.Item>
        {keep && (
          <Form.Item name={['actions', 'keepWithPreviousHandlerDays']} label={t('routingAdmin.act.keepDays')} rules={[{ required: true, message: t('routingAdmin.required') }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: 120 }} />
          </Form.Item>
        )}
      </Space>
    </Card>
  );
}

/** A changed rule is a new version: the reason goes to its history and the audit trail. */
function ReasonDialog({ busy, onSave, onClose }: { busy: boolean; onSave(reason: string): void; onClose(): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <Modal
      open
      title={t('routingAdmin.rule.saveVersion')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('routingAdmin.save')}
      cancelText={t('routingAdmin.cancel')}
      okButtonProps={{ 'data-testid': 'save-rule-confirm' }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => onSave(v.reason ?? '')}>
        <Form.Item
          name="reason"
          label={t('routingAdmin.rule.reason')}
          extra={t('routingAdmin.rule.reasonHint')}
          rules={[{ required: true, whitespace: true, message: t('routingAdmin.rule.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="rule-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
