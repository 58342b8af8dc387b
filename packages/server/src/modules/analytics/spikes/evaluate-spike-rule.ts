import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { createCase } from '../../cases/index.ts';
import { localDateOf } from '../scope.ts';
import { type SpikeVerdict, testSpike } from './spike-statistics.ts';
import { countCreatedByDay, findDepartmentNames, findExampleCaseNumbers, findOverlappingSpike, insertSpike, lockSpikeRuleEvaluation, type SpikeRuleRow } from './spike-store.ts';

const EXAMPLE_CASES = 10;

/** One dimension value's window, its weekday-aligned baseline and the test's verdict. */
export interface SpikeValueResult extends SpikeVerdict {
  value: string;
  /** The department's name for a branch; the code itself otherwise (the console labels codes). */
  label: string;
  /** The baseline windows' counts, oldest first (window shifted back N, N−1, … 1 weeks). */
  baseline: number[];
  /** Cases per local day from the oldest baseline day to the window's end. */
  series: { day: string; count: number }[];
  /** The spike this result was reported as, when significant (now or by an earlier evaluation). */
  spike?: { id: string; caseId: string; caseNumber: string; opened: boolean };
}

export interface SpikeEvaluation {
  ruleId: string;
  ruleKey: string;
  at: Date;
  windowStart: string;
  windowEnd: string;
  baselineStart: string;
  results: SpikeValueResult[];
}

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/**
 * The window is the rule's `windowDays` local days ending with the day of `at` (that day counts
 * up to `at`: a spike is seen the day it happens, and a partial day only understates it). The
 * baseline is the same window 1..baselineWeeks weeks earlier: the same weekdays, so a Monday is
 * compared with Mondays.
 */
export async function computeSpikeEvaluation(db: Db | Tx, rule: SpikeRuleRow, at: Date): Promise<SpikeEvaluation> {
  const windowEnd = localDateOf(at);
  const windowStart = addDays(windowEnd, -(rule.windowDays - 1));
  const baselineStart = addDays(windowStart, -7 * rule.baselineWeeks);
  const counts = await countCreatedByDay(db, { caseTypes: rule.caseTypes, dimension: rule.dimension, from: baselineStart, to: windowEnd });
  const byValue = new Map<string, Map<string, number>>();
  for (const c of counts) {
    const days = byValue.get(c.value) ?? new Map<string, number>();
    days.set(c.day, c.created);
    byValue.set(c.value, days);
  }
  const names = rule.dimension === 'branch' ? await findDepartmentNames(db, [...byValue.keys()]) : new Map<string, string>();
  const allDays: string[] = [];
  for (let day = baselineStart; day <= windowEnd; day = addDays(day, 1)) allDays.push(day);
  const sumOver = (days: Map<string, number>, from: string, to: string) => allDays.filter((d) => d >= from && d <= to).reduce((s, d) => s + (days.get(d) ?? 0), 0);

  const results: SpikeValueResult[] = [];
  for (const [value, days] of byValue) {
    const baseline: number[] = [];
    for (let week = rule.baselineWeeks; week >= 1; week--) baseline.push(sumOver(days, addDays(windowStart, -7 * week), addDays(windowEnd, -7 * week)));
    const observed = sumOver(days, windowStart, windowEnd);
    const verdict = testSpike(observed, baseline, rule);
    results.push({ value, label: names.get(value) ?? value, baseline, series: allDays.map((day) => ({ day, count: days.get(day) ?? 0 })), ...verdict });
  }
  // The most significant first: the smallest p-value, or the furthest over its threshold.
  results.sort((a, b) => Number(b.significant) - Number(a.significant) || (a.pValue ?? 1) - (b.pValue ?? 1) || b.observed / b.threshold - a.observed / a.threshold || a.value.localeCompare(b.value));
  return { ruleId: rule.id, ruleKey: rule.key, at, windowStart, windowEnd, baselineStart, results };
}

const DIMENSION_WORDS: Record<SpikeRuleRow['dimension'], string> = { category: '类别', product: '产品', branch: '机构', channel: '渠道' };

/**
 * Opens the risk case of one significant result, once: under the rule's lock, a spike already
 * reported for the same rule and value over an overlapping window is answered instead (the same
 * spike seen by another evaluation, process or day). Runs as system:analytics. The evidence holds
 * counts, dates and case numbers, never a case's field values.
 */
export async function openSpikeCase(
  ctx: CommandContext,
  rule: SpikeRuleRow,
  evaluation: SpikeEvaluation,
  result: SpikeValueResult,
  options: { triggeredBy?: string } = {},
): Promise<NonNullable<SpikeValueResult['spike']>> {
  await lockSpikeRuleEvaluation(ctx.tx, rule.key);
  const window = { from: evaluation.windowStart, to: evaluation.windowEnd };
  const existing = await findOverlappingSpike(ctx.tx, { ruleKey: rule.key, dimension: rule.dimension, value: result.value, ...window });
  if (existing) return { id: existing.id, caseId: existing.caseId, caseNumber: existing.caseNumber, opened: false };

  const examples = await findExampleCaseNumbers(ctx.tx, {
    caseTypes: rule.caseTypes,
    dimension: rule.dimension,
    value: result.value,
    from: evaluation.windowStart,
    toExclusive: addDays(evaluation.windowEnd, 1),
    limit: EXAMPLE_CASES,
  });
  const baselineMean = Math.round(result.baselineMean * 100) / 100;
  const pValue = result.pValue === null ? '' : result.pValue.toExponential(2);
  const evidence = {
    ruleKey: rule.key,
    ruleName: rule.name,
    caseTypes: rule.caseTypes,
    dimension: rule.dimension,
    value: result.value,
    label: result.label,
    test: rule.test,
    alpha: rule.test === 'poisson' ? rule.pValue : null,
    ewma: result.ewma ?? null,
    minCount: rule.minCount,
    at: evaluation.at.toISOString(),
    windowStart: evaluation.windowStart,
    windowEnd: evaluation.windowEnd,
    observed: result.observed,
    baseline: result.baseline,
    baselineMean: result.baselineMean,
    threshold: result.threshold,
    pValue: result.pValue,
    series: result.series,
    exampleCaseNumbers: examples,
  };
  const window_ = evaluation.windowStart === evaluation.windowEnd ? evaluation.windowEnd : `${evaluation.windowStart}～${evaluation.windowEnd}`;
  const { case: opened } = await createCase(ctx, {
    type: rule.routeCaseType,
    title: `投诉激增预警：${DIMENSION_WORDS[rule.dimension]} ${result.label}，${window_} 共 ${result.observed} 件（基线 ${baselineMean}）`,
    priority: 'high',
    ...(rule.routeDepartmentId ? { departmentId: rule.routeDepartmentId } : {}),
    ...(rule.routeQueue ? { queue: rule.routeQueue } : {}),
    fields: {
      ruleKey: rule.key,
      dimension: rule.dimension,
      dimensionValue: result.label === result.value ? result.value : `${result.label} (${result.value})`,
      windowStart: evaluation.windowStart,
      windowEnd: evaluation.windowEnd,
      observed: result.observed,
      baselineMean: String(baselineMean),
      threshold: result.threshold,
      pValue,
      exampleCases: examples.join('\n'),
      series: result.series.map((p) => `${p.day} ${p.count}`).join('\n'),
    },
  });
  const id = newId<string>();
  await insertSpike(ctx.tx, {
    id,
    ruleId: rule.id,
    ruleKey: rule.key,
    dimension: rule.dimension,
    dimensionValue: result.value,
    windowStart: evaluation.windowStart,
    windowEnd: evaluation.windowEnd,
    observed: result.observed,
    baselineMean: result.baselineMean,
    threshold: result.threshold,
    pValue: result.pValue,
    evidence,
    caseId: opened.id,
    detectedAt: ctx.now,
  });
  await recordAuditEvent(ctx, {
    action: 'analytics.spike-detected',
    targetType: 'spike',
    targetId: id,
    caseId: opened.id,
    data: {
      ruleId: rule.id,
      ruleKey: rule.key,
      dimension: rule.dimension,
      value: result.value,
      windowStart: evaluation.windowStart,
      windowEnd: evaluation.windowEnd,
      observed: result.observed,
      baselineMean: result.baselineMean,
      threshold: result.threshold,
      pValue: result.pValue,
      exampleCaseNumbers: examples,
      ...(options.triggeredBy ? { triggeredBy: options.triggeredBy } : {}),
    },
  });
  await ctx.publish(
    domainEvent('analytics.spike-detected', 'case', opened.id, {
      spikeId: id,
      ruleId: rule.id,
      dimension: rule.dimension,
      value: result.value,
      windowStart: evaluation.windowStart,
      windowEnd: evaluation.windowEnd,
      observed: result.observed,
      threshold: result.threshold,
      caseId: opened.id,
    }),
  );
  return { id, caseId: opened.id, caseNumber: opened.number, opened: true };
}
