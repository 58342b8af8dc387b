import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { CASE_PRIORITIES, findCaseForActionOrThrow, updateCase, type CasePriority, type CaseRow } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { findProcessTaskRow, runEngineInCommand, startProcessInstance, transferTask, type ProcessTaskRow } from '../../process/index.ts';
import type { SlaAction, SlaTargetKind } from '../model.ts';
import type { FiringKind } from './level-firing.ts';
import { resolveRecipients } from './recipients.ts';
import { actionSavepoint } from './store.ts';

/** The clock whose level fired, as its escalations need it. */
export interface FiredLevel {
  targetId: string;
  caseId: string;
  taskId: string | null;
  key: string;
  targetKind: SlaTargetKind;
  level: number;
  kind: FiringKind;
  /** The clock's due time (an override wins). */
  dueAt: Date | null;
}

// Why the case changed, in every audit event of an escalation's case change.
const reasonOf = (fired: FiredLevel) => `SLA ${fired.key}: ${fired.kind === 'warning' ? 'warning' : fired.kind === 'breach' ? 'breached' : 'still open after its due time'} (level ${fired.level})`;

/**
 * Runs a fired level's actions as `system:sla`, in order, each in a savepoint and audited
 * `sla.escalated` with what it did. A failing action (an unknown queue, a process not deployed, a
 * grant taken away) rolls back alone and is audited with its error: the firing stands, the other
 * actions run.
 */
export async function runEscalations(ctx: CommandContext, fired: FiredLevel, actions: readonly SlaAction[]): Promise<void> {
  for (const action of actions) {
    await actionSavepoint.begin(ctx.tx);
    let result: Record<string, unknown>;
    try {
      result = { ok: true, ...(await runAction(ctx, fired, action)) };
      await actionSavepoint.release(ctx.tx);
    } catch (error) {
      await actionSavepoint.rollback(ctx.tx);
      const problem = error as { type?: string; message?: string; detail?: string };
      result = { ok: false, error: String(problem.detail ?? problem.message ?? error).slice(0, 300), problem: problem.type ?? null };
    }
    await recordAuditEvent(ctx, {
      action: 'sla.escalated',
      targetType: 'case',
      targetId: fired.caseId,
      caseId: fired.caseId,
      reason: reasonOf(fired),
      data: { targetId: fired.targetId, key: fired.key, taskId: fired.taskId, level: fired.level, levelKind: fired.kind, action: action.type, ...result },
    });
  }
}

async function runAction(ctx: CommandContext, fired: FiredLevel, action: SlaAction): Promise<Record<string, unknown>> {
  const current = await findCaseForActionOrThrow(ctx, fired.caseId, 'case:read');
  const task = fired.taskId ? await findProcessTaskRow(ctx.tx, fired.taskId) : undefined;
  switch (action.type) {
    case 'notify': {
      const subject = { assigneeId: task ? task.assignee : current.assigneeId, departmentId: current.departmentId };
      const recipients = [...new Set((await Promise.all(action.recipients.map((r) => resolveRecipients(ctx.tx, r, subject)))).flat())];
      await notifyUsers(ctx, {
        recipients,
        kind: fired.kind === 'warning' ? 'sla-warning' : 'sla-breached',
        caseId: fired.caseId,
        taskId: fired.taskId,
        processInstanceId: task?.instanceId ?? null,
        params: {
          caseNumber: current.number,
          targetKind: fired.targetKind,
          ...(task ? { taskName: task.name ?? task.elementId } : {}),
          ...(fired.dueAt ? { dueAt: fired.dueAt.toISOString() } : {}),
        },
      });
      return { recipients };
    }
    case 'raise-priority': {
      const to = raisedPriority(current.priority, action.to);
      if (to === current.priority) return { from: current.priority, to, changed: false };
      await updateCase(ctx, current.id, current.version, { priority: to, reason: reasonOf(fired) });
      return { from: current.priority, to, changed: true };
    }
    case 'transfer': {
      const changes = {
        ...(action.queue !== undefined ? { queue: action.queue } : {}),
        ...(action.departmentId !== undefined ? { departmentId: action.departmentId } : {}),
        ...(action.unassign ? { assigneeId: null } : {}),
      };
      await updateCase(ctx, current.id, current.version, { ...changes, reason: reasonOf(fired) });
      return { from: { queue: current.queue, departmentId: current.departmentId, assigneeId: current.assigneeId }, to: changes };
    }
    case 'route-to-reviewer': {
      const reviewer = (await resolveRecipients(ctx.tx, action.reviewer, { assigneeId: task ? task.assignee : current.assigneeId, departmentId: current.departmentId }))[0];
      if (!reviewer) throw new Error(`nobody holds ${JSON.stringify(action.reviewer)} for this case`);
      return routeToReviewer(ctx, fired, current, task, reviewer);
    }
    case 'start-process': {
      const started = await startProcessInstance(ctx, {}, { processKey: action.processKey, caseId: current.id, variables: { slaTargetKey: fired.key, slaLevel: fired.level } });
      return { processKey: action.processKey, instanceId: started.id };
    }
    case 'add-tag': {
      if (current.tags.includes(action.tag)) return { tag: action.tag, changed: false };
      await updateCase(ctx, current.id, current.version, { tags: [...current.tags, action.tag], reason: reasonOf(fired) });
      return { tag: action.tag, changed: true };
    }
  }
}

/** A step clock's open task is transferred (转办) to the reviewer; otherwise the case is assigned to them. */
async function routeToReviewer(ctx: CommandContext, fired: FiredLevel, current: CaseRow, task: ProcessTaskRow | undefined, reviewer: string): Promise<Record<string, unknown>> {
  if (task && task.state === 'open') {
    if (task.assignee === reviewer) return { taskId: task.id, to: reviewer, changed: false };
    await transferTask(ctx, runEngineInCommand, task.id, { userId: reviewer, reason: reasonOf(fired) });
    return { taskId: task.id, from: task.assignee, to: reviewer, changed: true };
  }
  if (current.assigneeId === reviewer) return { to: reviewer, changed: false };
  await updateCase(ctx, current.id, current.version, { assigneeId: reviewer, reason: reasonOf(fired) });
  return { from: current.assigneeId, to: reviewer, changed: true };
}

/** One step up, or up to `to`; never down (an agent may already have raised it further). */
export function raisedPriority(current: CasePriority, to: CasePriority | undefined): CasePriority {
  const index = CASE_PRIORITIES.indexOf(current);
  const wanted = to ? CASE_PRIORITIES.indexOf(to) : Math.min(index + 1, CASE_PRIORITIES.length - 1);
  return CASE_PRIORITIES[Math.max(index, wanted)]!;
}
