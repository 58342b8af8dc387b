import { randomUUID } from 'node:crypto';
import type { CommandRunner } from '../../../platform/commands/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { findSystemActorOrThrow } from '../../access/index.ts';
import { computeSpikeEvaluation, openSpikeCase, type SpikeEvaluation } from './evaluate-spike-rule.ts';
import type { SpikeRuleRow } from './spike-store.ts';

export const SPIKE_DETECTOR_ACTOR = 'system:analytics';

/**
 * Evaluates a rule at `at` and, unless `dryRun`, opens the risk case of each significant value
 * as system:analytics, one transaction per spike: the bank's watch is not limited by the policy of
 * whoever asked, and one failing case does not undo the others.
 */
export async function runSpikeRule(
  deps: { db: Db; commands: CommandRunner },
  rule: SpikeRuleRow,
  at: Date,
  options: { dryRun?: boolean; triggeredBy?: string; requestId?: string } = {},
): Promise<SpikeEvaluation> {
  const evaluation = await computeSpikeEvaluation(deps.db, rule, at);
  if (options.dryRun) return evaluation;
  for (const result of evaluation.results) {
    if (!result.significant) continue;
    // Looked up per spike: a grant taken away applies at once.
    const actor = await findSystemActorOrThrow(deps.db, SPIKE_DETECTOR_ACTOR);
    result.spike = await deps.commands.runCommand({ actor, channel: 'job', requestId: options.requestId ?? `analytics-spike:${randomUUID()}` }, (ctx) =>
      openSpikeCase(ctx, rule, evaluation, result, { triggeredBy: options.triggeredBy }),
    );
  }
  return evaluation;
}
