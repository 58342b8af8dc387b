import type { CommandContext } from '../../../platform/commands/index.ts';
import type { EngineSettings } from '../engine/actions.ts';
import { loadRule, runRule } from '../engine/run-rule.ts';

/** What a time trigger hands the engine: the subject and the occurrence that make the run once-only. */
export interface TimeRunSubject {
  type: 'record' | 'case' | 'none';
  id: string | null;
}
export interface TimeRunTrigger {
  kind: 'date' | 'schedule';
  detail: string;
  occurrence: string;
}

/**
 * Runs a rule on one subject through the engine (part D's runRule), in the job's transaction: the
 * engine checks the condition, the departments and the owner's policy, records the run with its
 * occurrence (once: an occurrence that already ran answers the earlier run) and audits it.
 */
export async function runTimeRule(ctx: CommandContext, ruleId: string, subject: TimeRunSubject, trigger: TimeRunTrigger, settings: EngineSettings = {}): Promise<void> {
  const rule = await loadRule(ctx.tx, ruleId);
  if (!rule?.enabled || rule.deletedAt) return;
  await runRule(ctx, rule, subject, { ...trigger, chain: [] }, settings);
}
