import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed, compileCaseFilter, isAllowed } from '../../access/index.ts';
import { visibilityCondition } from '../../cases/index.ts';
import type { SpikeTest } from './spike-statistics.ts';
import { listSpikes, type SpikeRow } from './spike-store.ts';

export interface SpikeView {
  id: string;
  ruleId: string | null;
  ruleKey: string;
  ruleName: string | null;
  dimension: SpikeRow['dimension'];
  value: string;
  label: string;
  windowStart: string;
  windowEnd: string;
  observed: number;
  baselineMean: number;
  threshold: number;
  pValue: number | null;
  test: SpikeTest;
  baseline: number[];
  series: { day: string; count: number }[];
  exampleCaseNumbers: string[];
  caseId: string;
  caseNumber: string;
  detectedAt: string;
}

interface StoredEvidence {
  label?: string;
  test?: SpikeTest;
  baseline?: number[];
  series?: { day: string; count: number }[];
  exampleCaseNumbers?: string[];
}

function presentSpike(row: SpikeRow): SpikeView {
  const evidence = (row.evidence ?? {}) as StoredEvidence;
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleKey: row.ruleKey,
    ruleName: row.ruleName,
    dimension: row.dimension,
    value: row.dimensionValue,
    label: evidence.label ?? row.dimensionValue,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    observed: row.observed,
    baselineMean: row.baselineMean,
    threshold: row.threshold,
    pValue: row.pValue,
    test: evidence.test ?? 'poisson',
    baseline: evidence.baseline ?? [],
    series: evidence.series ?? [],
    exampleCaseNumbers: evidence.exampleCaseNumbers ?? [],
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    detectedAt: row.detectedAt.toISOString(),
  };
}

function encodeCursor(row: SpikeRow): string {
  return Buffer.from(JSON.stringify([row.detectedAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursorOrThrow(cursor: string): { detectedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const detectedAt = new Date(at);
    if (Number.isNaN(detectedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { detectedAt, id };
  } catch {
    throw httpProblems.validationFailed({ errors: [{ field: 'querystring.cursor', reason: 'is not a cursor this list returned' }] });
  }
}

/**
 * Spikes newest first. An administrator of spike rules sees every one (counts, dates and case
 * numbers, no field values); any other reader sees the spikes whose risk case they may read, by
 * the case list's own predicate: a branch reader does not learn of another desk's warnings.
 */
export async function listReadableSpikes(ctx: CommandContext, q: { ruleId?: string; cursor?: string; limit?: number }): Promise<{ items: SpikeView[]; nextCursor?: string }> {
  assertAllowed(ctx.actor, 'analytics:read');
  const limit = q.limit ?? 50;
  const readableCases = isAllowed(ctx.actor, 'analytics:admin') ? undefined : visibilityCondition(compileCaseFilter(ctx.actor, 'case:read'));
  const rows = await listSpikes(ctx.tx, { ruleId: q.ruleId, readableCases, after: q.cursor ? decodeCursorOrThrow(q.cursor) : undefined, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return { items: page.map(presentSpike), ...(rows.length > limit ? { nextCursor: encodeCursor(page[page.length - 1]!) } : {}) };
}
