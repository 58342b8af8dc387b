import { useState } from 'react';
import { Card, Col, Empty, Form, Row, Segmented, Space, Spin, Statistic, Table, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { AnalyticsFrame } from '../analytics/analytics-frame.tsx';
import { CaseTypeFilter, PeriodFilter } from '../analytics/scope-filters.tsx';
import { caseTypeName, useCaseTypes } from '../cases/case-queries.ts';
import { type AssistReport, REPORT_BUCKETS, type ReportBucket, hoursOf, percent, useAssistReport } from './assist-admin-api.ts';
import { AssistReportChart } from './report-chart.tsx';
import { fieldLabelOf } from './case-type-fields.ts';

type FieldRow = AssistReport['caseTypes'][number]['fields'][number] & { caseType: string };

/** Accuracy, adoption and time saved by case type, field and period (issue 22). */
export function AssistReportPage() {
  const { t } = useLocale();
  const mayAdmin = useCan('assist:admin');
  const [caseType, setCaseType] = useState<string | undefined>();
  const [period, setPeriod] = useState<{ from: Dayjs; to: Dayjs }>(() => ({ from: dayjs().subtract(29, 'day'), to: dayjs() }));
  const [bucket, setBucket] = useState<ReportBucket>('day');
  const report = useAssistReport({ from: period.from.format('YYYY-MM-DD'), to: period.to.format('YYYY-MM-DD'), bucket, ...(caseType ? { caseType } : {}) });
  return (
    <AnalyticsFrame
      title={t('assistAdmin.report.title')}
      extra={
        mayAdmin && (
          <Link to="/admin/assist" data-testid="assist-settings-link">
            <Space size={4}>
              <SettingOutlined />
              {t('assistAdmin.settings.title')}
            </Space>
          </Link>
        )
      }
    >
      <Form layout="inline" style={{ rowGap: 8 }} aria-label={t('assistAdmin.report.filters')}>
        <CaseTypeFilter value={caseType} onChange={setCaseType} testId="assist-report-case-type" />
        <PeriodFilter from={period.from} to={period.to} onChange={(next) => setPeriod((p) => ({ ...p, ...next }))} testIdPrefix="assist-report" />
        <Form.Item label={t('assistAdmin.report.bucket')}>
          <Segmented
            value={bucket}
            onChange={(value) => setBucket(value as ReportBucket)}
            options={REPORT_BUCKETS.map((b) => ({ value: b, label: t(`assistAdmin.report.bucket.${b}`) }))}
            data-testid="assist-report-bucket"
          />
        </Form.Item>
      </Form>
      {report.error ? <LoadError error={report.error} retry={() => void report.refetch()} /> : !report.data ? <Spin /> : <ReportBody report={report.data} />}
    </AnalyticsFrame>
  );
}

function ReportBody({ report }: { report: AssistReport }) {
  const { t, locale } = useLocale();
  const caseTypes = useCaseTypes();
  const { totals } = report;
  const rows: FieldRow[] = report.caseTypes.flatMap((c) => c.fields.map((f) => ({ ...f, caseType: c.caseType })));
  const number = (n: number) => n.toLocaleString(locale);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[12, 12]} data-testid="assist-report-kpis">
        {[
          { key: 'suggested', title: t('assistAdmin.report.kpi.suggested'), value: number(totals.suggested), hint: t('assistAdmin.report.kpi.prefills', { count: number(totals.prefills) }) },
          { key: 'adoption', title: t('assistAdmin.report.kpi.adoption'), value: percent(totals.adoptionRate, 1), hint: t('assistAdmin.report.kpi.adoptionHelp') },
          { key: 'accuracy', title: t('assistAdmin.report.kpi.accuracy'), value: percent(totals.accuracy, 1), hint: t('assistAdmin.report.kpi.accuracyHelp') },
          { key: 'saved', title: t('assistAdmin.report.kpi.timeSaved'), value: hoursOf(totals.timeSavedSeconds), hint: t('assistAdmin.report.kpi.timeSavedHelp') },
        ].map((kpi) => (
          <Col key={kpi.key} xs={12} md={6}>
            <Card size="small">
              <Statistic title={kpi.title} value={kpi.value} data-testid={`assist-kpi-${kpi.key}`} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kpi.hint}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {totals.suggested === 0 && totals.prefills === 0 ? (
        <Empty description={t('assistAdmin.report.empty')} />
      ) : (
        <>
          <Card size="small" title={t('assistAdmin.report.byPeriod')}>
            <AssistReportChart periods={report.periods} />
          </Card>
          <Card size="small" title={t('assistAdmin.report.byField')}>
            <Table<FieldRow>
              data-testid="assist-report-fields"
              size="small"
              rowKey={(r) => `${r.caseType}.${r.field}`}
              dataSource={rows}
              pagination={rows.length > 20 ? { pageSize: 20 } : false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('assistAdmin.report.caseType'), dataIndex: 'caseType', render: (key: string) => caseTypeName(caseTypes.data, key) },
                {
                  title: t('assistAdmin.report.field'),
                  dataIndex: 'field',
                  render: (field: string, r) => (field === 'priority' ? t('assistAdmin.settings.priority') : fieldLabelOf(caseTypes.data, r.caseType, field)),
                },
                { title: t('assistAdmin.report.suggested'), dataIndex: 'suggested', align: 'right', sorter: (a, b) => a.suggested - b.suggested },
                { title: t('assistAdmin.report.accepted'), dataIndex: 'accepted', align: 'right' },
                { title: t('assistAdmin.report.changed'), dataIndex: 'changed', align: 'right' },
                { title: t('assistAdmin.report.rejected'), dataIndex: 'rejected', align: 'right' },
                {
                  title: t('assistAdmin.report.adoption'),
                  dataIndex: 'adoptionRate',
                  align: 'right',
                  render: (r: number | null) => percent(r, 1),
                  sorter: (a, b) => (a.adoptionRate ?? -1) - (b.adoptionRate ?? -1),
                },
                { title: t('assistAdmin.report.accuracy'), dataIndex: 'accuracy', align: 'right', render: (r: number | null) => percent(r, 1) },
                { title: t('assistAdmin.report.timeSavedHours'), dataIndex: 'timeSavedSeconds', align: 'right', render: (s: number) => hoursOf(s) },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
