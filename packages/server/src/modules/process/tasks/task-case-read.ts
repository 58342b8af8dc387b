import type { CommandContext } from '../../../platform/commands/index.ts';
import { isUuid } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { grantCaseReaders } from '../../cases/index.ts';
import type { TaskRecord } from '../engine/contract.ts';

/**
 * An approver must see what they approve: whoever holds an open task of a case may read the case,
 * with sensitive fields masked — the 抄送 read grant (cases.case_reader) with reason `task`.
 *
 * Called by runProcessCommand with the task records each engine operation saved, so every way a
 * task reaches a person is covered in one place: created with an assignee (a model's assignee, a
 * countersign or 加签 signer, the new task of 退回/撤回), claimed, transferred, delegated, handed on
 * to an out-of-office delegate, given back to its owner. Candidates get nothing until they claim.
 * Idempotent: an existing grant (抄送, an earlier task) is kept as it is; a grant is never taken
 * back (unclaiming or finishing the task leaves it). Each new grant is audited (`case.read-granted`).
 * Assignees that are not user ids (a username, an external id) are ignored.
 */
export async function grantCaseReadToAssignees(ctx: CommandContext, tasks: readonly TaskRecord[]): Promise<void> {
  const seen = new Set<string>();
  for (const task of tasks) {
    if (task.state !== 'open' || task.caseId === null || task.assignee === null || !isUuid(task.assignee)) continue;
    const key = `${task.caseId}:${task.assignee}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const granted = await grantCaseReaders(ctx.tx, { caseId: task.caseId, userIds: [task.assignee], reason: 'task', taskId: task.id, grantedBy: ctx.actor.userId, now: ctx.now });
    if (granted.length === 0) continue;
    await recordAuditEvent(ctx, {
      action: 'case.read-granted',
      targetType: 'case',
      targetId: task.caseId,
      caseId: task.caseId,
      data: { userId: task.assignee, reason: 'task', taskId: task.id, processInstanceId: task.instanceId, elementId: task.elementId },
    });
  }
}
