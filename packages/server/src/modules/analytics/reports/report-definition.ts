import type { FieldError } from '../../../platform/http/problem.ts';
import { FIELD_DIMENSION_PREFIX, FIELD_MEASURE_PREFIXES, type ReportSubject, SUBJECT_CATALOGUE } from './subject-catalogue.ts';

export const REPORT_CHARTS = ['table', 'bar', 'line', 'pie', 'funnel', 'sankey', 'map'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];

export interface ReportCondition {
  dimension: string;
  values: string[];
}

/** What a report is: data, validated here, turned into SQL only by report-query-store.ts. */
export interface ReportDefinition {
  subject: ReportSubject;
  groupBy: string[];
  measures: string[];
  /** The shared analytics filter (period, department subtree, case type, product, channel, category). */
  filter?: { from?: string; to?: string; departmentId?: string; caseType?: string; product?: string; channel?: string; category?: string };
  /** The last N local days ending today, instead of a fixed from/to: what a schedule wants. */
  periodDays?: number;
  conditions?: ReportCondition[];
  chart: ReportChart;
  /** Rows shown at most (the total counts all). @default 100 */
  limit?: number;
}

/** A case-type field known to the catalogue: its value type decides whether it can be summed. */
export interface KnownField {
  key: string;
  type: string;
  /** The form's label (the first case type's). */
  label?: string;
  dataClass: string | null;
  caseTypes: string[];
}

const fieldKeyOfDimension = (key: string) => (key.startsWith(FIELD_DIMENSION_PREFIX) ? key.slice(FIELD_DIMENSION_PREFIX.length) : undefined);
export const fieldKeyOfMeasure = (key: string) => {
  const prefix = FIELD_MEASURE_PREFIXES.find((p) => key.startsWith(p));
  return prefix ? key.slice(prefix.length) : undefined;
};

/** The case field behind a dimension key (a catalogue dimension's or `field:<key>`), if any. */
export function fieldKeyBehindDimension(subject: ReportSubject, key: string): string | undefined {
  return fieldKeyOfDimension(key) ?? SUBJECT_CATALOGUE[subject].dimensions.find((d) => d.key === key)?.fieldKey;
}

function isKnownDimension(subject: ReportSubject, key: string, fields: ReadonlyMap<string, KnownField>): boolean {
  const fieldKey = fieldKeyOfDimension(key);
  if (fieldKey !== undefined) return subject === 'cases' && fields.has(fieldKey);
  return SUBJECT_CATALOGUE[subject].dimensions.some((d) => d.key === key);
}

function isKnownMeasure(subject: ReportSubject, key: string, fields: ReadonlyMap<string, KnownField>): boolean {
  const fieldKey = fieldKeyOfMeasure(key);
  if (fieldKey !== undefined) return subject === 'cases' && fields.get(fieldKey)?.type === 'number';
  return SUBJECT_CATALOGUE[subject].measures.some((m) => m.key === key);
}

/**
 * Every mistake of a definition at once, each naming its place (`definition.groupBy.1`): unknown
 * dimensions or measures, one used twice, and a chart its shape cannot draw (a Sankey needs two
 * dimensions, a map the region, a pie or funnel one dimension and one measure).
 */
export function checkReportDefinition(definition: ReportDefinition, fields: ReadonlyMap<string, KnownField>, at = 'definition'): FieldError[] {
  const errors: FieldError[] = [];
  const { subject, groupBy, measures, chart } = definition;
  groupBy.forEach((key, i) => {
    if (!isKnownDimension(subject, key, fields)) errors.push({ field: `${at}.groupBy.${i}`, reason: `no dimension ${key} for ${subject}` });
    else if (groupBy.indexOf(key) !== i) errors.push({ field: `${at}.groupBy.${i}`, reason: `${key} is grouped by twice` });
  });
  measures.forEach((key, i) => {
    if (!isKnownMeasure(subject, key, fields)) errors.push({ field: `${at}.measures.${i}`, reason: `no measure ${key} for ${subject}` });
    else if (measures.indexOf(key) !== i) errors.push({ field: `${at}.measures.${i}`, reason: `${key} is listed twice` });
  });
  (definition.conditions ?? []).forEach((c, i) => {
    if (!isKnownDimension(subject, c.dimension, fields)) errors.push({ field: `${at}.conditions.${i}.dimension`, reason: `no dimension ${c.dimension} for ${subject}` });
  });
  if (definition.periodDays !== undefined && (definition.filter?.from !== undefined || definition.filter?.to !== undefined)) {
    errors.push({ field: `${at}.periodDays`, reason: 'give either periodDays or filter.from/to, not both' });
  }
  const chartAt = `${at}.chart`;
  if (chart === 'sankey' && groupBy.length !== 2) errors.push({ field: chartAt, reason: 'a Sankey diagram needs exactly two group-by dimensions (from → to)' });
  if (chart === 'map' && (groupBy.length !== 1 || groupBy[0] !== 'region')) errors.push({ field: chartAt, reason: 'a map of China needs one group-by dimension: region' });
  if ((chart === 'pie' || chart === 'funnel') && (groupBy.length !== 1 || measures.length !== 1)) {
    errors.push({ field: chartAt, reason: `a ${chart} chart needs one group-by dimension and one measure` });
  }
  if ((chart === 'bar' || chart === 'line') && groupBy.length === 0) errors.push({ field: chartAt, reason: `a ${chart} chart needs at least one group-by dimension` });
  if ((chart === 'sankey' || chart === 'map') && measures.length !== 1) errors.push({ field: chartAt, reason: `a ${chart} chart shows one measure` });
  return errors;
}

/** Every case field a definition reads values of (group by, conditions, filter category/product, field measures). */
export function fieldsReadBy(definition: ReportDefinition): { fieldKey: string; at: string }[] {
  const used: { fieldKey: string; at: string }[] = [];
  definition.groupBy.forEach((key, i) => {
    const fieldKey = fieldKeyBehindDimension(definition.subject, key);
    if (fieldKey) used.push({ fieldKey, at: `definition.groupBy.${i}` });
  });
  (definition.conditions ?? []).forEach((c, i) => {
    const fieldKey = fieldKeyBehindDimension(definition.subject, c.dimension);
    if (fieldKey) used.push({ fieldKey, at: `definition.conditions.${i}.dimension` });
  });
  definition.measures.forEach((key, i) => {
    const fieldKey = fieldKeyOfMeasure(key);
    if (fieldKey) used.push({ fieldKey, at: `definition.measures.${i}` });
  });
  if (definition.filter?.category !== undefined) used.push({ fieldKey: 'category', at: 'definition.filter.category' });
  if (definition.filter?.product !== undefined) used.push({ fieldKey: 'product', at: 'definition.filter.product' });
  return used;
}
