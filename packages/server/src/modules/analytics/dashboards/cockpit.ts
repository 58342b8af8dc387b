import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { type AnalyticsFilter, type AnalyticsScope, resolveAnalyticsScope } from '../scope.ts';
import { totalsOf, type DashboardTotals } from './dashboard.ts';
import { countBacklog, type DailyCounters, type DepartmentNode, findDepartmentWithChildren, mapDepartmentsToSubtrees, sumCountersByDepartmentAndPeriod } from './dashboard-store.ts';

/** Backlog growth worth an alert: the period added at least this share of today's backlog… */
export const BACKLOG_GROWTH_ALERT_SHARE = 0.1;
/** …and at least this many cases (a branch of 3 open cases growing by 1 is not news). */
export const BACKLOG_GROWTH_ALERT_MIN = 3;
/** A fall of the on-time rate by this much (fraction points) against the previous period. */
export const ON_TIME_DROP_ALERT = 0.05;

const ZERO: DailyCounters = { created: 0, resolved: 0, firstContactResolved: 0, reopened: 0, slaMetOnTime: 0, slaBreached: 0, satisfactionSum: 0, satisfactionCount: 0 };

function add(a: DailyCounters, b: DailyCounters): DailyCounters {
  return {
    created: a.created + b.created,
    resolved: a.resolved + b.resolved,
    firstContactResolved: a.firstContactResolved + b.firstContactResolved,
    reopened: a.reopened + b.reopened,
    slaMetOnTime: a.slaMetOnTime + b.slaMetOnTime,
    slaBreached: a.slaBreached + b.slaBreached,
    satisfactionSum: a.satisfactionSum + b.satisfactionSum,
    satisfactionCount: a.satisfactionCount + b.satisfactionCount,
  };
}

function shiftDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** The period of the same length just before the scope's: what "trend" compares against. */
export function previousPeriodOf(scope: Pick<AnalyticsScope, 'from' | 'to'>): { from: string; to: string } {
  const days = (Date.parse(`${scope.to}T00:00:00Z`) - Date.parse(`${scope.from}T00:00:00Z`)) / 86_400_000 + 1;
  return { from: shiftDays(scope.from, -days), to: shiftDays(scope.from, -1) };
}

export type CockpitAlert =
  | { kind: 'sla-breaches'; breaches: number; previous: number }
  | { kind: 'backlog-growth'; growth: number; backlog: number }
  | { kind: 'on-time-drop'; current: number; previous: number };

/** The alerts of one unit: pure, so the thresholds are tested without a database. */
export function alertsOf(current: DashboardTotals, previous: DashboardTotals): CockpitAlert[] {
  const alerts: CockpitAlert[] = [];
  if (current.slaBreached > 0) alerts.push({ kind: 'sla-breaches', breaches: current.slaBreached, previous: previous.slaBreached });
  const growth = current.created - current.resolved;
  if (growth >= BACKLOG_GROWTH_ALERT_MIN && growth >= BACKLOG_GROWTH_ALERT_SHARE * current.backlog) alerts.push({ kind: 'backlog-growth', growth, backlog: current.backlog });
  if (current.onTimeRate !== null && previous.onTimeRate !== null && previous.onTimeRate - current.onTimeRate >= ON_TIME_DROP_ALERT) {
    alerts.push({ kind: 'on-time-drop', current: current.onTimeRate, previous: previous.onTimeRate });
  }
  return alerts;
}

/**
 * 经营驾驶舱: the chosen department (else the reader's own; else the whole bank) and each of its
 * child departments with its subtree, side by side: this period's KPIs, the previous period's,
 * and alerts. Figures are restricted by the reader's policy like every other figure.
 */
export async function readCockpit(ctx: CommandContext, filter: AnalyticsFilter) {
  assertAllowed(ctx.actor, 'analytics:read');
  const rootId = filter.departmentId ?? ctx.actor.departmentId ?? null;
  const scope = await resolveAnalyticsScope(ctx, { ...filter, departmentId: rootId ?? undefined });
  const previous = previousPeriodOf(scope);
  const { root, children } = await findDepartmentWithChildren(ctx.tx, rootId);
  const subtreeOf = await mapDepartmentsToSubtrees(ctx.tx, children);
  const rows = await sumCountersByDepartmentAndPeriod(ctx.tx, scope, previous.from);
  const backlog = await countBacklog(ctx.tx, scope, ctx.now);

  const units = new Map<string | null, { current: DailyCounters; previous: DailyCounters; backlog: number }>();
  const unit = (id: string | null) => units.get(id) ?? units.set(id, { current: ZERO, previous: ZERO, backlog: 0 }).get(id)!;
  const total = unit('total');
  for (const r of rows) {
    const child = subtreeOf.get(r.departmentId ?? '');
    for (const t of child === undefined ? ['total'] : ['total', child]) {
      const u = unit(t);
      if (r.current) u.current = add(u.current, r);
      else u.previous = add(u.previous, r);
    }
  }
  for (const b of backlog.byDepartment) {
    total.backlog += b.open;
    const child = subtreeOf.get(b.departmentId ?? '');
    if (child) unit(child).backlog += b.open;
  }

  const present = (department: DepartmentNode | null, id: string | null) => {
    const u = units.get(id) ?? { current: ZERO, previous: ZERO, backlog: 0 };
    const current = totalsOf(u.current, u.backlog);
    // The backlog is a state now: the previous period has no "backlog now" of its own.
    const before = totalsOf(u.previous, u.backlog);
    return {
      departmentId: department?.id ?? null,
      name: department?.name ?? null,
      current,
      previous: { ...before, backlog: null },
      backlogGrowth: current.created - current.resolved,
      alerts: alertsOf(current, before),
    };
  };
  return {
    period: { from: scope.from, to: scope.to },
    previousPeriod: previous,
    asOf: ctx.now.toISOString(),
    source: scope.rollupSafe ? ('rollup' as const) : ('facts' as const),
    overall: present(root, 'total'),
    units: children.map((c) => present(c, c.id)),
  };
}
