import { useState } from 'react';
import { App, Button, Card, Form, Select } from 'antd';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useReachableDepartments } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { recentQuarters } from './pack-quarters.ts';

interface GenerateValues {
  kind: 'complaints-quarterly';
  period: string;
  departmentId?: string;
}

/** Generate a pack: kind, quarter (the last one by default: its figures are complete) and department. */
export function PackGenerateForm({ onGenerated }: { onGenerated: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<GenerateValues>();
  const [busy, setBusy] = useState(false);
  const departments = useReachableDepartments('case:read');
  const quarters = recentQuarters(new Date());

  const submit = async (values: GenerateValues) => {
    setBusy(true);
    try {
      const body = { kind: values.kind, period: values.period, ...(values.departmentId ? { departmentId: values.departmentId } : {}) };
      dataOf(await api.POST('/api/v1/analytics/report-packs', { body }));
      void message.success(t('analytics.packs.generated'));
      onGenerated();
    } catch (error) {
      const rest = applyFieldErrors(
        form,
        fieldErrorsOf(error, t).map((e) => ({ ...e, field: e.field.replace(/^body\./, '') })),
        ['kind', 'period', 'departmentId'],
      );
      if (rest.length > 0 || fieldErrorsOf(error).length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('analytics.packs.generate.title')}>
      <Form<GenerateValues>
        form={form}
        layout="inline"
        initialValues={{ kind: 'complaints-quarterly', period: quarters[1] }}
        onFinish={(values) => void submit(values)}
        style={{ rowGap: 8 }}
        data-testid="pack-generate-form"
      >
        <Form.Item name="kind" label={t('analytics.packs.kind')} rules={[{ required: true }]}>
          <Select style={{ minWidth: 180 }} options={[{ value: 'complaints-quarterly', label: t('analytics.packs.kind.complaints-quarterly') }]} />
        </Form.Item>
        <Form.Item name="period" label={t('analytics.packs.period')} rules={[{ required: true, message: t('analytics.packs.period.required') }]}>
          <Select style={{ minWidth: 120 }} options={quarters.map((q) => ({ value: q, label: q }))} data-testid="pack-period" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('analytics.packs.department')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 180 }}
            placeholder={t('analytics.packs.department.all')}
            loading={departments.isLoading}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="pack-generate">
            {t('analytics.packs.generate')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
