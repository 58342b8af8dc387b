import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { completeStep } from '../approvals/complete-step.ts';
import { assertSeparationOfDuties, loadStepContext } from '../approvals/step-context.ts';
import { recordTaskAction } from '../approvals/task-action-log.ts';
import type { EngineChanges, ProcessEngineApi, TaskRecord } from '../engine/contract.ts';
import { assertTaskVisible, findTaskCaller, mayReadCase } from './task-access.ts';
import { decodeTaskCursor, encodeTaskCursor } from './task-cursor.ts';
import { taskProblems } from './task-problems.ts';
import { completeAutomationFollowUp } from '../external/external-tasks.ts';
import { listTodo } from './todo-commands.ts';
import { withCaseHeadings } from './todo-headings.ts';
import type { TodoFilter, TodoView } from './todo-store.ts';
import { findProcessTaskRow, findTaskRow, isProcessTask, listTaskPage, type ProcessTaskRow, type TaskListState, type TaskRow } from './task-store.ts';
import { mayClaim, mayUnclaim, type TaskActRight, type TaskCaller } from './task-visibility.ts';

/** Runs engine operations inside the command's transaction (the commands layer's runProcessCommand). */
export type RunEngine = <R extends { changes: EngineChanges }>(ctx: CommandContext, fn: (engine: ProcessEngineApi) => Promise<R>, options?: { lockedTasks?: readonly TaskRecord[] }) => Promise<R>;

/** The task as the command left it: the engine's last record of it, else read again. */
export async function taskAfter(ctx: CommandContext, task: ProcessTaskRow, changes: EngineChanges): Promise<ProcessTaskRow> {
  const saved = changes.tasks.findLast((t) => t.id === task.id);
  return saved ? { ...task, ...saved } : (await findProcessTaskRow(ctx.tx, task.id))!;
}

export function recordOf(task: ProcessTaskRow): TaskRecord {
  const { processKey: _processKey, system: _s, externalId: _e, link: _l, description: _d, processName: _n, caseNumber: _cn, caseTitle: _ct, ...record } = task;
  return record;
}

export interface TaskListQuery extends Omit<TodoFilter, 'overdueAt'> {
  /** Absent: open (the default), or the to-do list's todo view when assignee=me. */
  state?: TaskListState;
  /** Issue 15: the caller's to-do list views (todoViewOf). */
  view?: TodoView;
  overdue?: boolean;
  processInstanceId?: string;
  caseId?: string;
  assignee?: 'me';
  candidate?: 'me';
  limit: number;
  cursor?: string;
}

/**
 * Tasks in list order. A caller sees their own tasks (assigned, candidate, completed by them);
 * `caseId=` of a case the caller may read shows every task of that case; process:admin sees all.
 */
export async function listTasks(ctx: CommandContext, query: TaskListQuery): Promise<{ items: TaskRow[]; nextCursor: string | null }> {
  const view = todoViewOf(query);
  if (view) {
    const page = await listTodo(ctx, { ...query, view, overdueAt: query.overdue ? ctx.now : undefined });
    return { items: await withCaseHeadings(ctx, page.items), nextCursor: page.nextCursor };
  }
  const state = query.state ?? 'open';
  const caller = await findTaskCaller(ctx);
  const reader = { userId: caller.userId, candidateKeys: caller.candidateKeys };
  const seesAll = caller.isProcessAdmin || (query.caseId !== undefined && (await mayReadCase(ctx, query.caseId)));
  const rows = await listTaskPage(
    ctx.tx,
    {
      state,
      processInstanceId: query.processInstanceId,
      caseId: query.caseId,
      assignedTo: query.assignee === 'me' ? caller.userId : undefined,
      claimableBy: query.candidate === 'me' ? reader : undefined,
      visibleTo: seesAll ? undefined : reader,
    },
    query.cursor ? decodeTaskCursor(query.cursor) : undefined,
    query.limit + 1,
  );
  const items = rows.slice(0, query.limit);
  return { items: await withCaseHeadings(ctx, items), nextCursor: rows.length > query.limit ? encodeTaskCursor(items[items.length - 1]!) : null };
}

/**
 * Which to-do list view a query asks for: `view=` itself, or todo for `assignee=me` alone (open,
 * no case, instance or candidate narrowing). assignee=me with state=completed|canceled, a caseId
 * or a processInstanceId keeps its issue-14 meaning: the tasks assigned to the caller.
 */
function todoViewOf(query: TaskListQuery): TodoView | undefined {
  if (query.view) return query.view;
  if (query.assignee !== 'me' || query.candidate || query.caseId || query.processInstanceId) return undefined;
  return query.state === undefined || query.state === 'open' ? 'todo' : undefined;
}

export async function readTask(ctx: CommandContext, id: string): Promise<TaskRow> {
  const task = await assertTaskVisible(ctx, await findTaskRow(ctx.tx, id), await findTaskCaller(ctx), id);
  return (await withCaseHeadings(ctx, [task]))[0]!;
}

/** The open task, locked for this command, with the caller's right to act on it; 404 / 409 / 403 otherwise. */
export async function openTaskForAction(ctx: CommandContext, id: string, rightOf: (task: ProcessTaskRow, caller: TaskCaller) => TaskActRight) {
  const caller = await findTaskCaller(ctx);
  const visible = await assertTaskVisible(ctx, await findTaskRow(ctx.tx, id, { forUpdate: true }), caller, id);
  // Another system's task is worked, completed and canceled there (external-tasks.ts), never here.
  if (!isProcessTask(visible)) throw taskProblems.external({ detail: `Task ${id} belongs to ${visible.system}: work it there (${visible.link ?? 'its link'})`, system: visible.system });
  const task = visible;
  if (task.state !== 'open') throw taskProblems.notOpen({ detail: `Task ${id} is ${task.state}`, state: task.state });
  const right = rightOf(task, caller);
  if (!right.allowed) throw httpProblems.forbidden({ detail: right.reason });
  return { task, caller, override: right.override };
}

export async function claimTask(ctx: CommandContext, runEngine: RunEngine, id: string): Promise<TaskRow> {
  const { task, caller, override } = await openTaskForAction(ctx, id, mayClaim);
  if (task.assignee === caller.userId) return task;
  if (task.assignee !== null) throw taskProblems.claimedByAnother({ detail: 'Another person holds this task; they or an administrator must give it back first' });
  // Separation of duties: who may not complete the step may not take it either.
  await assertSeparationOfDuties(ctx, await loadStepContext(ctx, task), task.elementId, caller.userId);
  const { changes } = await runEngine(ctx, (engine) => engine.assignTask({ taskId: task.id, assignee: caller.userId }), { lockedTasks: [recordOf(task)] });
  await recordAuditEvent(ctx, {
    action: 'process.task-claimed',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: { processInstanceId: task.instanceId, elementId: task.elementId, assignee: caller.userId, adminOverride: override },
  });
  await recordTaskAction(ctx, { taskId: task.id, instanceId: task.instanceId, caseId: task.caseId, elementId: task.elementId, action: 'claim', data: { adminOverride: override } });
  return taskAfter(ctx, task, changes);
}

export async function unclaimTask(ctx: CommandContext, runEngine: RunEngine, id: string): Promise<TaskRow> {
  const { task, override } = await openTaskForAction(ctx, id, mayUnclaim);
  if (task.assignee === null) return task;
  const { changes } = await runEngine(ctx, (engine) => engine.assignTask({ taskId: task.id, assignee: null }), { lockedTasks: [recordOf(task)] });
  await recordAuditEvent(ctx, {
    action: 'process.task-unclaimed',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: { processInstanceId: task.instanceId, elementId: task.elementId, previousAssignee: task.assignee, adminOverride: override },
  });
  await recordTaskAction(ctx, {
    taskId: task.id,
    instanceId: task.instanceId,
    caseId: task.caseId,
    elementId: task.elementId,
    action: 'unclaim',
    targetUserId: task.assignee,
    data: { adminOverride: override },
  });
  return taskAfter(ctx, task, changes);
}

export interface CompleteTaskInput {
  variables: Record<string, unknown>;
  outcome?: string | null;
  reason?: string | null;
}

/**
 * Completes a task and runs its process on until every token waits. A candidate of an unclaimed
 * task claims it in the same command; process:admin may complete anyone's task, audited as an
 * override done for the assignee. The approval rules hold here too (approvals/complete-step.ts):
 * delegation, separation of duties, added signers.
 */
export async function completeTask(ctx: CommandContext, runEngine: RunEngine, id: string, input: CompleteTaskInput): Promise<TaskRow> {
  // An automation rule's follow-up (issue 21) lives in Docket only: its assignee completes it here.
  const followUp = await completeAutomationFollowUp(ctx, id, input.outcome ?? null);
  if (followUp) return followUp;
  return completeStep(ctx, runEngine, id, { action: 'complete', outcome: input.outcome ?? null, variables: input.variables, reason: input.reason ?? null });
}
