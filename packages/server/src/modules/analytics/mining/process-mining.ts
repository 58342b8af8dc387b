import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { analyticsProblems } from '../problems.ts';
import { type AnalyticsFilter, resolveAnalyticsScope } from '../scope.ts';
import {
  countInstances,
  type DefinitionRow,
  directlyFollows,
  dropMiningTables,
  findDefinition,
  handoffs,
  loadMiningTables,
  type MiningSelection,
  reopenings,
  rewinds,
  stepStats,
  taskTimes,
  variants,
} from './mining-store.ts';
import { checkTrace, compileProcessModel } from './process-model.ts';

/** Variants judged for conformance; the rest (rare, long-tail paths) are counted as unchecked. */
const MAX_VARIANTS_CHECKED = 5000;
/** Variants listed in the answer. */
const MAX_VARIANTS_LISTED = 50;

export type MiningQuery = AnalyticsFilter & { processKey: string; version?: number };

/** The definition named by the query, or 404 (a wrong key is not "no instances"). */
export async function definitionOrThrow(ctx: CommandContext, processKey: string, version: number | undefined): Promise<DefinitionRow> {
  const definition = await findDefinition(ctx.tx, processKey, version);
  if (!definition) {
    throw analyticsProblems.processNotFound({ detail: version === undefined ? `No process with key ${processKey} is deployed` : `Process ${processKey} has no version ${version}` });
  }
  return definition;
}

/**
 * GET /analytics/process-mining: where the process's instances wait, loop and depart from the
 * model, over the instances whose case the reader may see.
 */
export async function analyseProcess(ctx: CommandContext, query: MiningQuery) {
  assertAllowed(ctx.actor, 'analytics:read');
  const scope = await resolveAnalyticsScope(ctx, query);
  const definition = await definitionOrThrow(ctx, query.processKey, query.version);
  const model = compileProcessModel(definition.graph);
  const selection: MiningSelection = { processKey: query.processKey, version: query.version, scope };
  const nameOf = (id: string) => model.steps.get(id)?.name ?? definition.graph.elements[id]?.name ?? null;

  await loadMiningTables(ctx.tx, selection);
  try {
    const instances = await countInstances(ctx.tx);
    const [steps, times, edges, variantResult, handoffRows, rewindRows, reopened] = [
      await stepStats(ctx.tx),
      await taskTimes(ctx.tx, selection),
      await directlyFollows(ctx.tx),
      await variants(ctx.tx, MAX_VARIANTS_CHECKED),
      await handoffs(ctx.tx),
      await rewinds(ctx.tx),
      await reopenings(ctx.tx),
    ];

    const timesOf = new Map(times.map((t) => [t.elementId, t]));
    const stepViews = steps.map((s) => {
      const t = timesOf.get(s.elementId);
      return {
        elementId: s.elementId,
        name: nameOf(s.elementId),
        inModel: model.steps.has(s.elementId),
        executions: s.executions,
        instances: s.instances,
        durationP50: s.durationP50,
        durationP90: s.durationP90,
        waitP50: t?.waitP50 ?? null,
        waitP90: t?.waitP90 ?? null,
        workP50: t?.workP50 ?? null,
        workP90: t?.workP90 ?? null,
        bottleneck: false,
      };
    });
    // The bottleneck: the step whose slowest tenth takes longest (p90 of start → end).
    const slowest = Math.max(...stepViews.map((s) => s.durationP90 ?? -1));
    for (const s of stepViews) s.bottleneck = slowest > 0 && s.durationP90 === slowest;
    stepViews.sort((a, b) => (b.durationP90 ?? -1) - (a.durationP90 ?? -1) || a.elementId.localeCompare(b.elementId));

    // Conformance, per variant (every instance of a variant departs from the model alike).
    const skipped = new Map<string, number>();
    const repeated = new Map<string, { instances: number; extra: number }>();
    const disallowed = new Map<string, { from: string | null; to: string | null; instances: number }>();
    let checked = 0;
    let conforming = 0;
    const variantViews = variantResult.rows.map((v, index) => {
      const running = v.count - v.completed;
      // The completed instances of a variant are judged with its end; the running ones without.
      const done = v.completed > 0 ? checkTrace(model, v.trace, true) : undefined;
      const open = running > 0 ? checkTrace(model, v.trace, false) : undefined;
      for (const [deviations, n] of [
        [done, v.completed],
        [open, running],
      ] as const) {
        if (!deviations || n === 0) continue;
        checked += n;
        if (deviations.skipped.length === 0 && deviations.repeated.length === 0 && deviations.disallowed.length === 0) conforming += n;
        for (const id of deviations.skipped) skipped.set(id, (skipped.get(id) ?? 0) + n);
        for (const r of deviations.repeated) {
          const entry = repeated.get(r.elementId) ?? { instances: 0, extra: 0 };
          entry.instances += n;
          entry.extra += r.extra * n;
          repeated.set(r.elementId, entry);
        }
        for (const d of deviations.disallowed) {
          const key = `${d.from}\u0000${d.to}`;
          const entry = disallowed.get(key) ?? { ...d, instances: 0 };
          entry.instances += n;
          disallowed.set(key, entry);
        }
      }
      const fits = [done, open].every((d) => !d || (d.skipped.length === 0 && d.repeated.length === 0 && d.disallowed.length === 0));
      return {
        rank: index + 1,
        steps: v.trace,
        count: v.count,
        completed: v.completed,
        share: instances.total === 0 ? 0 : v.count / instances.total,
        meanSeconds: v.meanSeconds,
        medianSeconds: v.medianSeconds,
        conforming: fits,
      };
    });

    const repeatedSteps = [...repeated]
      .map(([elementId, r]) => ({ elementId, name: nameOf(elementId), instances: r.instances, extraExecutions: r.extra }))
      .sort((a, b) => b.extraExecutions - a.extraExecutions || a.elementId.localeCompare(b.elementId));
    const returns = rewindRows.filter((r) => r.action === 'return');
    const withdrawals = rewindRows.filter((r) => r.action === 'withdraw');

    const nodeIds = new Set(stepViews.map((s) => s.elementId));
    return {
      processKey: definition.key,
      version: query.version ?? null,
      modelVersion: definition.version,
      name: definition.name,
      from: scope.from,
      to: scope.to,
      instances,
      steps: stepViews,
      map: {
        nodes: [
          { id: '__start__', kind: 'start' as const, name: null, count: instances.total, medianSeconds: null },
          ...stepViews.map((s) => ({ id: s.elementId, kind: 'step' as const, name: s.name, count: s.executions, medianSeconds: s.durationP50 })),
          { id: '__end__', kind: 'end' as const, name: null, count: instances.completed, medianSeconds: null },
        ],
        edges: edges
          .filter((e) => (e.from === null || nodeIds.has(e.from)) && (e.to === null || nodeIds.has(e.to)))
          .map((e) => ({
            from: e.from ?? '__start__',
            to: e.to ?? '__end__',
            count: e.count,
            medianSeconds: e.medianSeconds,
            inModel: e.from === null ? model.first.has(e.to!) : e.to === null ? model.last.has(e.from) : (model.follows.get(e.from)?.has(e.to) ?? false),
          }))
          .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
      },
      variants: variantViews.slice(0, MAX_VARIANTS_LISTED),
      variantCount: variantResult.total,
      handoffs: handoffRows,
      rework: {
        returns: returns.reduce((n, r) => n + r.count, 0),
        withdrawals: withdrawals.reduce((n, r) => n + r.count, 0),
        returnsByStep: returns.map((r) => ({ elementId: r.elementId, name: r.elementId === null ? null : nameOf(r.elementId), count: r.count })).sort((a, b) => b.count - a.count),
        repeatedSteps,
        reopenedCases: reopened.cases,
        reopenings: reopened.reopenings,
      },
      conformance: {
        checkedInstances: checked,
        conformingInstances: conforming,
        uncheckedInstances: instances.total - checked,
        skippedSteps: [...skipped].map(([elementId, n]) => ({ elementId, name: nameOf(elementId), instances: n })).sort((a, b) => b.instances - a.instances || a.elementId.localeCompare(b.elementId)),
        repeatedSteps: repeatedSteps.map(({ elementId, name, instances: n }) => ({ elementId, name, instances: n })),
        disallowedTransitions: [...disallowed.values()].sort((a, b) => b.instances - a.instances || String(a.from).localeCompare(String(b.from))),
      },
    };
  } finally {
    await dropMiningTables(ctx.tx);
  }
}
