import { Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';
import { type AnalyticsFilterState, type AnalyticsTotals, type Cockpit, type CockpitUnit, type DrillMetric, drillHref, formatAverage, formatRate } from './dashboard-queries.ts';

type KpiKey = 'created' | 'resolved' | 'backlog' | 'onTimeRate' | 'slaBreached' | 'firstContactResolutionRate' | 'reopenRate' | 'satisfactionAverage';

/** Each KPI: how it reads, which figure drills into it, and whether a rise is good news. */
const KPIS: readonly { key: KpiKey; metric: DrillMetric; format: (v: number | null) => string; higherIsBetter: boolean | null }[] = [
  { key: 'created', metric: 'created', format: (v) => String(v ?? 0), higherIsBetter: null },
  { key: 'resolved', metric: 'resolved', format: (v) => String(v ?? 0), higherIsBetter: true },
  { key: 'backlog', metric: 'backlog', format: (v) => String(v ?? 0), higherIsBetter: false },
  { key: 'onTimeRate', metric: 'sla-met', format: formatRate, higherIsBetter: true },
  { key: 'slaBreached', metric: 'sla-breached', format: (v) => String(v ?? 0), higherIsBetter: false },
  { key: 'firstContactResolutionRate', metric: 'first-contact-resolved', format: formatRate, higherIsBetter: true },
  { key: 'reopenRate', metric: 'reopened', format: formatRate, higherIsBetter: false },
  { key: 'satisfactionAverage', metric: 'rated', format: formatAverage, higherIsBetter: true },
];

function Trend({ current, previous, higherIsBetter }: { current: number | null; previous: number | null; higherIsBetter: boolean | null }) {
  const { t } = useLocale();
  if (current === null || previous === null || higherIsBetter === null) return null;
  const direction = current > previous ? 'up' : current < previous ? 'down' : 'flat';
  const good = direction === 'flat' ? null : (direction === 'up') === higherIsBetter;
  const color = good === null ? '#666' : good ? '#237804' : '#a8071a';
  const Icon = direction === 'up' ? ArrowUpOutlined : direction === 'down' ? ArrowDownOutlined : MinusOutlined;
  return (
    <span style={{ color }} title={t(`dash.trend.${direction}`)}>
      <Icon aria-label={t(`dash.trend.${direction}`)} />
    </span>
  );
}

/**
 * The headline figures as cards; each is a link to the cases behind it (the keyboard's way in,
 * as a chart click is the mouse's), with the previous period beside it when the cockpit has one.
 */
export function KpiCards({ totals, previous, filter }: { totals: AnalyticsTotals; previous?: AnalyticsTotals; filter: AnalyticsFilterState }) {
  const { t } = useLocale();
  return (
    <section aria-label={t('dash.kpis')}>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 8 }} data-testid="dash-kpis">
        {KPIS.map((kpi) => {
          const label = t(`dash.kpi.${kpi.key}` as MessageKey);
          const value = totals[kpi.key] as number | null;
          const before = previous && kpi.key !== 'backlog' ? (previous[kpi.key] as number | null) : null;
          return (
            <li key={kpi.key}>
              <Card size="small" styles={{ body: { padding: 12 } }} data-testid={`kpi-${kpi.key}`}>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {label}
                </Typography.Text>
                <div style={{ display: 'flex', alignItems: 'baseline', gap: 6 }}>
                  <Link
                    to={drillHref(filter, { metric: kpi.metric })}
                    aria-label={t('dash.kpi.drill', { figure: label })}
                    style={{ fontSize: 24, fontWeight: 600 }}
                    data-testid={`kpi-${kpi.key}-value`}
                  >
                    {kpi.format(value)}
                  </Link>
                  {previous && <Trend current={value} previous={before} higherIsBetter={kpi.higherIsBetter} />}
                </div>
                {kpi.key === 'satisfactionAverage' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dash.kpi.satisfactionCount', { count: totals.satisfactionCount })}
                  </Typography.Text>
                )}
                {previous && kpi.key !== 'backlog' && (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('dash.kpi.previous', { value: kpi.format(before) })}
                    </Typography.Text>
                  </div>
                )}
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function alertText(alert: CockpitUnit['alerts'][number], t: ReturnType<typeof useLocale>['t']): string {
  if (alert.kind === 'sla-breaches') return t('cockpit.alert.sla-breaches', { breaches: alert.breaches, previous: alert.previous });
  if (alert.kind === 'backlog-growth') return t('cockpit.alert.backlog-growth', { growth: alert.growth, backlog: alert.backlog });
  return t('cockpit.alert.on-time-drop', { current: formatRate(alert.current), previous: formatRate(alert.previous) });
}

export function UnitAlerts({ unit }: { unit: CockpitUnit }) {
  const { t } = useLocale();
  if (unit.alerts.length === 0) return <Tag color="green">{t('cockpit.noAlerts')}</Tag>;
  return (
    <Space size={[4, 4]} wrap aria-label={t('cockpit.alerts')}>
      {unit.alerts.map((a) => (
        <Tag key={a.kind} color={a.kind === 'sla-breaches' ? 'red' : 'orange'} style={{ whiteSpace: 'normal' }} data-testid={`alert-${a.kind}`}>
          {alertText(a, t)}
        </Tag>
      ))}
    </Space>
  );
}

/** The child departments side by side, a card each; a card's name opens that department's cockpit. */
export function UnitCards({ cockpit, filter, openUnit }: { cockpit: Cockpit; filter: AnalyticsFilterState; openUnit: (departmentId: string) => void }) {
  const { t } = useLocale();
  if (cockpit.units.length === 0) return <Empty description={t('cockpit.noUnits')} />;
  const row = (label: string, value: string, metric: DrillMetric, departmentId: string) => (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Link to={drillHref({ ...filter, departmentId }, { metric })}>{value}</Link>
    </div>
  );
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: 8 }} data-testid="cockpit-units">
      {cockpit.units.map((unit) => {
        const id = unit.departmentId!;
        const name = unit.name ?? t('dash.noDepartment');
        return (
          <li key={id}>
            <Card
              size="small"
              data-testid="cockpit-unit"
              title={
                <Button type="link" style={{ padding: 0, fontWeight: 600 }} onClick={() => openUnit(id)} aria-label={t('cockpit.openUnit', { name })}>
                  {name}
                </Button>
              }
            >
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                {row(t('dash.kpi.created'), String(unit.current.created), 'created', id)}
                {row(t('dash.kpi.resolved'), String(unit.current.resolved), 'resolved', id)}
                {row(t('dash.kpi.backlog'), String(unit.current.backlog ?? 0), 'backlog', id)}
                {row(t('dash.kpi.onTimeRate'), formatRate(unit.current.onTimeRate), 'sla-met', id)}
                {row(t('dash.kpi.firstContactResolutionRate'), formatRate(unit.current.firstContactResolutionRate), 'first-contact-resolved', id)}
                {row(t('dash.kpi.satisfactionAverage'), formatAverage(unit.current.satisfactionAverage), 'rated', id)}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('cockpit.backlogGrowth', { growth: unit.backlogGrowth > 0 ? `+${unit.backlogGrowth}` : String(unit.backlogGrowth) })}
                </Typography.Text>
                <UnitAlerts unit={unit} />
              </Space>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}
