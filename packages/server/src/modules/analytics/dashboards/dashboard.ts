import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed, lookupNames } from '../../access/index.ts';
import { findCaseTypeNames } from '../../cases/index.ts';
import { type AnalyticsFilter, resolveAnalyticsScope } from '../scope.ts';
import { type AgeBucket, AGE_BUCKETS, countBacklog, countResolvedByAssignee, type DailyCounters, sumPeriodCounters } from './dashboard-store.ts';

/** People shown in the workload table: the busiest, so a bank-wide dashboard stays one screen. */
export const WORKLOAD_PEOPLE_LIMIT = 100;

/** A rate as a fraction 0–1, or null when nothing was counted (no 0 % from an empty base). */
export const rateOf = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export interface DashboardTotals {
  created: number;
  resolved: number;
  backlog: number;
  slaMetOnTime: number;
  slaBreached: number;
  onTimeRate: number | null;
  firstContactResolved: number;
  firstContactResolutionRate: number | null;
  reopened: number;
  reopenRate: number | null;
  satisfactionAverage: number | null;
  satisfactionCount: number;
}

/** The headline figures of counters over a period, plus the backlog now. */
export function totalsOf(c: DailyCounters, backlog: number): DashboardTotals {
  return {
    created: c.created,
    resolved: c.resolved,
    backlog,
    slaMetOnTime: c.slaMetOnTime,
    slaBreached: c.slaBreached,
    // SLA targets that ended, on time or breached; running ones are not yet a success or a failure.
    onTimeRate: rateOf(c.slaMetOnTime, c.slaMetOnTime + c.slaBreached),
    firstContactResolved: c.firstContactResolved,
    firstContactResolutionRate: rateOf(c.firstContactResolved, c.resolved),
    reopened: c.reopened,
    reopenRate: rateOf(c.reopened, c.resolved),
    satisfactionAverage: c.satisfactionCount === 0 ? null : c.satisfactionSum / c.satisfactionCount,
    satisfactionCount: c.satisfactionCount,
  };
}

function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const byCreatedDesc = <T extends { created: number; key: string }>(a: T, b: T) => b.created - a.created || a.key.localeCompare(b.key);

/**
 * The dashboard: every figure over the scope of the filter and the reader's record policy,
 * from the daily rollups when the policy allows (scope.rollupSafe), from case facts otherwise.
 */
export async function readDashboard(ctx: CommandContext, filter: AnalyticsFilter) {
  assertAllowed(ctx.actor, 'analytics:read');
  const scope = await resolveAnalyticsScope(ctx, filter);
  const counters = await sumPeriodCounters(ctx.tx, scope);
  const backlog = await countBacklog(ctx.tx, scope, ctx.now);
  const resolvedByAssignee = await countResolvedByAssignee(ctx.tx, scope);
  const typeNames = await findCaseTypeNames(ctx);

  const people = new Map<string, { open: number; resolved: number }>();
  for (const p of backlog.byAssignee) people.set(p.assigneeId, { open: p.open, resolved: 0 });
  for (const p of resolvedByAssignee) people.set(p.assigneeId, { open: people.get(p.assigneeId)?.open ?? 0, resolved: p.resolved });
  const busiest = [...people.entries()].sort(([a, x], [b, y]) => y.open + y.resolved - (x.open + x.resolved) || a.localeCompare(b)).slice(0, WORKLOAD_PEOPLE_LIMIT);

  const teams = new Map<string | null, { created: number; resolved: number; open: number; met: number; breached: number }>();
  const team = (id: string | null) => teams.get(id) ?? teams.set(id, { created: 0, resolved: 0, open: 0, met: 0, breached: 0 }).get(id)!;
  for (const d of counters.byDepartment) Object.assign(team(d.departmentId), { created: d.created, resolved: d.resolved, met: d.slaMetOnTime, breached: d.slaBreached });
  for (const d of backlog.byDepartment) team(d.departmentId).open = d.open;

  const names = await lookupNames(
    ctx.tx,
    busiest.map(([id]) => id),
    [...teams.keys()],
  );
  const byDay = new Map(counters.byDay.map((d) => [d.day, d]));

  return {
    period: { from: scope.from, to: scope.to },
    asOf: ctx.now.toISOString(),
    source: scope.rollupSafe ? ('rollup' as const) : ('facts' as const),
    totals: totalsOf(counters.total, backlog.total),
    byDay: eachDay(scope.from, scope.to).map((day) => {
      const d = byDay.get(day);
      return {
        day,
        created: d?.created ?? 0,
        resolved: d?.resolved ?? 0,
        slaMetOnTime: d?.slaMetOnTime ?? 0,
        slaBreached: d?.slaBreached ?? 0,
        onTimeRate: d ? rateOf(d.slaMetOnTime, d.slaMetOnTime + d.slaBreached) : null,
      };
    }),
    byType: counters.byType
      .map((t) => ({ key: t.typeKey, name: typeNames.get(t.typeKey) ?? t.typeKey, created: t.created, resolved: t.resolved }))
      .filter((t) => t.created + t.resolved > 0)
      .sort(byCreatedDesc),
    byChannel: counters.byChannel
      .map((c) => ({ key: c.channel, created: c.created, resolved: c.resolved }))
      .filter((c) => c.created + c.resolved > 0)
      .sort(byCreatedDesc),
    backlogByAge: AGE_BUCKETS.map((bucket: AgeBucket) => ({ bucket, count: backlog.byAge[bucket] })),
    workloadByPerson: busiest.map(([id, w]) => ({ userId: id, name: names.user(id) ?? '', open: w.open, resolvedInPeriod: w.resolved })),
    workloadByTeam: [...teams.entries()]
      .filter(([, t]) => t.created + t.resolved + t.open > 0)
      .map(([id, t]) => ({
        departmentId: id,
        name: names.department(id),
        created: t.created,
        resolvedInPeriod: t.resolved,
        open: t.open,
        onTimeRate: rateOf(t.met, t.met + t.breached),
      }))
      .sort((a, b) => b.open - a.open || b.created - a.created || String(a.departmentId).localeCompare(String(b.departmentId))),
  };
}
