import { useMemo, useState } from 'react';
import { App, Button, Card, Collapse, Empty, Form, InputNumber, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ProblemError, type CaseType } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useLocale, useT } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { type AssistModel, type AssistSettings, type AssistSettingsBody, assistAdminKeys, percent, saveAssistSettings, useAssistModels, useAssistSettings } from './assist-admin-api.ts';
import { valueFieldsOf } from './case-type-fields.ts';
import { translateIfKnown } from '../../i18n/i18n.ts';

/** Assistance per case type and field, thresholds, seconds per field; the models in use (issue 22). */
export function AssistSettingsPage() {
  const t = useT();
  const mayAdmin = useCan('assist:admin');
  const mayReport = useCan('assist:report');
  return (
    <Card
      title={<h1 style={{ margin: 0, fontSize: 20 }}>{t('assistAdmin.settings.title')}</h1>}
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        mayReport && (
          <Link to="/analytics/assist" data-testid="assist-report-link">
            <Space size={4}>
              <BarChartOutlined />
              {t('assistAdmin.report.title')}
            </Space>
          </Link>
        )
      }
    >
      <Space orientation="vertical" size={24} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('assistAdmin.settings.intro')}
        </Typography.Paragraph>
        {mayAdmin && <CaseTypeSettingsList />}
        {(mayAdmin || mayReport) && <ModelsTable />}
      </Space>
    </Card>
  );
}

function CaseTypeSettingsList() {
  const t = useT();
  const settings = useAssistSettings();
  const caseTypes = useCaseTypes();
  if (settings.error) return <LoadError error={settings.error} retry={() => void settings.refetch()} />;
  if (!settings.data || !caseTypes.data) return <Spin />;
  if (settings.data.length === 0) return <Empty description={t('assistAdmin.settings.none')} />;
  return (
    <section aria-labelledby="assist-settings-heading">
      <Typography.Title level={2} id="assist-settings-heading" style={{ fontSize: 16 }}>
        {t('assistAdmin.settings.caseTypes')}
      </Typography.Title>
      <Collapse
        data-testid="assist-settings"
        items={settings.data.map((s) => ({
          key: s.caseType,
          label: (
            <Space wrap size={8}>
              <span>{s.caseTypeName}</span>
              {s.enabled ? <Tag color="green">{t('assistAdmin.settings.on')}</Tag> : <Tag>{t('assistAdmin.settings.off')}</Tag>}
            </Space>
          ),
          children: <CaseTypeSettingsForm key={`${s.caseType}@${s.version}`} settings={s} caseType={caseTypes.data.find((c) => c.key === s.caseType)} />,
        }))}
      />
    </section>
  );
}

interface FormValues {
  enabled: boolean;
  threshold: number;
  secondsPerField: number;
  fields: Record<string, { enabled: boolean; threshold?: number | null }>;
}

/** One case type's settings: saved against the version read (If-Match); a stale save reloads. */
function CaseTypeSettingsForm({ settings, caseType }: { settings: AssistSettings; caseType: CaseType | undefined }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  // The form's fields, and `priority` (the urgency classifier fills the case's priority).
  const fields = useMemo(() => [...valueFieldsOf(caseType), { key: 'priority', label: t('assistAdmin.settings.priority') }], [caseType, t]);
  const initialValues: FormValues = {
    enabled: settings.enabled,
    threshold: settings.threshold,
    secondsPerField: settings.secondsPerField,
    fields: Object.fromEntries(fields.map((f) => [f.key, { enabled: settings.fields[f.key]?.enabled ?? true, threshold: settings.fields[f.key]?.threshold ?? null }])),
  };
  const save = async (values: FormValues) => {
    setBusy(true);
    try {
      const body: AssistSettingsBody = {
        enabled: values.enabled,
        threshold: values.threshold,
        secondsPerField: values.secondsPerField,
        fields: Object.fromEntries(
          fields.map((f) => {
            const v = values.fields[f.key];
            const kept = settings.fields[f.key];
            return [f.key, { ...(kept?.label ? { label: kept.label } : {}), enabled: v?.enabled ?? true, ...(typeof v?.threshold === 'number' ? { threshold: v.threshold } : {}) }];
          }),
        ),
      };
      await saveAssistSettings(settings.caseType, settings.version, body);
      void message.success(t('assistAdmin.settings.saved', { name: settings.caseTypeName }));
    } catch (error) {
      showProblem(message, error, t);
      // Someone saved in between (412): what is there now is shown, this form's edits stay to redo.
      if (!(error instanceof ProblemError && error.problem.status === 412)) return;
    } finally {
      setBusy(false);
    }
    await queryClient.invalidateQueries({ queryKey: assistAdminKeys.settings });
  };
  return (
    <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void save(values)} data-testid={`assist-settings-${settings.caseType}`}>
      <Space wrap size={[24, 0]} align="start">
        <Form.Item name="enabled" label={t('assistAdmin.settings.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="threshold"
          label={t('assistAdmin.settings.threshold')}
          tooltip={t('assistAdmin.settings.thresholdHelp')}
          rules={[{ required: true, message: t('assistAdmin.settings.thresholdRange') }]}
        >
          <InputNumber min={0} max={1} step={0.05} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="secondsPerField"
          label={t('assistAdmin.settings.secondsPerField')}
          tooltip={t('assistAdmin.settings.secondsPerFieldHelp')}
          rules={[{ required: true, message: t('assistAdmin.settings.secondsRange') }]}
        >
          <InputNumber min={0} max={3600} step={5} precision={0} style={{ width: 120 }} />
        </Form.Item>
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={fields}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('assistAdmin.settings.field'), dataIndex: 'label', render: (label: string, f) => <span title={f.key}>{label}</span> },
          {
            title: t('assistAdmin.settings.fieldEnabled'),
            key: 'enabled',
            width: 120,
            render: (_: unknown, f) => (
              <Form.Item name={['fields', f.key, 'enabled']} valuePropName="checked" noStyle>
                <Switch size="small" aria-label={t('assistAdmin.settings.fieldEnabledFor', { field: f.label })} />
              </Form.Item>
            ),
          },
          {
            title: t('assistAdmin.settings.fieldThreshold'),
            key: 'threshold',
            width: 160,
            render: (_: unknown, f) => (
              <Form.Item name={['fields', f.key, 'threshold']} noStyle>
                <InputNumber
                  min={0}
                  max={1}
                  step={0.05}
                  placeholder={t('assistAdmin.settings.inherit')}
                  aria-label={t('assistAdmin.settings.fieldThresholdFor', { field: f.label })}
                  style={{ width: 120 }}
                />
              </Form.Item>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          {settings.version === 0
            ? t('assistAdmin.settings.defaults')
            : t('assistAdmin.settings.version', { version: settings.version, at: settings.updatedAt ? formatDateTime(settings.updatedAt, locale) : '—' })}
        </Typography.Text>
        <Button type="primary" htmlType="submit" loading={busy} data-testid={`assist-settings-save-${settings.caseType}`}>
          {t('assistAdmin.settings.save')}
        </Button>
      </Space>
    </Form>
  );
}

/** The model answering for each label: installed by the bank or shipped, with its measured quality. */
function ModelsTable() {
  const { t, locale } = useLocale();
  const models = useAssistModels();
  if (models.error) return <LoadError error={models.error} retry={() => void models.refetch()} />;
  const metric = (m: AssistModel, key: 'accuracy' | 'macroF1') => (typeof m.metrics[key] === 'number' ? percent(m.metrics[key] as number, 1) : '—');
  return (
    <section aria-labelledby="assist-models-heading">
      <Typography.Title level={2} id="assist-models-heading" style={{ fontSize: 16 }}>
        {t('assistAdmin.models.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('assistAdmin.models.intro')}</Typography.Paragraph>
      <Table
        data-testid="assist-models"
        size="small"
        loading={models.isLoading}
        rowKey="label"
        pagination={false}
        dataSource={models.data ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('assistAdmin.models.none') }}
        columns={[
          {
            title: t('assistAdmin.models.label'),
            dataIndex: 'label',
            // The shipped labels have names; a label a bank trained a model for is its own word.
            render: (label: string) => <span title={label}>{translateIfKnown(t, `assistAdmin.models.labelName.${label}`) ?? label}</span>,
          },
          {
            title: t('assistAdmin.models.source'),
            dataIndex: 'source',
            render: (source: AssistModel['source']) => <Tag color={source === 'installed' ? 'blue' : undefined}>{t(`assistAdmin.models.source.${source}`)}</Tag>,
          },
          { title: t('assistAdmin.models.version'), dataIndex: 'version', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('assistAdmin.models.classes'), dataIndex: 'classes', render: (classes: string[]) => <span title={classes.join(', ')}>{classes.length}</span> },
          { title: t('assistAdmin.models.rows'), key: 'rows', render: (_: unknown, m) => (typeof m.metrics.rows === 'number' ? m.metrics.rows.toLocaleString(locale) : '—') },
          { title: t('assistAdmin.models.accuracy'), key: 'accuracy', render: (_: unknown, m) => metric(m, 'accuracy') },
          { title: t('assistAdmin.models.macroF1'), key: 'macroF1', render: (_: unknown, m) => metric(m, 'macroF1') },
          {
            title: t('assistAdmin.models.installed'),
            key: 'installed',
            render: (_: unknown, m) => (m.installedAt ? `${formatDateTime(m.installedAt, locale)} · ${m.installedBy ?? ''}` : t('assistAdmin.models.shippedNote')),
          },
        ]}
      />
    </section>
  );
}
