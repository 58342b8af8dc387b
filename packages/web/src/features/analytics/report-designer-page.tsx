import { useEffect, useMemo, useState } from 'react';
import { App, Alert, Button, Card, Checkbox, Dropdown, Empty, Form, Input, InputNumber, Popconfirm, Segmented, Select, Space, Spin, TimePicker, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem, toProblemDocument } from '../../components/problem-display.ts';
import { AnalyticsFrame } from './analytics-frame.tsx';
import {
  createReport,
  deleteReport,
  exportHref,
  REPORT_CHARTS,
  reportKeys,
  updateReport,
  useReport,
  useReportPreview,
  useReportSubjects,
  useDimensionValues,
  type ReportBody,
  type ReportChart,
  type ReportDefinition,
  type ReportSchedule,
  type ReportSubjectKey,
  type SavedReport,
} from './report-api.ts';
import { ReportView } from './report-chart.tsx';
import { dimensionViewLabel, measureLabel, useValueLabeller } from './report-labels.ts';

const PERIODS = [7, 30, 90, 365] as const;

interface DesignState {
  subject: ReportSubjectKey;
  groupBy: string[];
  measures: string[];
  periodDays: number;
  /** uid: the condition's key on this screen only. */
  conditions: { uid: string; dimension: string; values: string[] }[];
  chart: ReportChart;
  name: string;
  description: string;
  sharedWithRoles: string[];
  schedule: ReportSchedule | null;
}

const blank: DesignState = { subject: 'cases', groupBy: [], measures: ['count'], periodDays: 30, conditions: [], chart: 'bar', name: '', description: '', sharedWithRoles: [], schedule: null };

function stateOfReport(report: SavedReport): DesignState {
  const d = report.definition;
  return {
    subject: d.subject,
    groupBy: d.groupBy,
    measures: d.measures,
    periodDays: d.periodDays ?? 30,
    conditions: (d.conditions ?? []).map((c) => ({ ...c, uid: crypto.randomUUID() })),
    chart: d.chart,
    name: report.name,
    description: report.description,
    sharedWithRoles: report.sharedWithRoles,
    schedule: report.schedule,
  };
}

const definitionOf = (s: DesignState): ReportDefinition => ({
  subject: s.subject,
  groupBy: s.groupBy,
  measures: s.measures,
  periodDays: s.periodDays,
  chart: s.chart,
  ...(s.conditions.length > 0 ? { conditions: s.conditions.filter((c) => c.dimension && c.values.length > 0).map(({ dimension, values }) => ({ dimension, values })) } : {}),
});

/** Whether the chart can draw the shape: the server says the same (400 naming definition.chart), the designer says it first. */
function isChartDrawable(chart: ReportChart, groupBy: string[], measures: string[]): boolean {
  if (chart === 'sankey') return groupBy.length === 2 && measures.length === 1;
  if (chart === 'map') return groupBy.length === 1 && groupBy[0] === 'region' && measures.length === 1;
  if (chart === 'pie' || chart === 'funnel') return groupBy.length === 1 && measures.length === 1;
  if (chart === 'bar' || chart === 'line') return groupBy.length >= 1;
  return true;
}

/** A debounced copy: the preview runs when the designer pauses, not on every click. */
function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/**
 * The report designer: subject, group by, measures, filters and chart type, previewed live with
 * the reader's own policy; saved and shared with roles, scheduled as an e-mailed export. A report
 * shared with the reader opens here read-only.
 */
export function ReportDesignerPage() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { id } = useParams<{ id: string }>();
  const me = useSession();
  const mayDesign = useCan('analytics:design');
  const mayExport = useCan('analytics:export');
  const subjects = useReportSubjects();
  const report = useReport(id);
  const [state, setState] = useState<DesignState>(blank);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (report.data) setState(stateOfReport(report.data));
  }, [report.data]);
  const editable = id === undefined ? mayDesign : (report.data?.mayChange ?? false) && mayDesign;
  const set = (patch: Partial<DesignState>) => setState((s) => ({ ...s, ...patch }));

  const subject = subjects.data?.find((s) => s.key === state.subject);
  const drawable = isChartDrawable(state.chart, state.groupBy, state.measures);
  const definition = useMemo(() => definitionOf(state), [state]);
  const debounced = useDebounced(drawable && state.measures.length > 0 ? definition : undefined, 300);
  const preview = useReportPreview(debounced);

  if (subjects.isError) return <AnalyticsFrame title={t('analyticsReports.list.title')}>{<LoadError error={subjects.error} retry={() => void subjects.refetch()} />}</AnalyticsFrame>;
  if (report.isError) return <AnalyticsFrame title={t('analyticsReports.list.title')}>{<LoadError error={report.error} retry={() => void report.refetch()} />}</AnalyticsFrame>;
  if (!subjects.data || (id !== undefined && !report.data)) return <Spin />;

  const dimensionOptions = (subject?.dimensions ?? []).map((d) => ({
    value: d.key,
    disabled: !d.reportable,
    label: `${dimensionViewLabel(t, d)}${d.reportable ? '' : d.reason === 'sealed' ? t('analyticsReports.designer.sealed') : t('analyticsReports.designer.masked')}`,
  }));
  const measureOptions = (subject?.measures ?? []).map((m) => ({ value: m.key, disabled: !m.reportable, label: measureLabel(t, m.key) }));
  const roleOptions = [...new Set([...me.roles, ...state.sharedWithRoles, 'analyst', 'supervisor', 'agent', 'auditor'])].map((r) => ({ value: r, label: r }));

  const save = async () => {
    setSaving(true);
    const body: ReportBody = {
      name: state.name.trim(),
      description: state.description,
      definition,
      sharedWithRoles: state.sharedWithRoles,
      schedule: state.schedule,
    };
    try {
      const saved = report.data ? await updateReport(report.data.id, report.data.version, body) : await createReport(body);
      await queryClient.invalidateQueries({ queryKey: reportKeys.list });
      queryClient.setQueryData(reportKeys.one(saved.id), saved);
      void message.success(t('analyticsReports.designer.saved'));
      if (!report.data) void navigate(`/analytics/reports/${saved.id}`, { replace: true });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    try {
      await deleteReport(report.data!.id, report.data!.version);
      await queryClient.invalidateQueries({ queryKey: reportKeys.list });
      void message.success(t('analyticsReports.designer.deleted'));
      void navigate('/analytics/reports');
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  const title = report.data?.name ?? t('analyticsReports.designer.newTitle');
  const extra = (
    <Space wrap>
      {report.data && mayExport && (
        <Dropdown
          menu={{
            items: (['xlsx', 'csv'] as const).map((format) => ({ key: format, label: <a href={exportHref(report.data!.id, format)}>{format.toUpperCase()}</a> })),
          }}
        >
          <Button icon={<DownloadOutlined />} data-testid="report-export">
            {t('analyticsReports.designer.export')}
          </Button>
        </Dropdown>
      )}
      {report.data && editable && (
        <Popconfirm title={t('analyticsReports.designer.deleteConfirm')} onConfirm={() => void remove()}>
          <Button danger icon={<DeleteOutlined />}>
            {t('analyticsReports.designer.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  const previewProblem = preview.isError ? toProblemDocument(preview.error, t) : undefined;
  return (
    <AnalyticsFrame title={title} extra={extra}>
      {!editable && report.data && <Alert type="info" showIcon title={t('analyticsReports.designer.readOnly', { owner: report.data.ownerName ?? '' })} />}
      <div className="report-designer" style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
        <Card size="small" style={{ flex: '1 1 300px', maxWidth: '100%', minWidth: 0 }}>
          <Form layout="vertical" disabled={!editable}>
            <Form.Item label={t('analyticsReports.designer.subject')}>
              <Select
                data-testid="report-subject"
                value={state.subject}
                onChange={(subjectKey: ReportSubjectKey) => set({ subject: subjectKey, groupBy: [], measures: ['count'], conditions: [] })}
                options={subjects.data.map((s) => ({ value: s.key, label: t(`analyticsReports.subject.${s.key}`) }))}
              />
            </Form.Item>
            <Form.Item label={t('analyticsReports.designer.groupBy')}>
              <Select
                data-testid="report-group-by"
                mode="multiple"
                maxCount={2}
                value={state.groupBy}
                onChange={(groupBy: string[]) => set({ groupBy })}
                options={dimensionOptions}
                optionFilterProp="label"
              />
            </Form.Item>
            <Form.Item label={t('analyticsReports.designer.measures')}>
              <Select
                data-testid="report-measures"
                mode="multiple"
                maxCount={6}
                value={state.measures}
                onChange={(measures: string[]) => set({ measures })}
                options={measureOptions}
                optionFilterProp="label"
              />
            </Form.Item>
            <Form.Item label={t('analyticsReports.designer.chart')}>
              <Select
                data-testid="report-chart-type"
                value={state.chart}
                onChange={(chart: ReportChart) => set({ chart })}
                options={REPORT_CHARTS.map((c) => ({ value: c, label: t(`analyticsReports.chart.${c}`), disabled: !isChartDrawable(c, state.groupBy, state.measures) }))}
              />
            </Form.Item>
            <Form.Item label={t('analyticsReports.designer.period')}>
              <Segmented
                value={state.periodDays}
                onChange={(periodDays) => set({ periodDays: Number(periodDays) })}
                options={PERIODS.map((days) => ({ value: days, label: t('analyticsReports.designer.periodDays', { days }) }))}
              />
            </Form.Item>
            {state.conditions.map((c, i) => (
              <Space.Compact key={c.uid} block style={{ marginBottom: 8 }}>
                <Select
                  aria-label={t('analyticsReports.designer.condition')}
                  style={{ width: '45%' }}
                  value={c.dimension || undefined}
                  options={dimensionOptions}
                  onChange={(dimension: string) => set({ conditions: state.conditions.map((x, j) => (j === i ? { ...x, dimension } : x)) })}
                />
                <ConditionValues
                  subject={state.subject}
                  dimension={c.dimension}
                  values={c.values}
                  onChange={(values) => set({ conditions: state.conditions.map((x, j) => (j === i ? { ...x, values } : x)) })}
                />
                <Button aria-label={t('analyticsReports.designer.removeCondition')} icon={<DeleteOutlined />} onClick={() => set({ conditions: state.conditions.filter((_, j) => j !== i) })} />
              </Space.Compact>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => set({ conditions: [...state.conditions, { uid: crypto.randomUUID(), dimension: '', values: [] }] })}
              disabled={!editable || state.conditions.length >= 10}
            >
              {t('analyticsReports.designer.addCondition')}
            </Button>
          </Form>
        </Card>
        <Card size="small" title={t('analyticsReports.designer.preview')} style={{ flex: '2 1 420px', maxWidth: '100%', minWidth: 0 }}>
          {previewProblem ? (
            <Alert type="warning" showIcon title={previewProblem.title} description={previewProblem.detail} />
          ) : preview.data && debounced ? (
            <Spin spinning={preview.isFetching}>
              <ReportView result={preview.data} chart={state.chart} title={state.name || t('analyticsReports.designer.preview')} />
            </Spin>
          ) : preview.isFetching ? (
            <Spin />
          ) : (
            <Empty description={t('analyticsReports.designer.previewEmpty')} />
          )}
        </Card>
      </div>
      {editable && (
        <Card size="small">
          <Form layout="vertical" style={{ maxWidth: 640 }}>
            <Form.Item label={t('analyticsReports.designer.name')} required>
              <Input data-testid="report-name" value={state.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('analyticsReports.designer.description')}>
              <Input.TextArea value={state.description} maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} onChange={(e) => set({ description: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('analyticsReports.designer.share')}>
              <Select data-testid="report-share" mode="tags" value={state.sharedWithRoles} options={roleOptions} onChange={(sharedWithRoles: string[]) => set({ sharedWithRoles })} />
            </Form.Item>
            {mayExport && <ScheduleEditor schedule={state.schedule} onChange={(schedule) => set({ schedule })} />}
            <Button type="primary" data-testid="report-save" loading={saving} disabled={state.name.trim() === '' || !drawable || state.measures.length === 0} onClick={() => void save()}>
              {t('analyticsReports.designer.save')}
            </Button>
          </Form>
        </Card>
      )}
    </AnalyticsFrame>
  );
}

/** A filter's values, picked from those the dimension takes (named), or typed. */
function ConditionValues({ subject, dimension, values, onChange }: { subject: ReportSubjectKey; dimension: string; values: string[]; onChange: (values: string[]) => void }) {
  const { t } = useLocale();
  const found = useDimensionValues(subject, dimension || undefined);
  const label = useValueLabeller();
  const options = (found.data?.rows ?? []).filter((r) => r.keys[0] !== null).map((r) => ({ value: r.keys[0]!, label: label(dimension, r.keys[0] ?? null, r.labels[0] ?? null) }));
  return (
    <Select
      aria-label={t('analyticsReports.designer.conditionValues')}
      style={{ width: '45%' }}
      mode="tags"
      value={values}
      options={options}
      optionFilterProp="label"
      loading={found.isFetching}
      onChange={onChange}
    />
  );
}

function ScheduleEditor({ schedule, onChange }: { schedule: ReportSchedule | null; onChange: (schedule: ReportSchedule | null) => void }) {
  const { t } = useLocale();
  const set = (patch: Partial<ReportSchedule>) => onChange({ ...schedule!, ...patch });
  return (
    <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
      <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('analyticsReports.schedule.title')}</legend>
      <Checkbox
        data-testid="report-schedule"
        checked={schedule !== null}
        onChange={(e) => onChange(e.target.checked ? { frequency: 'weekly', weekday: 1, at: '08:30', recipients: [], format: 'xlsx' } : null)}
      >
        {t('analyticsReports.schedule.enabled')}
      </Checkbox>
      {schedule && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginTop: 8 }}>
          <Form.Item label={t('analyticsReports.schedule.frequency')} style={{ marginBottom: 0 }}>
            <Select
              style={{ width: 120 }}
              value={schedule.frequency}
              onChange={(frequency: ReportSchedule['frequency']) =>
                onChange({ ...schedule, frequency, weekday: frequency === 'weekly' ? 1 : undefined, dayOfMonth: frequency === 'monthly' ? 1 : undefined })
              }
              options={(['daily', 'weekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`analyticsReports.schedule.${f}`) }))}
            />
          </Form.Item>
          {schedule.frequency === 'weekly' && (
            <Form.Item label={t('analyticsReports.schedule.weekday')} style={{ marginBottom: 0 }}>
              <Select
                style={{ width: 110 }}
                value={schedule.weekday}
                onChange={(weekday: number) => set({ weekday })}
                options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`analyticsReports.weekday.${d}` as 'analyticsReports.weekday.1') }))}
              />
            </Form.Item>
          )}
          {schedule.frequency === 'monthly' && (
            <Form.Item label={t('analyticsReports.schedule.dayOfMonth')} style={{ marginBottom: 0 }}>
              <InputNumber min={1} max={28} value={schedule.dayOfMonth} onChange={(v) => set({ dayOfMonth: v ?? 1 })} />
            </Form.Item>
          )}
          <Form.Item label={t('analyticsReports.schedule.at')} style={{ marginBottom: 0 }}>
            <TimePicker format="HH:mm" minuteStep={5} allowClear={false} value={dayjs(schedule.at, 'HH:mm')} onChange={(v) => v && set({ at: v.format('HH:mm') })} />
          </Form.Item>
          <Form.Item label={t('analyticsReports.schedule.format')} style={{ marginBottom: 0 }}>
            <Segmented
              value={schedule.format}
              onChange={(format) => set({ format: format as ReportSchedule['format'] })}
              options={['xlsx', 'csv'].map((f) => ({ value: f, label: f.toUpperCase() }))}
            />
          </Form.Item>
          <Form.Item label={t('analyticsReports.schedule.recipients')} style={{ marginBottom: 0, flex: '1 1 240px' }}>
            <Select mode="tags" value={schedule.recipients} onChange={(recipients: string[]) => set({ recipients })} open={false} suffixIcon={null} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ flexBasis: '100%' }}>
            {t('analyticsReports.schedule.ownerPolicy')}
          </Typography.Text>
        </div>
      )}
    </fieldset>
  );
}
