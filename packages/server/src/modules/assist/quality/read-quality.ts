import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed, compileCaseFilter, lookupNames } from '../../access/index.ts';
import { findCaseHeadings, findCaseTypeNames, readCase, visibilityCondition } from '../../cases/index.ts';
import { QUALITY_CHECKS, type Finding } from './checks.ts';
import type { CaseQuality, QualityListQuery, QualitySummary, QualitySummaryQuery } from './schemas.ts';
import { countFindingsByWeek, findCurrentInspection, findFindingsOf, listInspectionsWithFindings, type StoredFinding } from './store.ts';

const DAY_MS = 86_400_000;
const MAX_SUMMARY_DAYS = 366;

const presentFinding = (f: Finding | StoredFinding) => ({ check: f.check, severity: f.severity, confidence: f.confidence, detail: f.detail });

/** The reader's record scope over cases.case, as the case lists apply it. */
const readableCases = (ctx: CommandContext) => visibilityCondition(compileCaseFilter(ctx.actor, 'case:read'));

/** The case's current inspection: assist:quality (403) and read access to the case (404). */
export async function readCaseQuality(ctx: CommandContext, caseId: string): Promise<CaseQuality> {
  assertAllowed(ctx.actor, 'assist:quality');
  await readCase(ctx, caseId);
  const inspection = await findCurrentInspection(ctx.tx, caseId);
  if (!inspection) return { caseId, inspection: null };
  const findings = await findFindingsOf(ctx.tx, [inspection.id]);
  const names = await lookupNames(ctx.tx, [inspection.inspectedBy]);
  return {
    caseId,
    inspection: {
      id: inspection.id,
      trigger: inspection.trigger,
      inspectedAt: inspection.inspectedAt.toISOString(),
      inspectedBy: { id: inspection.inspectedBy, name: names.user(inspection.inspectedBy) },
      modelVersion: inspection.modelVersion,
      findings: findings.map(presentFinding),
    },
  };
}

function startOfDay(date: string, field: string): Date {
  const at = new Date(`${date}T00:00:00Z`);
  // PostgreSQL has no year 0, and no inspection predates Docket: far years are refused, not sent.
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970 || at.getUTCFullYear() > 9999) {
    throw httpProblems.validationFailed({ errors: [{ field, reason: 'must be a date YYYY-MM-DD between 1970 and 9999' }] });
  }
  return at;
}

function periodOf(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const start = from === undefined ? undefined : startOfDay(from, 'querystring.from');
  const end = to === undefined ? undefined : new Date(startOfDay(to, 'querystring.to').getTime() + DAY_MS);
  if (start && end && end <= start) throw httpProblems.validationFailed({ errors: [{ field: 'querystring.to', reason: 'must not be before from' }] });
  return { from: start, to: end };
}

function encodeCursor(row: { inspectedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.inspectedAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursorOrThrow(cursor: string): { inspectedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const inspectedAt = new Date(at);
    if (Number.isNaN(inspectedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { inspectedAt, id };
  } catch {
    throw httpProblems.validationFailed({ errors: [{ field: 'querystring.cursor', reason: 'is not a cursor this list returned' }] });
  }
}

/**
 * The supervisor's list: cases whose current inspection found something, newest first, only
 * cases the reader may read (the case list's own predicate), with their findings.
 */
export async function listQualityFindings(ctx: CommandContext, q: QualityListQuery) {
  assertAllowed(ctx.actor, 'assist:quality');
  const limit = q.limit ?? 50;
  const period = periodOf(q.from, q.to);
  const rows = await listInspectionsWithFindings(ctx.tx, {
    readable: readableCases(ctx),
    check: q.check,
    caseType: q.caseType,
    ...period,
    after: q.cursor ? decodeCursorOrThrow(q.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const findings = await findFindingsOf(
    ctx.tx,
    page.map((r) => r.id),
  );
  const headings = await findCaseHeadings(
    ctx,
    page.map((r) => r.caseId),
  );
  const typeNames = await findCaseTypeNames(ctx);
  const items = page.map((r) => {
    const own = findings.filter((f) => f.inspectionId === r.id);
    const heading = headings.get(r.caseId);
    return {
      caseId: r.caseId,
      number: heading?.number ?? '',
      title: heading?.title ?? null,
      caseType: r.caseTypeKey,
      caseTypeName: typeNames.get(r.caseTypeKey) ?? null,
      inspectionId: r.id,
      trigger: r.trigger,
      inspectedAt: r.inspectedAt.toISOString(),
      checks: [...new Set(own.map((f) => f.check))],
      findings: own.map(presentFinding),
    };
  });
  return { items, ...(rows.length > limit ? { nextCursor: encodeCursor({ inspectedAt: page.at(-1)!.inspectedAt, id: page.at(-1)!.id }) } : {}) };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Mondays (UTC) from the week of `from` to the week of the last day before `to`. */
function weeksBetween(from: Date, to: Date): string[] {
  const monday = new Date(from.getTime() - ((from.getUTCDay() + 6) % 7) * DAY_MS);
  const weeks: string[] = [];
  for (let at = monday; at < to; at = new Date(at.getTime() + 7 * DAY_MS)) weeks.push(isoDay(at));
  return weeks;
}

/** Cases with findings per check per week, for the chart in analytics. */
export async function summariseQuality(ctx: CommandContext, q: QualitySummaryQuery): Promise<QualitySummary> {
  assertAllowed(ctx.actor, 'assist:quality');
  const { from, to } = periodOf(q.from, q.to) as { from: Date; to: Date };
  if ((to.getTime() - from.getTime()) / DAY_MS > MAX_SUMMARY_DAYS) {
    throw httpProblems.validationFailed({ errors: [{ field: 'querystring.to', reason: `must be at most ${MAX_SUMMARY_DAYS} days after from` }] });
  }
  const counts = await countFindingsByWeek(ctx.tx, { readable: readableCases(ctx), from, to });
  return { from: q.from, to: q.to, weeks: weeksBetween(from, to), checks: [...QUALITY_CHECKS], counts };
}
