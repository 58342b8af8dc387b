import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { isUnassignable } from './department-role.ts';
import type { TaskRow } from './task-store.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const TaskView = Type.Object(
  {
    id: Type.String(),
    elementId: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    processInstanceId: Type.Union([Type.String(), Type.Null()], { description: 'null for an external task (another system’s)' }),
    processKey: Type.Union([Type.String(), Type.Null()], { description: 'null for an external task' }),
    caseId: Type.Union([Type.String(), Type.Null()]),
    state: StringEnum(['open', 'completed', 'canceled'] as const),
    assignee: Type.Union([Type.String(), Type.Null()], { description: 'User id of who holds the task; null: any candidate may claim it' }),
    candidateUsers: Type.Array(Type.String()),
    candidateGroups: Type.Array(Type.String(), { description: 'Group or role keys; `topic:<type>` for an external system’s work' }),
    departmentRole: Type.Union([Type.Object({ role: Type.String(), relativeTo: Type.String() }), Type.Null()]),
    unassignable: Type.Boolean({ description: 'A department role was asked for, nobody held it when the task was created, and no one else is named' }),
    priority: Type.Integer(),
    dueAt: Instant,
    createdAt: Type.String({ format: 'date-time' }),
    formKey: Type.Union([Type.String(), Type.Null()]),
    completedAt: Instant,
    completedBy: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.Union([Type.String(), Type.Null()]),
    // Issue 15 (approvals)
    kind: StringEnum(['process', 'signer', 'external'] as const, { description: 'process: a step of the process; signer: a 加签 signer beside its parent task; external: another system’s to-do' }),
    parentTaskId: Type.Union([Type.String(), Type.Null()], { description: 'A signer task’s parent' }),
    signerPosition: Type.Union([StringEnum(['before', 'after', 'alongside'] as const), Type.Null()]),
    owner: Type.Union([Type.String(), Type.Null()], { description: '委派 the delegator (or an absent user) the task belongs to while `assignee` holds it' }),
    delegationState: Type.Union([StringEnum(['pending', 'resolved'] as const), Type.Null()]),
    allowedActions: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'What the caller may do with the task now (approve, reject, complete, return, transfer, delegate, resolve, add-signer, cc, urge, withdraw, claim, unclaim). Given by GET /tasks/{id} and the action answers; lists leave it out (it costs reads per row)',
      }),
    ),
    countersign: Type.Optional(
      Type.Union(
        [
          Type.Object({
            mode: StringEnum(['all', 'any', 'vote'] as const),
            threshold: Type.Union([Type.Number(), Type.Null()]),
            approved: Type.Integer(),
            rejected: Type.Integer(),
            total: Type.Integer(),
          }),
          Type.Null(),
        ],
        { description: 'An inner task of a countersign (会签/或签/票签): the tally so far. Given with allowedActions' },
      ),
    ),
    // Issue 15, the to-do list: where the task comes from, in words a person reads.
    caseNumber: Type.Union([Type.String(), Type.Null()]),
    caseTitle: Type.Union([Type.String(), Type.Null()], { description: 'null when the caller may not read the case; personal data masked as the case view masks it' }),
    processName: Type.Union([Type.String(), Type.Null()]),
    system: Type.Union([Type.String(), Type.Null()], { description: 'External tasks: the system that owns the task and completes it; the console links out to `link`' }),
    externalId: Type.Union([Type.String(), Type.Null()]),
    link: Type.Union([Type.String(), Type.Null()]),
    description: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Task' },
);

export const ListTasksQuery = Type.Object(
  {
    processInstanceId: Type.Optional(Uuid),
    caseId: Type.Optional(Uuid),
    assignee: Type.Optional(
      StringEnum(['me'] as const, {
        description:
          'me: the caller’s to-do list (view=todo): open tasks assigned to the caller, unassigned ones the caller may claim, and external tasks assigned to the caller. With state=completed|canceled, caseId or processInstanceId: the tasks assigned to the caller',
      }),
    ),
    view: Type.Optional(
      StringEnum(['todo', 'done', 'started'] as const, {
        description:
          'The caller’s lists: todo 待办 (default with assignee=me), done 已办 (tasks the caller completed or held when they ended, newest first), started 我发起的 (open tasks of instances the caller started or unfinished cases the caller created)',
      }),
    ),
    processKey: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'To-do views: tasks of this process' })),
    caseType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'To-do views: tasks of cases of this type' })),
    dueBefore: Type.Optional(Type.String({ format: 'date-time', description: 'To-do views: due before this instant' })),
    overdue: Type.Optional(Type.Boolean({ description: 'To-do views: true: due before now' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'To-do views: task name or case number contains it' })),
    kind: Type.Optional(StringEnum(['process', 'external'] as const, { description: 'To-do views: process tasks or external tasks only' })),
    candidate: Type.Optional(StringEnum(['me'] as const, { description: 'me: unclaimed tasks the caller may claim (as a candidate user, or by group or role)' })),
    state: Type.Optional(StringEnum(['open', 'completed', 'canceled'] as const, { description: 'Default: open' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const TaskIdParams = Type.Object({ id: Uuid });

export const CompleteTaskBody = Type.Object(
  {
    variables: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 255 }), Type.Unknown(), { description: 'Set in the process instance when the task completes' })),
    outcome: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: 'A short word for how the task ended: approved, rejected, returned …' })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Why; kept in the audit event' })),
  },
  { additionalProperties: false },
);

export function toTaskView(task: TaskRow) {
  return {
    id: task.id,
    elementId: task.elementId,
    name: task.name,
    processInstanceId: task.instanceId,
    processKey: task.processKey,
    caseId: task.caseId,
    state: task.state,
    assignee: task.assignee,
    candidateUsers: task.candidateUsers,
    candidateGroups: task.candidateGroups,
    departmentRole: task.departmentRole,
    unassignable: isUnassignable(task),
    priority: task.priority,
    dueAt: task.dueAt?.toISOString() ?? null,
    createdAt: task.createdAt.toISOString(),
    formKey: task.formKey,
    completedAt: task.completedAt?.toISOString() ?? null,
    completedBy: task.completedBy,
    outcome: task.outcome,
    kind: task.kind ?? 'process',
    parentTaskId: task.parentTaskId ?? null,
    signerPosition: task.signerPosition ?? null,
    owner: task.owner ?? null,
    delegationState: task.delegationState ?? null,
    caseNumber: task.caseNumber ?? null,
    caseTitle: task.caseTitle ?? null,
    processName: task.processName,
    system: task.system,
    externalId: task.externalId,
    link: task.link,
    description: task.description,
  };
}
