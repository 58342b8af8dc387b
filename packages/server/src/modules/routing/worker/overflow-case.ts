import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { findParentDepartmentId, listRoleHoldersInDepartment } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { applyCaseRouting } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { routeCase } from '../decisions/route-case.ts';
import { findQueue } from '../queues/queue-store.ts';
import { clearOverflow, type OverflowDueCase } from './store.ts';

/** How far up the department tree the queue's supervisors are looked for: sub-branch, branch, head office. */
const MAX_DEPARTMENT_HOPS = 5;
const MAX_RECIPIENTS = 200;

/**
 * A case that waited unassigned past its queue's overflow time moves to the overflow queue, the
 * queue's supervisors are told, and it is routed there. A case assigned, finished or moved to
 * another queue since it started waiting only has its overflow time cleared.
 */
export async function overflowCase(ctx: CommandContext, due: OverflowDueCase): Promise<'overflowed' | 'cleared'> {
  await clearOverflow(ctx.tx, due.caseId, ctx.now);
  if (!due.unfinished || due.assigneeId !== null || !due.queueId || due.queueId !== due.waitedInQueueId) return 'cleared';
  const from = await findQueue(ctx.tx, due.queueId);
  const to = from?.overflowQueueId ? await findQueue(ctx.tx, from.overflowQueueId) : undefined;
  if (!from || !to?.active) return 'cleared';

  await applyCaseRouting(ctx, due.caseId, { queue: to.key });
  await recordAuditEvent(ctx, {
    action: 'routing.overflowed',
    targetType: 'case',
    targetId: due.caseId,
    caseId: due.caseId,
    changes: [{ field: 'queue', before: from.key, after: to.key }],
    data: { from: from.key, to: to.key, overflowAfterSeconds: from.overflowAfterSeconds },
  });
  await ctx.publish(domainEvent('routing.overflowed', 'case', due.caseId, { caseId: due.caseId, fromQueueId: from.id, toQueueId: to.id }));
  await notifyUsers(ctx, {
    recipients: await supervisorsOf(ctx, from.departmentId ?? due.departmentId),
    kind: 'routing-unassigned',
    caseId: due.caseId,
    params: { caseNumber: due.number, queueName: from.name, overflowedTo: to.name },
  });
  await routeCase(ctx, due.caseId, 'overflow', { queueId: to.id });
  return 'overflowed';
}

/** Holders of the role supervisor in the department, or in its nearest ancestor that has any. */
async function supervisorsOf(ctx: CommandContext, departmentId: string | null): Promise<string[]> {
  let department = departmentId;
  for (let hop = 0; department && hop < MAX_DEPARTMENT_HOPS; hop++) {
    const holders = await listRoleHoldersInDepartment(ctx.tx, 'supervisor', department);
    if (holders.length > 0) return holders.slice(0, MAX_RECIPIENTS).map((h) => h.id);
    department = await findParentDepartmentId(ctx.tx, department);
  }
  return [];
}
