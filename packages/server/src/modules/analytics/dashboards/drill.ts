import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { listCasesByIds, presentCases } from '../../cases/index.ts';
import { type AnalyticsFilter, resolveAnalyticsScope } from '../scope.ts';
import { type DrillKeyset, type DrillQuery, listDrillCaseIds } from './dashboard-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeDrillCursor(row: { id: string; createdAt: Date }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

/** A forged cursor is a 400 naming the field here, not a failed ::timestamptz cast (500) in SQL. */
export function decodeDrillCursor(cursor: string): DrillKeyset {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof id !== 'string' || !UUID.test(id) || typeof createdAt !== 'string' || new Date(createdAt).toISOString() !== createdAt) throw new Error('bad');
    return { createdAt, id };
  } catch {
    throw httpProblems.validationFailed({ errors: [{ field: 'querystring.cursor', reason: 'use the nextCursor of the previous page' }] });
  }
}

/** Bucket keys that do not belong to the metric would silently widen or empty the list: refuse them. */
function checkDrillQuery(query: DrillQuery, period: { from: string; to: string }): void {
  const errors: { field: string; reason: string }[] = [];
  if (query.metric === 'backlog' && query.day !== undefined) errors.push({ field: 'querystring.day', reason: 'the backlog is the unfinished cases now; it has no day' });
  if (query.metric !== 'backlog' && query.ageBucket !== undefined) errors.push({ field: 'querystring.ageBucket', reason: 'only with metric=backlog' });
  if (query.day !== undefined && (query.day < period.from || query.day > period.to)) {
    errors.push({ field: 'querystring.day', reason: `must lie within the period ${period.from}…${period.to}` });
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
}

/**
 * The cases behind a dashboard figure, cursor-paged, newest first: the same scope and the same
 * condition the figure counted, presented as the case list presents them (masking included).
 */
export async function drillIntoFigure(ctx: CommandContext, filter: AnalyticsFilter, query: DrillQuery, page: { cursor?: string; limit: number }) {
  assertAllowed(ctx.actor, 'analytics:read');
  const scope = await resolveAnalyticsScope(ctx, filter);
  checkDrillQuery(query, scope);
  const after = page.cursor === undefined ? undefined : decodeDrillCursor(page.cursor);
  const rows = await listDrillCaseIds(ctx.tx, scope, query, ctx.now, after, page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  // The read model may trail the domain by a moment: a case the reader no longer reaches is left out here.
  const cases = await listCasesByIds(
    ctx,
    pageRows.map((r) => r.id),
  );
  return {
    items: await presentCases(ctx, cases),
    nextCursor: rows.length > page.limit ? encodeDrillCursor(pageRows[pageRows.length - 1]!) : null,
    period: { from: scope.from, to: scope.to },
  };
}
