import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { isAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseParties } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { assertTaskVisible, findTaskCaller } from '../tasks/task-access.ts';
import { taskProblems } from '../tasks/task-problems.ts';
import { findInstanceOrigin, findProcessTaskRow, type ProcessTaskRow } from '../tasks/task-store.ts';
import { TOPIC_GROUP_PREFIX } from '../tasks/task-visibility.ts';
import { extraProblems } from './extra-problems.ts';
import { findLastTaskAction, recordTaskAction } from './task-action-log.ts';

type Executor = Db | Tx;

/**
 * Who may urge (催办) an open task: whoever waits for it — the instance's starter, the case's
 * creator and assignee, whoever completed an earlier task of the instance — and process:admin.
 * The task's own holder and candidates are not among them unless one of those is also true.
 */
export async function mayUrge(ctx: CommandContext, task: ProcessTaskRow): Promise<boolean> {
  if (task.state !== 'open') return false;
  const me = ctx.actor.userId;
  if (isAllowed(ctx.actor, 'process:admin')) return true;
  const origin = await findInstanceOrigin(ctx.tx, task.instanceId);
  if (origin?.startedBy === me) return true;
  const caseId = task.caseId ?? origin?.caseId ?? null;
  if (caseId) {
    const parties = await findCaseParties(ctx.tx, caseId);
    if (parties && (parties.createdBy === me || parties.assigneeId === me)) return true;
  }
  return hasCompletedTaskOf(ctx.tx, task.instanceId, me, task.id);
}

async function hasCompletedTaskOf(tx: Executor, instanceId: string, userId: string, exceptTaskId: string): Promise<boolean> {
  const result = await sql`SELECT 1 FROM process.task WHERE instance_id = ${instanceId}::uuid AND completed_by = ${userId} AND state = 'completed' AND id <> ${exceptTaskId}::uuid LIMIT 1`.execute(tx);
  return result.rows.length > 0;
}

/**
 * Who is urged: the assignee; an unassigned task's candidate users and the active people holding
 * one of its candidate groups (as a member or as a role). An external system's topic has no one.
 */
export async function urgeRecipientsOf(tx: Executor, task: ProcessTaskRow): Promise<string[]> {
  if (task.assignee !== null) return [task.assignee];
  const groups = task.candidateGroups.filter((group) => !group.startsWith(TOPIC_GROUP_PREFIX));
  const result = await sql<{ id: string }>`
    SELECT u.id::text AS id FROM access.user u
     WHERE u.status = 'active' AND u.kind = 'person'
       AND (u.id::text = ANY(${task.candidateUsers}::text[])
         OR u.roles && ${groups}::text[]
         OR EXISTS (SELECT 1 FROM access.group_member m WHERE m.user_id = u.id AND m.group_key = ANY(${groups}::text[])))
     ORDER BY u.id`.execute(tx);
  return result.rows.map((r) => r.id);
}

/**
 * 催办: tells the task's holder (or its candidates) that someone waits for it, at most once per
 * task and urger per `intervalMinutes` (429 urge-too-soon with the seconds left). Recorded in the
 * task's action log and audited; the comment stays in the log, never in the notification.
 */
export async function urgeTask(ctx: CommandContext, id: string, input: { comment?: string | null; intervalMinutes: number }): Promise<void> {
  // Locked: two urges of one task by one person at once must not both pass the interval check.
  const task = await findProcessTaskRow(ctx.tx, id, { forUpdate: true });
  const allowed = task !== undefined && (await mayUrge(ctx, task));
  if (!allowed) {
    // A task the caller may see answers why it is refused; one they may not see does not exist for them.
    const visible = await assertTaskVisible(ctx, task, await findTaskCaller(ctx), id);
    if (visible.state !== 'open') throw taskProblems.notOpen({ detail: `Task ${id} is ${visible.state}`, state: visible.state });
    throw httpProblems.forbidden({ detail: 'Only who waits for this task (its starter, the case’s creator or assignee, an earlier step) or process:admin may urge it' });
  }
  const last = await findLastTaskAction(ctx.tx, task.id, ctx.actor.userId, 'urge');
  const intervalMs = input.intervalMinutes * 60_000;
  if (last && ctx.now.getTime() - last.getTime() < intervalMs) {
    const retryAfter = Math.ceil((last.getTime() + intervalMs - ctx.now.getTime()) / 1000);
    throw extraProblems.urgeTooSoon({ detail: `You may urge this task again in ${retryAfter} seconds`, retryAfter });
  }
  const recipients = (await urgeRecipientsOf(ctx.tx, task)).filter((userId) => userId !== ctx.actor.userId);
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'urge',
    targetUserId: task.assignee,
    comment: input.comment ?? null,
    data: { recipients: recipients.length },
  });
  await recordAuditEvent(ctx, {
    action: 'process.task-urged',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: { processInstanceId: task.instanceId, elementId: task.elementId, recipients },
  });
  const parties = task.caseId ? await findCaseParties(ctx.tx, task.caseId) : undefined;
  await notifyUsers(ctx, {
    recipients,
    kind: 'task-urged',
    caseId: task.caseId,
    taskId: task.id,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId, actorName: ctx.actor.displayName, ...(parties ? { caseNumber: parties.number } : {}) },
  });
}
