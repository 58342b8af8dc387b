import type { CommandContext, CommandSubscribers } from '../../../platform/commands/index.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { findUserById } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseParties } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { runProcessCommand } from '../commands/run-process-command.ts';
import { findProcessTaskRow, type ProcessTaskRow } from '../tasks/task-store.ts';
import { findActiveOutOfOffice } from './out-of-office-store.ts';
import { recordTaskAction } from './task-action-log.ts';

type Executor = Db | Tx;

/** A delegate who is away too passes the task on, at most this many times. */
export const MAX_OUT_OF_OFFICE_HOPS = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AwayHop {
  from: string;
  to: string;
  ruleId: string;
}

/**
 * Where a task given to `userId` of `processKey` goes at `at`: to the delegate of the person's
 * active rule, and on through delegates who are away too, at most three hops and never back to
 * someone already passed (a cycle stops at the last person before it). Empty: not away.
 */
export async function resolveAwayChain(tx: Executor, userId: string, processKey: string, at: Date): Promise<AwayHop[]> {
  const hops: AwayHop[] = [];
  const passed = new Set([userId]);
  let current = userId;
  while (hops.length < MAX_OUT_OF_OFFICE_HOPS && UUID.test(current)) {
    const rule = await findActiveOutOfOffice(tx, current, processKey, at);
    if (!rule || passed.has(rule.delegateId)) break;
    hops.push({ from: current, to: rule.delegateId, ruleId: rule.id });
    passed.add(rule.delegateId);
    current = rule.delegateId;
  }
  return hops;
}

/**
 * A task just given to someone away goes to their delegate: assignee = the delegate, owner = the
 * away person (the delegate completes it for them; no 委派 round trip, so delegationState stays
 * empty). Recorded as a `delegate` action on behalf of the away person, audited, and the delegate
 * is told (`task-assigned`). Answers the task's holder afterwards. Called when a task is created
 * with an assignee (below) and by whatever gives an open task to a person (转办).
 */
export async function delegateIfAway(
  ctx: CommandContext,
  task: Pick<ProcessTaskRow, 'id' | 'instanceId' | 'elementId' | 'caseId' | 'name' | 'assignee' | 'processKey' | 'state'>,
): Promise<string | null> {
  if (task.state !== 'open' || task.assignee === null) return task.assignee;
  const away = task.assignee;
  const hops = await resolveAwayChain(ctx.tx, away, task.processKey, ctx.now);
  if (hops.length === 0) return away;
  const delegate = hops[hops.length - 1]!.to;
  await runProcessCommand(ctx, {}, (engine) => engine.updateTask({ taskId: task.id, assignee: delegate, owner: away, delegationState: null }));
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'delegate',
    onBehalfOf: away,
    targetUserId: delegate,
    reason: 'out-of-office',
    data: { outOfOffice: true, chain: hops },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-delegated-out-of-office',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: { processInstanceId: task.instanceId, processKey: task.processKey, elementId: task.elementId, forWhom: away, delegateId: delegate, chain: hops },
  });
  const parties = task.caseId ? await findCaseParties(ctx.tx, task.caseId) : undefined;
  const awayName = (await findUserById(ctx.tx, away))?.displayName ?? '';
  await notifyUsers(ctx, {
    recipients: [delegate],
    kind: 'task-assigned',
    caseId: task.caseId,
    taskId: task.id,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId, forName: awayName, ...(parties ? { caseNumber: parties.number } : {}) },
  });
  return delegate;
}

/** A task created with an assignee who is away goes to the delegate in the command that created it. */
export function subscribeOutOfOffice(subscribers: CommandSubscribers): () => void {
  return subscribers.subscribeInTransaction('process.task-created', async (ctx, event) => {
    const assignee = event.payload.assignee;
    if (assignee === null || !UUID.test(assignee)) return;
    const task = await findProcessTaskRow(ctx.tx, event.payload.taskId);
    if (task) await delegateIfAway(ctx, task);
  });
}
