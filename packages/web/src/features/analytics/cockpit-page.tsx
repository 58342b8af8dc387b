import { useMemo, useState } from 'react';
import { Alert, Form, Input, Select, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { AnalyticsFrame } from './analytics-frame.tsx';
import { CaseTypeFilter, DepartmentFilter, PeriodFilter } from './scope-filters.tsx';
import { alertText, KpiCards, UnitCards } from './cockpit-units.tsx';
import { BacklogAgeChart, channelLabel, DimensionChart, OnTimeTrendChart, VolumeChart, WorkloadTables } from './dashboard-charts.tsx';
import { type AnalyticsFilterState, type DrillTarget, drillHref, filterOf, searchOf, useCockpit, useDashboard } from './dashboard-queries.ts';

const DATE = 'YYYY-MM-DD';
/** The channels the console names (dash.channel.*); a case of another channel still counts under its own key. */
const CHANNELS = ['phone', 'branch', 'app', 'wechat', '12378', 'chat', 'email', 'web', 'letter', 'web-form', 'api', 'console'];

/** Period, department subtree, case type, product and channel: the filter of every figure below, kept in the URL. */
export function AnalyticsFilters({ filter, apply }: { filter: AnalyticsFilterState; apply: (next: Partial<AnalyticsFilterState>) => void }) {
  const { t } = useLocale();
  const [product, setProduct] = useState(filter.product ?? '');
  return (
    <Form layout="inline" style={{ rowGap: 8 }} aria-label={t('dash.filters')} onFinish={() => apply({ product: product.trim() || undefined })} data-testid="dash-filters">
      <PeriodFilter
        from={dayjs(filter.from, DATE)}
        to={dayjs(filter.to, DATE)}
        onChange={({ from, to }) => apply({ ...(from && { from: from.format(DATE) }), ...(to && { to: to.format(DATE) }) })}
        testIdPrefix="dash"
      />
      <DepartmentFilter value={filter.departmentId} onChange={(departmentId) => apply({ departmentId })} testId="dash-department" />
      <CaseTypeFilter value={filter.caseType} onChange={(caseType) => apply({ caseType })} testId="dash-case-type" />
      <Form.Item>
        <Select
          allowClear
          value={filter.channel}
          onChange={(channel?: string) => apply({ channel })}
          placeholder={t('dash.anyChannel')}
          aria-label={t('dash.channel')}
          style={{ width: 140 }}
          options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))}
        />
      </Form.Item>
      <Form.Item>
        <Input
          allowClear
          value={product}
          onChange={(e) => setProduct(e.target.value)}
          onBlur={() => apply({ product: product.trim() || undefined })}
          placeholder={t('dash.productPlaceholder')}
          aria-label={t('dash.product')}
          style={{ width: 130 }}
        />
      </Form.Item>
    </Form>
  );
}

/**
 * 经营驾驶舱 (analytics:read): the department's KPIs against the previous period, its child
 * departments side by side with their alerts, and the dashboard's charts, each beside its table;
 * every figure opens the cases behind it (the drill page).
 */
export function CockpitPage() {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const filter = useMemo(() => filterOf(search), [search]);
  const apply = (next: Partial<AnalyticsFilterState>) => setSearch(searchOf({ ...filter, ...next }), { replace: true });
  const cockpit = useCockpit(filter);
  // The charts cover what the cockpit's headline covers: the chosen department, else the reader's own.
  const scoped: AnalyticsFilterState = { ...filter, departmentId: filter.departmentId ?? cockpit.data?.overall.departmentId ?? undefined };
  const dashboard = useDashboard(scoped, cockpit.data !== undefined);
  const open = (target: DrillTarget, override: Partial<AnalyticsFilterState> = {}) => void navigate(drillHref(scoped, target, override));
  const data = cockpit.data;

  return (
    <AnalyticsFrame title={t('analytics.nav.cockpit')}>
      <AnalyticsFilters filter={filter} apply={apply} />
      {cockpit.error ? (
        <LoadError error={cockpit.error} retry={() => void cockpit.refetch()} />
      ) : !data ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="cockpit">
          <div>
            <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }} data-testid="cockpit-name">
              {data.overall.name ?? t('cockpit.wholeBank')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cockpit.previousPeriod', data.previousPeriod)} · {t('dash.asOf', { time: formatDateTime(data.asOf, locale) })}
              {data.source === 'facts' ? ` · ${t('dash.sourceFacts')}` : ''}
            </Typography.Text>
          </div>
          <KpiCards totals={data.overall.current} previous={data.overall.previous} filter={scoped} />
          {data.overall.alerts.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('cockpit.alerts')}
              description={data.overall.alerts.map((a) => alertText(a, t)).join(locale === 'zh-CN' ? '；' : '; ')}
              data-testid="cockpit-alerts"
            />
          )}
          <section aria-labelledby="cockpit-units-title">
            <Typography.Title level={2} id="cockpit-units-title" style={{ fontSize: 16 }}>
              {t('cockpit.units')}
            </Typography.Title>
            <UnitCards cockpit={data} filter={filter} openUnit={(departmentId) => apply({ departmentId })} />
          </section>
          {dashboard.error ? (
            <LoadError error={dashboard.error} retry={() => void dashboard.refetch()} />
          ) : !dashboard.data ? (
            <Spin />
          ) : (
            <div style={{ display: 'grid', gridTemplateColumns: narrow ? 'minmax(0, 1fr)' : 'repeat(2, minmax(0, 1fr))', gap: 12 }} data-testid="dash-charts">
              <VolumeChart dashboard={dashboard.data} filter={scoped} open={open} />
              <OnTimeTrendChart dashboard={dashboard.data} filter={scoped} open={open} />
              <DimensionChart dashboard={dashboard.data} filter={scoped} open={open} dimension="type" narrow={narrow} />
              <DimensionChart dashboard={dashboard.data} filter={scoped} open={open} dimension="channel" narrow={narrow} />
              <BacklogAgeChart dashboard={dashboard.data} filter={scoped} open={open} />
              <WorkloadTables dashboard={dashboard.data} filter={scoped} />
            </div>
          )}
        </Space>
      )}
    </AnalyticsFrame>
  );
}
