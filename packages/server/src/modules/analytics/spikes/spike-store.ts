import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { ANALYTICS_TIME_ZONE } from '../scope.ts';
import type { SpikeTest } from './spike-statistics.ts';

// Every SQL statement on analytics.spike_rule and analytics.spike, and the detector's reads of
// the read model (analytics.case_daily, analytics.case_fact).

export const SPIKE_DIMENSIONS = ['category', 'product', 'branch', 'channel'] as const;
export type SpikeDimension = (typeof SPIKE_DIMENSIONS)[number];

export interface SpikeRuleRow {
  id: string;
  key: string;
  name: string;
  caseTypes: string[];
  dimension: SpikeDimension;
  windowDays: number;
  baselineWeeks: number;
  test: SpikeTest;
  pValue: number;
  ewmaLambda: number;
  ewmaLimit: number;
  minCount: number;
  routeCaseType: string;
  routeDepartmentId: string | null;
  routeQueue: string | null;
  enabled: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type SpikeRuleValues = Omit<SpikeRuleRow, 'id' | 'key' | 'version' | 'createdAt' | 'updatedAt'>;

const RULE_COLUMNS = sql`id, key, name, case_types AS "caseTypes", dimension, window_days AS "windowDays", baseline_weeks AS "baselineWeeks", test,
  p_value AS "pValue", ewma_lambda AS "ewmaLambda", ewma_limit AS "ewmaLimit", min_count AS "minCount", route_case_type AS "routeCaseType",
  route_department_id AS "routeDepartmentId", route_queue AS "routeQueue", enabled, version, created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function listSpikeRules(tx: Tx | Db, options: { enabledOnly?: boolean } = {}): Promise<SpikeRuleRow[]> {
  const where = options.enabledOnly ? sql`WHERE enabled` : sql``;
  return (await sql<SpikeRuleRow>`SELECT ${RULE_COLUMNS} FROM analytics.spike_rule ${where} ORDER BY key`.execute(tx)).rows;
}

export async function findSpikeRule(tx: Tx | Db, id: string): Promise<SpikeRuleRow | undefined> {
  return (await sql<SpikeRuleRow>`SELECT ${RULE_COLUMNS} FROM analytics.spike_rule WHERE id = ${id}::uuid`.execute(tx)).rows[0];
}

export async function isSpikeRuleKeyTaken(tx: Tx, key: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM analytics.spike_rule WHERE key = ${key}`.execute(tx)).rows.length > 0;
}

export async function insertSpikeRule(tx: Tx, rule: { id: string; key: string; values: SpikeRuleValues; by: string; now: Date }): Promise<void> {
  const v = rule.values;
  await sql`INSERT INTO analytics.spike_rule (id, key, name, case_types, dimension, window_days, baseline_weeks, test, p_value, ewma_lambda, ewma_limit,
      min_count, route_case_type, route_department_id, route_queue, enabled, created_at, created_by, updated_at, updated_by)
    VALUES (${rule.id}::uuid, ${rule.key}, ${v.name}, ${v.caseTypes}::text[], ${v.dimension}, ${v.windowDays}, ${v.baselineWeeks}, ${v.test}, ${v.pValue},
      ${v.ewmaLambda}, ${v.ewmaLimit}, ${v.minCount}, ${v.routeCaseType}, ${v.routeDepartmentId}::uuid, ${v.routeQueue}, ${v.enabled},
      ${rule.now}, ${rule.by}::uuid, ${rule.now}, ${rule.by}::uuid)`.execute(tx);
}

/** Updates the rule if it is still at `version`; false when it moved on (or is gone). */
export async function updateSpikeRule(tx: Tx, id: string, version: number, values: SpikeRuleValues, by: string, now: Date): Promise<boolean> {
  const v = values;
  const result = await sql`UPDATE analytics.spike_rule SET name = ${v.name}, case_types = ${v.caseTypes}::text[], dimension = ${v.dimension},
      window_days = ${v.windowDays}, baseline_weeks = ${v.baselineWeeks}, test = ${v.test}, p_value = ${v.pValue}, ewma_lambda = ${v.ewmaLambda},
      ewma_limit = ${v.ewmaLimit}, min_count = ${v.minCount}, route_case_type = ${v.routeCaseType}, route_department_id = ${v.routeDepartmentId}::uuid,
      route_queue = ${v.routeQueue}, enabled = ${v.enabled}, version = version + 1, updated_at = ${now}, updated_by = ${by}::uuid
    WHERE id = ${id}::uuid AND version = ${version}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

export async function deleteSpikeRule(tx: Tx, id: string, version: number): Promise<boolean> {
  const result = await sql`DELETE FROM analytics.spike_rule WHERE id = ${id}::uuid AND version = ${version}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** Evaluations of one rule wait for each other (across processes): "once per spike" is decided under this lock. */
export async function lockSpikeRuleEvaluation(tx: Tx, ruleKey: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`analytics-spike:${ruleKey}`}))`.execute(tx);
}

// The rollup column of each dimension; a branch is the case's owning department.
const DIMENSION_COLUMN: Record<SpikeDimension, string> = { category: 'category', product: 'product', branch: 'department_id', channel: 'channel' };

function dimensionValue(dimension: SpikeDimension): Expression<string> {
  return dimension === 'branch' ? sql<string>`department_id::text` : sql<string>`${sql.ref(DIMENSION_COLUMN[dimension])}`;
}

function hasDimensionValue(dimension: SpikeDimension): Expression<SqlBool> {
  return dimension === 'branch' ? sql<SqlBool>`department_id IS NOT NULL` : sql<SqlBool>`${sql.ref(DIMENSION_COLUMN[dimension])} <> ''`;
}

export interface DailyCount {
  value: string;
  day: string;
  created: number;
}

/**
 * Cases created per local day and dimension value, of the given types, between two local dates
 * (inclusive), over every department: the bank's own watch, no reader's policy. Reads the rollup
 * (a few thousand rows for 9 weeks), never the facts.
 */
export async function countCreatedByDay(tx: Tx | Db, q: { caseTypes: string[]; dimension: SpikeDimension; from: string; to: string }): Promise<DailyCount[]> {
  const value = dimensionValue(q.dimension);
  const rows = await sql<DailyCount>`
    SELECT ${value} AS value, day::text AS day, sum(created)::int AS created
      FROM analytics.case_daily
     WHERE day BETWEEN ${q.from}::date AND ${q.to}::date AND type_key = ANY(${q.caseTypes}::text[]) AND ${hasDimensionValue(q.dimension)}
     GROUP BY 1, 2
    HAVING sum(created) > 0`.execute(tx);
  return rows.rows;
}

/** The newest case numbers behind a window's count: the evidence names cases, never their contents. */
export async function findExampleCaseNumbers(tx: Tx | Db, q: { caseTypes: string[]; dimension: SpikeDimension; value: string; from: string; toExclusive: string; limit: number }): Promise<string[]> {
  const rows = await sql<{ number: string }>`
    SELECT number FROM analytics.case_fact
     WHERE type_key = ANY(${q.caseTypes}::text[]) AND ${dimensionValue(q.dimension)} = ${q.value}
       AND created_at >= (${q.from}::date)::timestamp AT TIME ZONE ${ANALYTICS_TIME_ZONE}
       AND created_at < (${q.toExclusive}::date)::timestamp AT TIME ZONE ${ANALYTICS_TIME_ZONE}
     ORDER BY created_at DESC, number DESC
     LIMIT ${q.limit}`.execute(tx);
  return rows.rows.map((r) => r.number);
}

export async function findDepartmentNames(tx: Tx | Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }>`SELECT id::text AS id, name FROM access.department WHERE id = ANY(${ids}::uuid[])`.execute(tx);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}

export interface SpikeRow {
  id: string;
  ruleId: string | null;
  ruleKey: string;
  ruleName: string | null;
  dimension: SpikeDimension;
  dimensionValue: string;
  windowStart: string;
  windowEnd: string;
  observed: number;
  baselineMean: number;
  threshold: number;
  pValue: number | null;
  evidence: unknown;
  caseId: string;
  caseNumber: string;
  detectedAt: Date;
}

const SPIKE_COLUMNS = sql`s.id, s.rule_id AS "ruleId", s.rule_key AS "ruleKey", r.name AS "ruleName", s.dimension, s.dimension_value AS "dimensionValue",
  s.window_start::text AS "windowStart", s.window_end::text AS "windowEnd", s.observed, s.baseline_mean AS "baselineMean", s.threshold,
  s.p_value AS "pValue", s.evidence, s.case_id AS "caseId", c.number AS "caseNumber", s.detected_at AS "detectedAt"`;

/** A spike already reported for this rule and value whose window overlaps [from, to]. */
export async function findOverlappingSpike(tx: Tx, q: { ruleKey: string; dimension: SpikeDimension; value: string; from: string; to: string }): Promise<SpikeRow | undefined> {
  const rows = await sql<SpikeRow>`
    SELECT ${SPIKE_COLUMNS} FROM analytics.spike s JOIN cases.case c ON c.id = s.case_id LEFT JOIN analytics.spike_rule r ON r.id = s.rule_id
     WHERE s.rule_key = ${q.ruleKey} AND s.dimension = ${q.dimension} AND s.dimension_value = ${q.value}
       AND s.window_start <= ${q.to}::date AND s.window_end >= ${q.from}::date
     ORDER BY s.window_end DESC LIMIT 1`.execute(tx);
  return rows.rows[0];
}

export async function insertSpike(tx: Tx, s: Omit<SpikeRow, 'ruleName' | 'caseNumber' | 'detectedAt'> & { detectedAt: Date }): Promise<void> {
  await sql`INSERT INTO analytics.spike (id, rule_id, rule_key, dimension, dimension_value, window_start, window_end, observed, baseline_mean, threshold, p_value, evidence, case_id, detected_at)
    VALUES (${s.id}::uuid, ${s.ruleId}::uuid, ${s.ruleKey}, ${s.dimension}, ${s.dimensionValue}, ${s.windowStart}::date, ${s.windowEnd}::date, ${s.observed},
      ${s.baselineMean}, ${s.threshold}, ${s.pValue}, ${JSON.stringify(s.evidence)}::jsonb, ${s.caseId}::uuid, ${s.detectedAt})`.execute(tx);
}

/**
 * Spikes newest first, keyset-paged. `readableCases`: when given, only spikes whose risk case
 * satisfies it (the case list's predicate over cases.case, so its columns resolve there).
 */
export async function listSpikes(tx: Tx | Db, q: { ruleId?: string; readableCases?: Expression<SqlBool>; after?: { detectedAt: Date; id: string }; limit: number }): Promise<SpikeRow[]> {
  const parts: Expression<SqlBool>[] = [sql<SqlBool>`TRUE`];
  if (q.ruleId !== undefined) parts.push(sql<SqlBool>`s.rule_id = ${q.ruleId}::uuid`);
  if (q.readableCases !== undefined) parts.push(sql<SqlBool>`s.case_id IN (SELECT id FROM cases.case WHERE ${q.readableCases})`);
  if (q.after !== undefined) parts.push(sql<SqlBool>`(s.detected_at, s.id) < (${q.after.detectedAt}, ${q.after.id}::uuid)`);
  const rows = await sql<SpikeRow>`
    SELECT ${SPIKE_COLUMNS} FROM analytics.spike s JOIN cases.case c ON c.id = s.case_id LEFT JOIN analytics.spike_rule r ON r.id = s.rule_id
     WHERE ${sql.join(parts, sql` AND `)}
     ORDER BY s.detected_at DESC, s.id DESC LIMIT ${q.limit}`.execute(tx);
  return rows.rows;
}
