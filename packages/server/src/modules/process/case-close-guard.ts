import { sql } from 'kysely';
import type { CommandContext } from '../../platform/commands/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { registerTransitionHook, type StatusTransition, type TransitionVeto } from '../cases/index.ts';
import { runProcessCommand } from './commands/run-process-command.ts';

/**
 * A process may hold its case open: while an instance of the case has the variable
 * `holdCaseOpen` = true, the case cannot be resolved or closed — by the API, the console, a bulk
 * action or another process, since every status change asks the transition hooks. The shipped
 * complaint process sets it when a complaint is only partly resolved or rejected, and clears it
 * when the higher-level review signs off (seed/processes/complaint-handling.bpmn).
 */
export const HOLD_CASE_OPEN_VARIABLE = 'holdCaseOpen';
export const CASE_HELD_OPEN_CODE = 'process-holds-case-open';

export async function vetoWhileProcessHoldsCase(ctx: CommandContext, transition: StatusTransition): Promise<TransitionVeto | undefined> {
  if (transition.to.category !== 'resolved' && transition.to.category !== 'closed') return undefined;
  const holding = await sql<{ processKey: string; name: string | null }>`
    SELECT i.process_key AS "processKey", d.name
      FROM process.instance i JOIN process.definition d ON d.id = i.definition_id
     WHERE i.case_id = ${transition.caseId} AND i.variables -> ${HOLD_CASE_OPEN_VARIABLE} = 'true'::jsonb
     LIMIT 1`.execute(ctx.tx);
  const instance = holding.rows[0];
  if (!instance) return undefined;
  return { code: CASE_HELD_OPEN_CODE, reason: `The process ${instance.name ?? instance.processKey} holds this case open until its review is signed off` };
}

/**
 * A closed case has no work left: its running process instances end with it (terminated, reason
 * `case-closed`, audited), so nobody's to-do list keeps tasks of a case that is over. Resolving is
 * not closing: a complaint's reply and follow-up still run after it is resolved.
 */
export async function endProcessesOfClosedCase(ctx: CommandContext, transition: StatusTransition): Promise<void> {
  if (transition.to.category !== 'closed') return;
  const running = await sql<{ id: string; processKey: string }>`
    SELECT id, process_key AS "processKey" FROM process.instance
     WHERE case_id = ${transition.caseId} AND state IN ('active', 'incident') AND parent_instance_id IS NULL
     ORDER BY started_at`.execute(ctx.tx);
  for (const instance of running.rows) {
    await runProcessCommand(ctx, {}, (engine) => engine.terminateInstance({ instanceId: instance.id, reason: 'case-closed' }));
    await recordAuditEvent(ctx, {
      action: 'process.terminated',
      targetType: 'process-instance',
      targetId: instance.id,
      caseId: transition.caseId,
      reason: 'case-closed',
      data: { processKey: instance.processKey, cause: 'case-closed' },
    });
  }
}

let registrations = 0;
let unregister: (() => void) | undefined;

/**
 * The hook is process-wide (transition hooks are); the seed's runner and each app subscribe process
 * work, so it is registered once and removed when the last of them ends.
 */
export function holdCasesOpenWhileProcessesSaySo(): () => void {
  if (registrations++ === 0) unregister = registerTransitionHook({ name: 'case-processes', before: vetoWhileProcessHoldsCase, after: endProcessesOfClosedCase });
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--registrations === 0) {
      unregister?.();
      unregister = undefined;
    }
  };
}
