import type { CommandContext } from '../../../platform/commands/index.ts';
import { parseInstantWithOffset } from '../../../platform/clock/iso-duration.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { assertAllowed, lookupNames } from '../../access/index.ts';
import { findCaseTypeNames, readableCaseDimensions } from '../../cases/index.ts';
import { slaReportProblems } from './problems.ts';
import { REPORT_GROUPINGS, type ReportGrouping } from './schemas.ts';
import { selectOnTimeFigures, type ReportFigureRow } from './store.ts';

const DAY_MS = 86_400_000;
/** Default period: the 30 days before `to`. */
export const DEFAULT_REPORT_DAYS = 30;
// A period is read in one query over the stopped/breached indexes; ten years bounds it.
const MAX_REPORT_DAYS = 3660;

export interface ReportQueryInput {
  groupBy?: string;
  from?: string;
  to?: string;
  caseType?: string;
  departmentId?: string;
  queue?: string;
}

export interface ReportPeriod {
  groupBy: ReportGrouping;
  from: Date;
  to: Date;
}

export function parseReportQuery(query: ReportQueryInput, now: Date): ReportPeriod {
  const errors: FieldError[] = [];
  const groupBy = (query.groupBy ?? 'caseType') as ReportGrouping;
  if (!REPORT_GROUPINGS.includes(groupBy)) errors.push({ field: 'groupBy', reason: `use one of ${REPORT_GROUPINGS.join(', ')}` });
  const instant = (field: 'from' | 'to', text: string | undefined): Date | undefined => {
    if (text === undefined) return undefined;
    const parsed = parseInstantWithOffset(text);
    if (!parsed.ok) errors.push({ field, reason: parsed.reason });
    return parsed.ok ? parsed.instant : undefined;
  };
  const to = instant('to', query.to) ?? now;
  const from = instant('from', query.from) ?? new Date(to.getTime() - DEFAULT_REPORT_DAYS * DAY_MS);
  if (errors.length === 0 && from.getTime() >= to.getTime()) errors.push({ field: 'to', reason: 'must be after from' });
  if (errors.length === 0 && to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) errors.push({ field: 'from', reason: `the period may be at most ${MAX_REPORT_DAYS} days` });
  if (errors.length > 0) throw slaReportProblems.validationFailed({ errors });
  return { groupBy, from, to };
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10000) / 10000);

function figuresOf(row: ReportFigureRow | undefined) {
  const r = row ?? {
    closed: 0,
    closedOnTime: 0,
    responded: 0,
    respondedOnTime: 0,
    breaches: 0,
    avgResolutionSeconds: null,
    p90ResolutionSeconds: null,
    avgFirstResponseSeconds: null,
    p90FirstResponseSeconds: null,
  };
  return {
    closed: r.closed,
    closedOnTime: r.closedOnTime,
    onTimeClosureRate: rate(r.closedOnTime, r.closed),
    responded: r.responded,
    respondedOnTime: r.respondedOnTime,
    firstResponseRate: rate(r.respondedOnTime, r.responded),
    breaches: r.breaches,
    avgResolutionSeconds: r.avgResolutionSeconds,
    p90ResolutionSeconds: r.p90ResolutionSeconds,
    avgFirstResponseSeconds: r.avgFirstResponseSeconds,
    p90FirstResponseSeconds: r.p90FirstResponseSeconds,
  };
}

export type OnTimeReport = Awaited<ReturnType<typeof readOnTimeReport>>;

/**
 * On-time figures of the reader's cases (the case list's record policy) over clocks stopped or
 * breached in [from, to): closure and first-response rates, breaches, average and p90 business time.
 */
export async function readOnTimeReport(ctx: CommandContext, query: ReportQueryInput) {
  assertAllowed(ctx.actor, 'sla:read');
  const { groupBy, from, to } = parseReportQuery(query, ctx.now);
  const cases = readableCaseDimensions(ctx, { caseType: query.caseType, departmentId: query.departmentId, queue: query.queue });
  const figures = await selectOnTimeFigures(ctx.tx, cases, groupBy, from, to);
  const groups = figures.filter((f) => !f.isTotal);
  const labelOf = await labeller(
    ctx,
    groupBy,
    groups.map((g) => g.key),
  );
  const rows = groups.map((g) => ({ key: g.key, label: labelOf(g.key), ...figuresOf(g) })).sort((a, b) => (a.label ?? '\uffff').localeCompare(b.label ?? '\uffff'));
  return { from: from.toISOString(), to: to.toISOString(), groupBy, rows, totals: figuresOf(figures.find((f) => f.isTotal)) };
}

async function labeller(ctx: CommandContext, groupBy: ReportGrouping, keys: (string | null)[]): Promise<(key: string | null) => string | null> {
  if (groupBy === 'caseType') {
    const names = await findCaseTypeNames(ctx);
    return (key) => (key === null ? null : (names.get(key) ?? key));
  }
  if (groupBy === 'department') {
    const names = await lookupNames(ctx.tx, [], keys);
    return (key) => (key === null ? null : (names.department(key) ?? key));
  }
  return (key) => key;
}
