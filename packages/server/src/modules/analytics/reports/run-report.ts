import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, Problem } from '../../../platform/http/problem.ts';
import { assertAllowed, lookupNames } from '../../access/index.ts';
import { type FormSchema, listFieldDefinitions } from '../../cases/index.ts';
import { analyticsProblems } from '../problems.ts';
import { type AnalyticsScope, localDateOf, resolveAnalyticsScope } from '../scope.ts';
import { readFieldForReports } from './field-reportability.ts';
import { checkReportDefinition, fieldsReadBy, type KnownField, type ReportDefinition } from './report-definition.ts';
import { queryReport } from './report-query-store.ts';
import { listCurrentCaseTypeSchemas } from './report-store.ts';
import { FIELD_DIMENSION_PREFIX, GROUPABLE_FIELD_TYPES, isDateDimension, SUBJECT_CATALOGUE } from './subject-catalogue.ts';

export const DEFAULT_REPORT_LIMIT = 100;

export interface ReportColumn {
  key: string;
  role: 'dimension' | 'measure';
  unit?: string;
}

export interface ReportResult {
  columns: ReportColumn[];
  /** Dimension values (`keys`, raw; `labels`, names for departments and people), then the measures. */
  rows: { keys: (string | null)[]; labels: (string | null)[]; values: (number | null)[] }[];
  /** Each measure over every row, not only those shown. */
  total: (number | null)[];
  /** More groups than `limit`: the biggest (or earliest, for dates) are shown. */
  truncated: boolean;
  period: { from: string; to: string };
}

/** Case-type fields by key, as reports know them (current version of each case type). */
export async function listKnownFields(ctx: CommandContext): Promise<Map<string, KnownField>> {
  const fields = new Map<string, KnownField>();
  for (const { key: caseType, schema } of await listCurrentCaseTypeSchemas(ctx.tx)) {
    let definitions: ReturnType<typeof listFieldDefinitions>;
    try {
      definitions = listFieldDefinitions(schema as FormSchema);
    } catch {
      continue;
    }
    for (const d of definitions) {
      if (!(GROUPABLE_FIELD_TYPES as readonly string[]).includes(d.type)) continue;
      const known = fields.get(d.key);
      if (known) {
        known.caseTypes.push(caseType);
        // One case type sealing the key seals the dimension: its values would mix clear and sealed.
        known.dataClass ??= d.dataClass;
      } else fields.set(d.key, { key: d.key, type: d.type, label: d.label, dataClass: d.dataClass, caseTypes: [caseType] });
    }
  }
  return fields;
}

/** The definition as the reader may run it: 400 for mistakes, 403 for a field they cannot read in clear. */
export function assertRunnable(ctx: CommandContext, definition: ReportDefinition, fields: ReadonlyMap<string, KnownField>): void {
  const errors = checkReportDefinition(definition, fields);
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  for (const { fieldKey, at } of fieldsReadBy(definition)) {
    const field = fields.get(fieldKey) ?? { key: fieldKey, type: 'select', dataClass: null, caseTypes: [] };
    const reading = readFieldForReports(ctx.actor.permissions, field);
    if (!reading.reportable) {
      throw analyticsProblems.fieldNotReportable({
        detail: reading.reason === 'sealed' ? `The field ${fieldKey} holds sealed personal data: no report groups, filters or exports it` : `You see the field ${fieldKey} masked or not at all`,
        field: at,
        fieldKey,
      });
    }
  }
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function scopeOf(ctx: CommandContext, definition: ReportDefinition): Promise<AnalyticsScope> {
  const filter = { ...(definition.filter ?? {}) };
  if (definition.periodDays !== undefined) {
    filter.to = localDateOf(ctx.now);
    filter.from = addDays(filter.to, -(definition.periodDays - 1));
  }
  try {
    return await resolveAnalyticsScope(ctx, filter);
  } catch (error) {
    // The shared scope names query parameters; a report's filter is in the body's definition.
    if (error instanceof Problem && Array.isArray(error.extensions.errors)) {
      const errors = (error.extensions.errors as { field: string; reason: string }[]).map((e) => ({ ...e, field: e.field.replace(/^querystring\./, 'definition.filter.') }));
      throw httpProblems.validationFailed({ errors });
    }
    throw error;
  }
}

/**
 * Runs a report definition for the reader of `ctx`: their record policy limits the rows (scope.ts),
 * their field policy the dimensions (403 analytics-field-not-reportable).
 */
export async function runReportDefinition(ctx: CommandContext, definition: ReportDefinition): Promise<ReportResult> {
  assertAllowed(ctx.actor, 'analytics:read');
  const fields = await listKnownFields(ctx);
  assertRunnable(ctx, definition, fields);
  const scope = await scopeOf(ctx, definition);
  const found = await queryReport(ctx.tx, scope, {
    subject: definition.subject,
    groupBy: definition.groupBy,
    measures: definition.measures,
    conditions: definition.conditions ?? [],
    dateDimensions: new Set(definition.groupBy.filter(isDateDimension)),
    limit: definition.limit ?? DEFAULT_REPORT_LIMIT,
  });
  const catalogue = SUBJECT_CATALOGUE[definition.subject];
  const kindOf = (key: string) => (key.startsWith(FIELD_DIMENSION_PREFIX) ? 'field' : catalogue.dimensions.find((d) => d.key === key)?.kind);
  const userDims = definition.groupBy.map((g) => kindOf(g) === 'user');
  const departmentDims = definition.groupBy.map((g) => kindOf(g) === 'department');
  const names = await lookupNames(
    ctx.tx,
    found.rows.flatMap((r) => r.keys.filter((_, i) => userDims[i])),
    found.rows.flatMap((r) => r.keys.filter((_, i) => departmentDims[i])),
  );
  return {
    columns: [
      ...definition.groupBy.map((key) => ({ key, role: 'dimension' as const })),
      ...definition.measures.map((key) => ({ key, role: 'measure' as const, unit: catalogue.measures.find((m) => m.key === key)?.unit ?? 'number' })),
    ],
    rows: found.rows.map((r) => ({
      keys: r.keys,
      labels: r.keys.map((k, i) => (userDims[i] ? names.user(k) : departmentDims[i] ? names.department(k) : k)),
      values: r.values,
    })),
    total: found.total,
    truncated: found.truncated,
    period: { from: scope.from, to: scope.to },
  };
}
