import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, Problem, type FieldError } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed, findUserById } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { taskProblems } from '../tasks/task-problems.ts';
import { findTaskRow, type TaskRow } from '../tasks/task-store.ts';
import { endExternalTask, findExternalTaskForUpdate, insertExternalTask, updateExternalTask, type ExternalTaskFields } from './external-task-store.ts';

// External tasks (issue 15): another system's work for a person, pushed into Docket's to-do list so
// an employee sees the work of every system in one place. The system owns the task: it creates and
// updates it (idempotent by system + externalId), and completes or cancels it; Docket's console
// only links out to it (task actions refuse it: task-commands.ts, 409 task-external).

export interface ExternalTaskInput {
  system: string;
  externalId: string;
  title: string;
  assignee: string;
  link: string;
  dueAt?: string | null;
  caseId?: string | null;
  priority?: number;
  description?: string | null;
}

const DEFAULT_PRIORITY = 50;

/** Only http(s): a `javascript:` or `data:` link would run in the console of whoever opens it. */
function isWebLink(link: string): boolean {
  try {
    const url = new URL(link);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Checks what the schema cannot (a web link, an active user, a case the system may read); 400 naming each field. */
async function validFields(ctx: CommandContext, input: ExternalTaskInput): Promise<ExternalTaskFields> {
  const errors: FieldError[] = [];
  if (!isWebLink(input.link)) errors.push({ field: 'link', reason: 'Must be an http or https URL', code: 'http-url' });
  const user = /^[0-9a-f-]{36}$/i.test(input.assignee) ? await findUserById(ctx.tx, input.assignee) : undefined;
  if (user?.status !== 'active') errors.push({ field: 'assignee', reason: 'Must be the id of an active user', code: 'active-user' });
  if (input.caseId) {
    try {
      await findCaseForActionOrThrow(ctx, input.caseId, 'case:read');
    } catch (error) {
      if (!(error instanceof Problem) || error.status !== 404) throw error;
      errors.push({ field: 'caseId', reason: 'No case with this id that you may read', code: 'unknown-case' });
    }
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  return {
    title: input.title,
    assignee: input.assignee,
    link: input.link,
    dueAt: input.dueAt ? new Date(input.dueAt) : null,
    caseId: input.caseId ?? null,
    priority: input.priority ?? DEFAULT_PRIORITY,
    description: input.description ?? null,
  };
}

/** The fields of the pushed task that differ from what Docket holds (names only: the audit never carries values of them). */
function changedFields(task: TaskRow, fields: ExternalTaskFields): string[] {
  const changed: string[] = [];
  if (task.name !== fields.title) changed.push('title');
  if (task.assignee !== fields.assignee) changed.push('assignee');
  if (task.link !== fields.link) changed.push('link');
  if ((task.dueAt?.getTime() ?? null) !== (fields.dueAt?.getTime() ?? null)) changed.push('dueAt');
  if (task.caseId !== fields.caseId) changed.push('caseId');
  if (task.priority !== fields.priority) changed.push('priority');
  if (task.description !== fields.description) changed.push('description');
  return changed;
}

/**
 * Creates the task the first time a (system, externalId) is pushed (`created` true: 201), updates
 * it after (200), audited once per push that changes something. A pushed task that has ended stays
 * ended (409 task-not-open): reopening work is a new externalId.
 */
export async function pushExternalTask(ctx: CommandContext, input: ExternalTaskInput): Promise<{ task: TaskRow; created: boolean }> {
  assertAllowed(ctx.actor, 'task:external');
  const fields = await validFields(ctx, input);
  const id = newId();
  if (await insertExternalTask(ctx.tx, id, input.system, input.externalId, fields, ctx.now)) {
    await recordAuditEvent(ctx, {
      action: 'process.external-task-created',
      targetType: 'task',
      targetId: id,
      caseId: fields.caseId,
      data: { system: input.system, externalId: input.externalId, assignee: fields.assignee },
    });
    await notifyUsers(ctx, { recipients: [fields.assignee], kind: 'task-assigned', caseId: fields.caseId, taskId: id, params: { system: input.system } });
    return { task: (await findExternalTaskForUpdate(ctx.tx, input.system, input.externalId))!, created: true };
  }
  const task = (await findExternalTaskForUpdate(ctx.tx, input.system, input.externalId))!;
  if (task.state !== 'open') throw taskProblems.notOpen({ detail: `${input.system} task ${input.externalId} is ${task.state}`, state: task.state });
  const changed = changedFields(task, fields);
  if (changed.length === 0) return { task, created: false };
  await updateExternalTask(ctx.tx, task.id, fields);
  await recordAuditEvent(ctx, {
    action: 'process.external-task-updated',
    targetType: 'task',
    targetId: task.id,
    caseId: fields.caseId ?? task.caseId,
    data: { system: input.system, externalId: input.externalId, changed, ...(changed.includes('assignee') ? { previousAssignee: task.assignee, assignee: fields.assignee } : {}) },
  });
  if (changed.includes('assignee')) {
    await notifyUsers(ctx, { recipients: [fields.assignee], kind: 'task-assigned', caseId: fields.caseId, taskId: task.id, params: { system: input.system } });
  }
  return { task: (await findExternalTaskForUpdate(ctx.tx, input.system, input.externalId))!, created: false };
}

/**
 * The system ended its task: completed (by its assignee, in the system) or canceled. Ending an
 * ended task the same way again answers it unchanged (a retried call); the other way, 409.
 */
export async function endPushedTask(ctx: CommandContext, system: string, externalId: string, end: { state: 'completed' | 'canceled'; outcome?: string | null }): Promise<TaskRow> {
  assertAllowed(ctx.actor, 'task:external');
  const task = await findExternalTaskForUpdate(ctx.tx, system, externalId);
  if (!task) throw taskProblems.notFound({ detail: `No ${system} task ${externalId}` });
  if (task.state === end.state) return task;
  if (task.state !== 'open') throw taskProblems.notOpen({ detail: `${system} task ${externalId} is ${task.state}`, state: task.state });
  const outcome = end.state === 'completed' ? (end.outcome ?? null) : null;
  await endExternalTask(ctx.tx, task.id, end.state, { at: ctx.now, by: end.state === 'completed' ? task.assignee : null, outcome });
  await recordAuditEvent(ctx, {
    action: end.state === 'completed' ? 'process.external-task-completed' : 'process.external-task-canceled',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: { system, externalId, assignee: task.assignee, outcome },
  });
  return (await findExternalTaskForUpdate(ctx.tx, system, externalId))!;
}

/** The system of an automation rule's follow-up tasks (modules/automation): no other system works them. */
export const AUTOMATION_TASK_SYSTEM = 'automation';

/**
 * An automation rule's follow-up task has no system outside Docket to complete it, so its assignee
 * completes it from the to-do list (POST /tasks/{id}/complete). Undefined when the task is not
 * such a follow-up (the caller goes on with process tasks); 404 for anyone but its assignee, as
 * for any task one may not see.
 */
export async function completeAutomationFollowUp(ctx: CommandContext, id: string, outcome: string | null): Promise<TaskRow | undefined> {
  const task = await findTaskRow(ctx.tx, id, { forUpdate: true });
  if (task?.kind !== 'external' || task.system !== AUTOMATION_TASK_SYSTEM) return undefined;
  if (task.assignee !== ctx.actor.userId) throw taskProblems.notFound({ detail: `No task ${id}` });
  if (task.state !== 'open') throw taskProblems.notOpen({ detail: `Task ${id} is ${task.state}`, state: task.state });
  await endExternalTask(ctx.tx, task.id, 'completed', { at: ctx.now, by: ctx.actor.userId, outcome });
  await recordAuditEvent(ctx, {
    action: 'process.external-task-completed',
    targetType: 'task',
    targetId: task.id,
    caseId: task.caseId,
    data: { system: task.system, externalId: task.externalId, assignee: task.assignee, outcome, completedBy: 'assignee' },
  });
  return (await findTaskRow(ctx.tx, id))!;
}
