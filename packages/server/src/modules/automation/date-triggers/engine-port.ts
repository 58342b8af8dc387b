import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';

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

/** Runs a rule on one subject through the engine (helper D's runRule), in the job's transaction. TEMPORARY until the engine lands: records a bare run. */
export async function runTimeRule(ctx: CommandContext, ruleId: string, subject: TimeRunSubject, trigger: TimeRunTrigger): Promise<void> {
  const version = await ctx.tx.selectFrom('automation.rule').select('current_version').where('id', '=', ruleId).executeTakeFirstOrThrow();
  await ctx.tx
    .insertInto('automation.run')
    .values({
      id: newId(),
      rule_id: ruleId,
      rule_version: version.current_version,
      trigger_kind: trigger.kind,
      trigger_detail: trigger.detail,
      subject_type: subject.type,
      subject_id: subject.id,
      occurrence: trigger.occurrence,
      status: 'succeeded',
      started_at: ctx.now,
      finished_at: ctx.now,
    })
    .execute();
}
