import { sql } from 'kysely';
import type { CommandContext } from '../../platform/commands/index.ts';
import { registerTransitionHook, type StatusTransition, type TransitionVeto } from '../cases/index.ts';

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

let registrations = 0;
let unregister: (() => void) | undefined;

/**
 * The hook is process-wide (transition hooks are); the seed's runner and each app subscribe process
 * work, so it is registered once and removed when the last of them ends.
 */
export function holdCasesOpenWhileProcessesSaySo(): () => void {
  if (registrations++ === 0) unregister = registerTransitionHook({ name: 'process-holds-case-open', before: vetoWhileProcessHoldsCase });
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
