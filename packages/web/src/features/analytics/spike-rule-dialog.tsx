import { useState } from 'react';
import { App, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useT } from '../../app/locale.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { useDepartments } from '../admin/admin-queries.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { SPIKE_DIMENSIONS, SPIKE_TESTS, type SpikeRule, type SpikeRuleBody, spikeApi, spikeKeys } from './spike-api.ts';

const FIELDS = [
  'key',
  'name',
  'caseTypes',
  'dimension',
  'windowDays',
  'baselineWeeks',
  'test',
  'pValue',
  'ewmaLambda',
  'ewmaLimit',
  'minCount',
  'routeCaseType',
  'routeDepartmentId',
  'routeQueue',
  'enabled',
] as const;

const DEFAULTS: Partial<SpikeRuleBody> = {
  caseTypes: ['complaint'],
  dimension: 'category',
  windowDays: 1,
  baselineWeeks: 8,
  test: 'poisson',
  pValue: 0.001,
  ewmaLambda: 0.3,
  ewmaLimit: 3,
  minCount: 5,
  routeCaseType: 'complaint-spike',
  routeDepartmentId: null,
  enabled: true,
};

/** Create or change a spike rule (analytics:admin): the test's parameters and where its risk cases go. */
export function SpikeRuleDialog({ rule, onClose }: { rule?: SpikeRule; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const caseTypes = useCaseTypes();
  const departments = useDepartments();
  const [form] = Form.useForm<SpikeRuleBody>();
  const test = Form.useWatch('test', form) ?? rule?.test ?? 'poisson';
  const [busy, setBusy] = useState(false);
  const typeOptions = (caseTypes.data ?? []).map((ct) => ({ value: ct.key, label: ct.name }));

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      const body = { ...values, routeDepartmentId: values.routeDepartmentId ?? null, routeQueue: values.routeQueue || null };
      if (rule) await spikeApi.updateRule(rule.id, rule.version, { ...body, key: rule.key });
      else await spikeApi.createRule(body);
      await queryClient.invalidateQueries({ queryKey: spikeKeys.all });
      void message.success(t('analytics.spikes.saved'));
      onClose();
    } catch (error) {
      // The server names body fields (`body.windowDays`, `body.caseTypes.0`): put each on its input.
      const errors = fieldErrorsOf(error, t).map((e) => ({ ...e, field: e.field.replace(/^body\./, '').replace(/\.\d+$/, '') }));
      const rest = applyFieldErrors(form, errors, FIELDS);
      if (rest.length > 0 || errors.length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={rule ? t('analytics.spikes.editRule') : t('analytics.spikes.newRule')}
      okText={t('analytics.spikes.save')}
      cancelText={t('analytics.spikes.cancel')}
      onOk={() => void save()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={rule ?? DEFAULTS} data-testid="spike-rule-form">
        {!rule && (
          <Form.Item
            name="key"
            label={t('analytics.spikes.field.key')}
            extra={t('analytics.spikes.field.keyHint')}
            rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('analytics.spikes.field.keyInvalid') }]}
          >
            <Input maxLength={63} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('analytics.spikes.field.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="caseTypes" label={t('analytics.spikes.field.caseTypes')} rules={[{ required: true }]}>
          <Select mode="multiple" options={typeOptions} loading={caseTypes.isPending} />
        </Form.Item>
        <Form.Item name="dimension" label={t('analytics.spikes.field.dimension')} rules={[{ required: true }]}>
          <Select options={SPIKE_DIMENSIONS.map((d) => ({ value: d, label: t(`analytics.spikes.dimension.${d}`) }))} />
        </Form.Item>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
          <Form.Item name="windowDays" label={t('analytics.spikes.field.windowDays')} extra={t('analytics.spikes.field.windowDaysHint')} rules={[{ required: true }]}>
            <InputNumber min={1} max={7} precision={0} />
          </Form.Item>
          <Form.Item name="baselineWeeks" label={t('analytics.spikes.field.baselineWeeks')} extra={t('analytics.spikes.field.baselineWeeksHint')} rules={[{ required: true }]}>
            <InputNumber min={2} max={26} precision={0} />
          </Form.Item>
          <Form.Item name="minCount" label={t('analytics.spikes.field.minCount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1_000_000} precision={0} />
          </Form.Item>
        </div>
        <Form.Item name="test" label={t('analytics.spikes.field.test')} rules={[{ required: true }]}>
          <Select options={SPIKE_TESTS.map((x) => ({ value: x, label: t(`analytics.spikes.test.${x}`) }))} />
        </Form.Item>
        {test === 'poisson' ? (
          <Form.Item name="pValue" label={t('analytics.spikes.field.pValue')} extra={t('analytics.spikes.field.pValueHint')} rules={[{ required: true }]}>
            <InputNumber min={1e-9} max={0.2} step={0.0005} />
          </Form.Item>
        ) : (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
            <Form.Item name="ewmaLambda" label={t('analytics.spikes.field.ewmaLambda')} rules={[{ required: true }]}>
              <InputNumber min={0.01} max={1} step={0.05} />
            </Form.Item>
            <Form.Item name="ewmaLimit" label={t('analytics.spikes.field.ewmaLimit')} rules={[{ required: true }]}>
              <InputNumber min={0.5} max={10} step={0.5} />
            </Form.Item>
          </div>
        )}
        <Form.Item name="routeCaseType" label={t('analytics.spikes.field.routeCaseType')} rules={[{ required: true }]}>
          <Select options={typeOptions} loading={caseTypes.isPending} />
        </Form.Item>
        <Form.Item name="routeDepartmentId" label={t('analytics.spikes.field.routeDepartment')} extra={t('analytics.spikes.field.routeDepartmentHint')}>
          <Select allowClear showSearch optionFilterProp="label" options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} loading={departments.isPending} />
        </Form.Item>
        <Form.Item name="routeQueue" label={t('analytics.spikes.field.routeQueue')} extra={t('analytics.spikes.field.routeQueueHint')}>
          <Input maxLength={64} allowClear />
        </Form.Item>
        <Form.Item name="enabled" label={t('analytics.spikes.field.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
