import { type TSchema, Type } from '@sinclair/typebox';
import { AnalyticsFilterQuery } from '../filter.ts';
import { AGE_BUCKETS, DRILL_METRICS } from './dashboard-store.ts';

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'A fraction 0–1; null when nothing was counted' });
const Count = Type.Integer({ minimum: 0 });
const LocalDate = Type.String({ format: 'date' });
const Period = Type.Object({ from: LocalDate, to: LocalDate }, { description: 'Local dates, both inclusive' });
const Source = Type.Union([Type.Literal('rollup'), Type.Literal('facts')], {
  description: 'rollup: from the daily rollups (the reader’s policy is department/type/sensitivity only); facts: from case facts',
});

const AnalyticsTotals = Type.Object(
  {
    created: Type.Integer({ description: 'Cases created in the period' }),
    resolved: Type.Integer({ description: 'Cases whose current resolution falls in the period' }),
    backlog: Type.Union([Count, Type.Null()], { description: 'Unfinished cases now, whatever the period (null for a previous period)' }),
    slaMetOnTime: Type.Integer({ description: 'SLA targets met on time, of the cases created in the period' }),
    slaBreached: Type.Integer({ description: 'SLA targets breached, of the cases created in the period' }),
    onTimeRate: Rate,
    firstContactResolved: Type.Integer(),
    firstContactResolutionRate: Rate,
    reopened: Type.Integer({ description: 'Of the cases resolved in the period, those reopened at least once' }),
    reopenRate: Rate,
    satisfactionAverage: Type.Union([Type.Number({ minimum: 1, maximum: 5 }), Type.Null()], { description: 'Follow-up ratings 1–5 of the cases created in the period' }),
    satisfactionCount: Count,
  },
  { $id: 'AnalyticsTotals' },
);

const AnalyticsDashboard = Type.Object(
  {
    period: Period,
    asOf: Type.String({ format: 'date-time' }),
    source: Source,
    totals: Type.Ref('AnalyticsTotals'),
    byDay: Type.Array(Type.Object({ day: LocalDate, created: Count, resolved: Count, slaMetOnTime: Count, slaBreached: Count, onTimeRate: Rate }), {
      description: 'Every day of the period; created and SLA by the creation day, resolved by the day of the current resolution',
    }),
    byType: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), created: Count, resolved: Count })),
    byChannel: Type.Array(Type.Object({ key: Type.String({ description: "The channel's key; '' when the case has none" }), created: Count, resolved: Count })),
    backlogByAge: Type.Array(Type.Object({ bucket: Type.Union(AGE_BUCKETS.map((b) => Type.Literal(b))), count: Count })),
    workloadByPerson: Type.Array(Type.Object({ userId: Type.String({ format: 'uuid' }), name: Type.String(), open: Count, resolvedInPeriod: Count }), {
      description: 'The busiest 100 people: unfinished cases assigned now, cases resolved in the period by their assignee',
    }),
    workloadByTeam: Type.Array(
      Type.Object({
        departmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
        name: Type.Union([Type.String(), Type.Null()]),
        created: Count,
        resolvedInPeriod: Count,
        open: Count,
        onTimeRate: Rate,
      }),
    ),
  },
  { $id: 'AnalyticsDashboard' },
);

const CockpitAlert = Type.Union([
  Type.Object({ kind: Type.Literal('sla-breaches'), breaches: Count, previous: Count }),
  Type.Object({ kind: Type.Literal('backlog-growth'), growth: Type.Integer(), backlog: Count }),
  Type.Object({ kind: Type.Literal('on-time-drop'), current: Type.Number(), previous: Type.Number() }),
]);

const CockpitUnit = Type.Object({
  departmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null: the whole bank' }),
  name: Type.Union([Type.String(), Type.Null()]),
  current: Type.Ref('AnalyticsTotals'),
  previous: Type.Ref('AnalyticsTotals'),
  backlogGrowth: Type.Integer({ description: 'Created minus resolved in the period' }),
  alerts: Type.Array(CockpitAlert),
});

const AnalyticsCockpit = Type.Object(
  {
    period: Period,
    previousPeriod: Period,
    asOf: Type.String({ format: 'date-time' }),
    source: Source,
    overall: CockpitUnit,
    units: Type.Array(CockpitUnit, { description: 'The child departments, each with its subtree' }),
  },
  { $id: 'AnalyticsCockpit' },
);

const AnalyticsDrillPage = Type.Object(
  {
    items: Type.Array(Type.Ref('Case')),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    period: Period,
  },
  { $id: 'AnalyticsDrillPage' },
);

export const AnalyticsDrillQuery = Type.Object({
  ...AnalyticsFilterQuery.properties,
  metric: Type.Union(
    DRILL_METRICS.map((m) => Type.Literal(m)),
    { description: 'The figure: created, resolved, first-contact-resolved, reopened, rated (satisfaction), sla-met, sla-breached, backlog' },
  ),
  day: Type.Optional(Type.String({ format: 'date', description: 'Only the cases counted on this local day of the period' })),
  ageBucket: Type.Optional(
    Type.Union(
      AGE_BUCKETS.map((b) => Type.Literal(b)),
      { description: 'With metric=backlog: the age bucket' },
    ),
  ),
  assigneeId: Type.Optional(Type.String({ format: 'uuid', description: 'A workload-per-person row' })),
  teamId: Type.Optional(Type.String({ format: 'uuid', description: 'A workload-per-team row: exactly this department' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

/** The dashboards part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const dashboardSchemas: TSchema[] = [AnalyticsTotals, AnalyticsDashboard, AnalyticsCockpit, AnalyticsDrillPage];
