import { Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useDecisions } from '../decisions/decision-api.ts';
import { CONDITION_KINDS } from './automation-api.ts';
import { feelVariables } from './feel-variables.ts';
import type { RuleNames, RuleFormValues } from './rule-model.ts';

/** Step 2: whether the rule acts — always, when a FEEL expression holds, or as a DMN decision says. */
export function ConditionStep({ names }: { names: RuleNames }) {
  const { t } = useLocale();
  const form = Form.useFormInstance();
  const values = Form.useWatch([], form) as RuleFormValues | undefined;
  const kind = values?.condition?.kind ?? 'always';
  const decisions = useDecisions();
  const canDecisions = useCan('decision:read');
  const variables = values?.trigger ? feelVariables(values.trigger, names, t) : [];
  return (
    <Card size="small" title={t('automation.step.condition')} data-testid="rule-step-condition" style={{ marginBottom: 12 }}>
      <Form.Item name={['condition', 'kind']}>
        <Radio.Group options={CONDITION_KINDS.map((k) => ({ value: k, label: t(`automation.conditionKind.${k}`) }))} data-testid="condition-kind" />
      </Form.Item>
      {kind === 'feel' && (
        <>
          <Form.Item name={['condition', 'expression']} label={t('automation.condition.expression')} rules={[{ required: true, whitespace: true, message: t('automation.required') }]}>
            <Input.TextArea rows={2} maxLength={2000} style={{ fontFamily: 'monospace', maxWidth: 720 }} placeholder='fields.tier = "private"' data-testid="condition-expression" />
          </Form.Item>
          <Typography.Text type="secondary">{t('automation.condition.variables')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="feel-variables">
            {variables.map((v) => (
              <li key={v.name}>
                <Typography.Text code>{v.name}</Typography.Text> <Typography.Text type="secondary">{v.label}</Typography.Text>
              </li>
            ))}
          </ul>
        </>
      )}
      {kind === 'dmn' && (
        <Space wrap align="start">
          <Form.Item
            name={['condition', 'decisionKey']}
            label={t('automation.condition.decision')}
            rules={[{ required: true, message: t('automation.required') }]}
            extra={t('automation.condition.decisionHint')}
          >
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 280 }}
              disabled={!canDecisions}
              loading={decisions.isLoading}
              options={(decisions.data ?? []).map((d) => ({ value: d.key, label: d.name ? `${d.name} (${d.key})` : d.key }))}
              data-testid="condition-decision"
            />
          </Form.Item>
        </Space>
      )}
    </Card>
  );
}
