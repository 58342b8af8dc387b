import { type TSchema, Type } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { SPIKE_TESTS } from './spike-statistics.ts';
import { SPIKE_DIMENSIONS } from './spike-store.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const LocalDate = Type.String({ format: 'date' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const CaseTypeKey = Type.String({ minLength: 1, maxLength: 64 });

export const SpikeRuleIdParams = Type.Object({ id: Uuid });

/** A rule as written: every parameter of the detector, documented in docs/analytics/spike-warnings.md. */
export const SpikeRuleBody = Type.Object(
  {
    key: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Stable key (create only): lowercase letters, digits and hyphens' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    caseTypes: Type.Optional(Type.Array(CaseTypeKey, { minItems: 1, maxItems: 20, description: 'The case types counted', default: ['complaint'] })),
    dimension: StringEnum(SPIKE_DIMENSIONS, { description: 'category | product | branch (the owning department) | channel' }),
    windowDays: Type.Integer({ minimum: 1, maximum: 7, description: 'Local days in the window, ending with the day evaluated (1 = that day, 7 = that week)' }),
    baselineWeeks: Type.Integer({ minimum: 2, maximum: 26, description: 'The same window 1..N weeks earlier makes the baseline (same weekdays)' }),
    test: StringEnum(SPIKE_TESTS, { description: 'poisson: upper tail against the baseline mean; ewma: control limit of an EWMA chart' }),
    pValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 0.2, description: 'Poisson: a spike when P(X ≥ observed) is below this', default: 0.001 })),
    ewmaLambda: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'EWMA: weight of the newest window', default: 0.3 })),
    ewmaLimit: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10, description: 'EWMA: control limit in standard deviations (L)', default: 3 })),
    minCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Fewer cases in the window are never a spike', default: 5 })),
    routeCaseType: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The risk case type opened', default: 'complaint-spike' })),
    routeDepartmentId: Type.Optional(Nullable(Uuid)),
    routeQueue: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const SpikeRuleIfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

export const EvaluateSpikeRuleBody = Type.Object(
  {
    at: Type.Optional(Type.String({ format: 'date-time', description: 'Evaluate as at this instant (default: now); its local day ends the window' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'true: report only, open no risk case', default: false })),
  },
  { additionalProperties: false },
);

export const SpikeListQuery = Type.Object({
  ruleId: Type.Optional(Uuid),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

const SeriesPoint = Type.Object({ day: LocalDate, count: Type.Integer() });

const AnalyticsSpikeRule = Type.Object(
  {
    id: Uuid,
    key: Type.String(),
    name: Type.String(),
    caseTypes: Type.Array(Type.String()),
    dimension: StringEnum(SPIKE_DIMENSIONS),
    windowDays: Type.Integer(),
    baselineWeeks: Type.Integer(),
    test: StringEnum(SPIKE_TESTS),
    pValue: Type.Number(),
    ewmaLambda: Type.Number(),
    ewmaLimit: Type.Number(),
    minCount: Type.Integer(),
    routeCaseType: Type.String(),
    routeDepartmentId: Nullable(Uuid),
    routeQueue: Nullable(Type.String()),
    enabled: Type.Boolean(),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'AnalyticsSpikeRule' },
);

const AnalyticsSpikeRuleList = Type.Object({ items: Type.Array(Type.Ref('AnalyticsSpikeRule')) }, { $id: 'AnalyticsSpikeRuleList' });

const SpikeRef = Type.Object({ id: Uuid, caseId: Uuid, caseNumber: Type.String(), opened: Type.Boolean({ description: 'false: reported by an earlier evaluation' }) });

const AnalyticsSpikeEvaluation = Type.Object(
  {
    ruleId: Uuid,
    ruleKey: Type.String(),
    at: DateTime,
    windowStart: LocalDate,
    windowEnd: LocalDate,
    baselineStart: LocalDate,
    results: Type.Array(
      Type.Object({
        value: Type.String(),
        label: Type.String(),
        observed: Type.Integer(),
        baseline: Type.Array(Type.Integer(), { description: 'The baseline windows’ counts, oldest first' }),
        baselineMean: Type.Number(),
        threshold: Type.Number({ description: 'The smallest count that would have been significant' }),
        pValue: Nullable(Type.Number()),
        ewma: Type.Optional(Type.Object({ statistic: Type.Number(), upperControlLimit: Type.Number(), sigma: Type.Number() })),
        significant: Type.Boolean(),
        series: Type.Array(SeriesPoint),
        spike: Type.Optional(SpikeRef),
      }),
    ),
  },
  { $id: 'AnalyticsSpikeEvaluation' },
);

const AnalyticsSpike = Type.Object(
  {
    id: Uuid,
    ruleId: Nullable(Uuid),
    ruleKey: Type.String(),
    ruleName: Nullable(Type.String()),
    dimension: StringEnum(SPIKE_DIMENSIONS),
    value: Type.String(),
    label: Type.String(),
    windowStart: LocalDate,
    windowEnd: LocalDate,
    observed: Type.Integer(),
    baselineMean: Type.Number(),
    threshold: Type.Number(),
    pValue: Nullable(Type.Number()),
    test: StringEnum(SPIKE_TESTS),
    baseline: Type.Array(Type.Integer()),
    series: Type.Array(SeriesPoint),
    exampleCaseNumbers: Type.Array(Type.String()),
    caseId: Uuid,
    caseNumber: Type.String(),
    detectedAt: DateTime,
  },
  { $id: 'AnalyticsSpike' },
);

const AnalyticsSpikeList = Type.Object({ items: Type.Array(Type.Ref('AnalyticsSpike')), nextCursor: Type.Optional(Type.String()) }, { $id: 'AnalyticsSpikeList' });

/** The spikes part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const spikeSchemas: TSchema[] = [AnalyticsSpikeRule, AnalyticsSpikeRuleList, AnalyticsSpikeEvaluation, AnalyticsSpike, AnalyticsSpikeList];
