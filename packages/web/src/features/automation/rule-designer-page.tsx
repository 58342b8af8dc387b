import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Spin, Tabs, Tag, TreeSelect, Typography } from 'antd';
import { ExperimentOutlined, PauseCircleOutlined, PlayCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { FieldError } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { departmentTreeData } from '../admin/admin-queries.ts';
import { PageTrail } from '../processes/page-trail.tsx';
import { departmentLabel, useVisibleDepartments } from '../routing-admin/routing-admin-api.ts';
import { ActionsStep } from './actions-step.tsx';
import { automationApi, automationKeys, useAutomationRule, type DryRunResult, type Rule, type RuleDefinition } from './automation-api.ts';
import { ConditionStep } from './condition-step.tsx';
import { DryRunPanel } from './dry-run-panel.tsx';
import { RuleRuns, RuleVersions } from './rule-history.tsx';
import { describeRuleField, newRuleValues, ruleFieldName, ruleToValues, valuesToDefinition, type RuleFormValues } from './rule-model.ts';
import { useRuleNames } from './rule-names.ts';
import { TriggerStep } from './trigger-step.tsx';

/** Trigger, conditions, actions, dry-run, enabling and run history of one rule (issue 21). */
export function RuleDesignerPage() {
  const { key } = useParams<{ key: string }>();
  const rule = useAutomationRule(key);
  if (key && rule.isError) return <LoadError error={rule.error} retry={() => rule.refetch()} />;
  if (key && !rule.data) return <Spin />;
  return <RuleDesigner key={rule.data ? `${rule.data.id}:${rule.data.version}` : 'new'} rule={key ? rule.data : undefined} />;
}

function RuleDesigner({ rule }: { rule: Rule | undefined }) {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const names = useRuleNames();
  const customerType = names.objectTypes?.find((o) => o.role === 'customer')?.key;
  const tab = rule ? (params.get('tab') ?? 'design') : 'design';
  return (
    <Card
      title={<PageTrail items={[{ to: '/admin/automation/rules', label: t('automation.rules.title') }, { label: rule?.name ?? t('automation.rules.new') }]} />}
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={rule && <RuleStateTag rule={rule} />}
      data-testid="rule-designer"
    >
      <Tabs
        activeKey={tab}
        onChange={(next) => setParams({ tab: next }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'design', label: t('automation.tab.design'), children: <RuleEditor rule={rule} /> },
          ...(rule
            ? [
                { key: 'versions', label: t('automation.tab.versions'), children: <RuleVersions rule={rule} names={names} /> },
                { key: 'runs', label: t('automation.tab.runs'), children: <RuleRuns rule={rule} customerType={customerType} /> },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function RuleStateTag({ rule }: { rule: Rule }) {
  const { t } = useLocale();
  return (
    <Space size={4} wrap>
      {rule.enabled ? (
        <Tag color="green" data-testid="rule-state-enabled">
          {t('automation.rule.enabled')}
        </Tag>
      ) : (
        <Tag data-testid="rule-state-disabled">{t('automation.rule.disabled')}</Tag>
      )}
      <Typography.Text type="secondary">{t('automation.rule.versionN', { version: rule.currentVersion })}</Typography.Text>
    </Space>
  );
}

function RuleEditor({ rule }: { rule: Rule | undefined }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canAdmin = useCan('automation:admin');
  const names = useRuleNames();
  const departments = useVisibleDepartments();
  const [form] = Form.useForm<RuleFormValues>();
  const [initialValues] = useState<RuleFormValues>(() => (rule ? ruleToValues(rule) : newRuleValues()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState<'save' | 'dry-run' | 'enable' | 'disable' | null>(null);
  const [dryRun, setDryRun] = useState<{ result: DryRunResult; definition: RuleDefinition } | null>(null);
  const [enabling, setEnabling] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const customerType = names.objectTypes?.find((o) => o.role === 'customer')?.key;

  const refresh = async (key: string) => Promise.all([queryClient.invalidateQueries({ queryKey: automationKeys.rules }), queryClient.invalidateQueries({ queryKey: automationKeys.rule(key) })]);

  const showErrors = (error: unknown) => {
    const found = fieldErrorsOf(error, t);
    setErrors(found);
    form.setFields(found.map((e) => ({ name: ruleFieldName(e.field), errors: [e.reason] })) as never);
    if (found.length === 0) showProblem(message, error, t);
  };

  const save = async (values: RuleFormValues) => {
    setBusy('save');
    setErrors([]);
    try {
      const definition = valuesToDefinition(values);
      const saved = rule ? await automationApi.saveRule(rule.key, rule.version, definition) : await automationApi.createRule({ key: values.key.trim(), ...definition });
      await refresh(saved.key);
      void message.success(rule ? t('automation.saved.version', { version: saved.currentVersion }) : t('automation.saved.created'));
      if (!rule) void navigate(`/admin/automation/rules/${encodeURIComponent(saved.key)}`, { replace: true });
    } catch (error) {
      showErrors(error);
    } finally {
      setBusy(null);
    }
  };

  const runDry = async () => {
    let values: RuleFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy('dry-run');
    setErrors([]);
    try {
      const definition = valuesToDefinition(values);
      // The saved rule as it stands, when the form holds no unsaved change; else the definition as designed.
      const result = rule && !form.isFieldsTouched() ? await automationApi.dryRunRule(rule.key) : await automationApi.dryRunDefinition(definition);
      setDryRun({ result, definition });
      requestAnimationFrame(() => resultRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' }));
    } catch (error) {
      showErrors(error);
    } finally {
      setBusy(null);
    }
  };

  const enable = async (departmentIds: string[]) => {
    if (!rule) return;
    setBusy('enable');
    try {
      await automationApi.enableRule(rule.key, departmentIds);
      setEnabling(false);
      await refresh(rule.key);
      void message.success(t('automation.enabled.done'));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(null);
    }
  };

  const disable = async () => {
    if (!rule) return;
    setBusy('disable');
    try {
      await automationApi.disableRule(rule.key);
      await refresh(rule.key);
      void message.success(t('automation.disabled.done'));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {!canAdmin && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('automation.readOnly')} data-testid="automation-read-only" />}
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
      <Form<RuleFormValues> form={form} layout="vertical" disabled={!canAdmin} initialValues={initialValues} onFinish={(values) => void save(values)} scrollToFirstError data-testid="rule-form">
        <Space wrap align="start">
          <Form.Item
            name="key"
            label={t('automation.rule.key')}
            extra={rule ? undefined : t('automation.rule.keyHint')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('automation.rule.keyHint') }]}
          >
            <Input disabled={Boolean(rule) || !canAdmin} style={{ width: 220 }} data-testid="rule-key" />
          </Form.Item>
          <Form.Item name="name" label={t('automation.rule.name')} rules={[{ required: true, whitespace: true, message: t('automation.required') }]}>
            <Input maxLength={200} style={{ width: 300 }} data-testid="rule-name" />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('automation.rule.description')}>
          <Input.TextArea rows={1} maxLength={2000} style={{ maxWidth: 620 }} />
        </Form.Item>
        <TriggerStep names={names} />
        <ConditionStep names={names} />
        <ActionsStep names={names} />
        <Card size="small" title={t('automation.step.scope')} data-testid="rule-step-scope" style={{ marginBottom: 12 }}>
          <Space wrap align="start">
            <Form.Item name="departmentIds" label={t('automation.rule.departments')} extra={t('automation.rule.departmentsHint')}>
              <TreeSelect
                multiple
                allowClear
                treeDefaultExpandAll
                style={{ width: 300 }}
                loading={departments.isLoading}
                treeData={departmentTreeData(departments.data ?? [])}
                placeholder={t('automation.departments.all')}
                data-testid="rule-departments"
              />
            </Form.Item>
            <Form.Item
              name="loopLimit"
              label={t('automation.rule.loopLimit')}
              extra={t('automation.rule.loopLimitHint')}
              style={{ maxWidth: 360 }}
              rules={[{ required: true, message: t('automation.required') }]}
            >
              <InputNumber min={1} max={20} precision={0} style={{ width: 120 }} data-testid="rule-loop-limit" />
            </Form.Item>
          </Space>
        </Card>
        {canAdmin && (
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy === 'save'} data-testid="save-automation-rule">
              {rule ? t('automation.rule.saveVersion') : t('automation.rule.create')}
            </Button>
            <Button icon={<ExperimentOutlined />} onClick={() => void runDry()} loading={busy === 'dry-run'} data-testid="dry-run">
              {t('automation.dryRun.button')}
            </Button>
            {rule &&
              (rule.enabled ? (
                <Button icon={<PauseCircleOutlined />} onClick={() => void disable()} loading={busy === 'disable'} data-testid="disable-rule">
                  {t('automation.rule.disable')}
                </Button>
              ) : (
                <Button icon={<PlayCircleOutlined />} onClick={() => setEnabling(true)} data-testid="enable-rule">
                  {t('automation.rule.enable')}
                </Button>
              ))}
          </Space>
        )}
      </Form>
      {rule?.enabled && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="rule-enabled-where">
          {t('automation.enabled.where', {
            where: rule.departmentIds.length === 0 ? t('automation.departments.all') : rule.departmentIds.map((id) => departmentLabel(departments.data, id, t)).join(t('automation.listSeparator')),
          })}
        </Typography.Paragraph>
      )}
      <div ref={resultRef} style={{ marginTop: 16 }}>
        {dryRun && (
          <Card size="small" title={t('automation.dryRun.title')}>
            <DryRunPanel result={dryRun.result} actions={dryRun.definition.actions} trigger={dryRun.definition.trigger} names={names} customerType={customerType} />
          </Card>
        )}
      </div>
      {enabling && rule && <EnableDialog rule={rule} busy={busy === 'enable'} onClose={() => setEnabling(false)} onEnable={(ids) => void enable(ids)} />}
    </>
  );
}

/** Enabling asks where: the rule acts on subjects of these departments and below (none chosen = everywhere). */
function EnableDialog({ rule, busy, onEnable, onClose }: { rule: Rule; busy: boolean; onEnable(departmentIds: string[]): void; onClose(): void }) {
  const { t } = useLocale();
  const departments = useVisibleDepartments();
  const [form] = Form.useForm<{ departmentIds: string[] }>();
  return (
    <Modal
      open
      title={t('automation.enable.title', { name: rule.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('automation.rule.enable')}
      cancelText={t('automation.cancel')}
      okButtonProps={{ 'data-testid': 'enable-rule-confirm' } as never}
    >
      <Typography.Paragraph>{t('automation.enable.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ departmentIds: rule.departmentIds }} onFinish={(v) => onEnable(v.departmentIds ?? [])}>
        <Form.Item name="departmentIds" label={t('automation.rule.departments')} extra={t('automation.rule.departmentsHint')}>
          <TreeSelect multiple allowClear treeDefaultExpandAll style={{ width: '100%' }} treeData={departmentTreeData(departments.data ?? [])} placeholder={t('automation.departments.all')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
