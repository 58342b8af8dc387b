import type { CommandContext } from '../../../platform/commands/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { assertAllowed, holdsCaseReadGrant, isAllowed } from '../../access/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import type { InstanceRecord } from '../engine/contract.ts';
import { processProblems } from '../problems.ts';

/**
 * Who may read an instance: a holder of process:admin any; a holder of process:read an instance
 * without a case, or one of a case they may read (the cases module's own check). An instance of
 * a case the reader may not see answers 404, as the case would, so ids cannot be probed. A person
 * copied on the case (抄送) reads its instances without process:read.
 */
export async function assertMayReadInstance(ctx: CommandContext, instance: InstanceRecord | undefined, id: string): Promise<InstanceRecord> {
  // A person copied on the case (抄送) reads its instance without process:read: the copy is the grant.
  const copied = instance?.caseId != null && holdsCaseReadGrant(ctx.actor, instance.caseId);
  if (!copied && !isAllowed(ctx.actor, 'process:admin')) assertAllowed(ctx.actor, 'process:read');
  if (!instance || !(await mayReadCaseOf(ctx, instance.caseId, new Map()))) throw processProblems.instanceNotFound({ detail: `No process instance ${id}` });
  return instance;
}

/** Whether the actor may read the case an instance belongs to; `seen` remembers answers within one list. */
export async function mayReadCaseOf(ctx: CommandContext, caseId: string | null, seen: Map<string, boolean>): Promise<boolean> {
  if (caseId === null || isAllowed(ctx.actor, 'process:admin')) return true;
  const known = seen.get(caseId);
  if (known !== undefined) return known;
  let allowed = true;
  try {
    await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  } catch (error) {
    if (!(error instanceof Problem) || error.status !== 404) throw error;
    allowed = false;
  }
  seen.set(caseId, allowed);
  return allowed;
}
